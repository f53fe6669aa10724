// Several replicas (server, manager, clerks) receive the same final logs (with mistakes put
// right: undone payments and check-ins, refunds, conflicts marked handled), each in its own
// seeded order, the way Yjs hands them over: runs of elements, some arriving late and landing
// before elements already there. They must all end on the same snapshot, and at every
// moment show exactly what a full fold of what they have so far would show.
// fast-check prints the failing seed; re-run with { seed, path } to reproduce.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Projection } from '../../domain';
import type { LogName } from '../../domain';
import { Random, generateLog, scheduleDelivery } from '../support/generator';
import type { Delivery } from '../support/generator';
import { snapshot } from '../support/snapshot';
import type { Snapshot } from '../support/snapshot';

type Logs = Record<LogName, unknown[]>;

/** One replica's network: its own batch size and share of late arrivals. */
function replicaSchedule(logs: Logs, random: Random): Delivery[] {
  const maxBatch = random.pick([1, 2, 5, 20, 100]);
  const disorder = random.pick([0, 0.05, 0.3, 1]);
  return scheduleDelivery(logs, random, maxBatch, disorder);
}

/** What a replica holds after some deliveries: the final logs, less what has not arrived. */
class Received {
  private readonly has: Record<LogName, boolean[]>;
  constructor(private readonly logs: Logs) {
    this.has = { website: logs.website.map(() => false), replicated: logs.replicated.map(() => false) };
  }
  add({ log, from, values }: Delivery): void {
    for (let k = 0; k < values.length; k++) this.has[log][from + k] = true;
  }
  fold(): Projection {
    const held = (log: LogName) => this.logs[log].filter((_, i) => this.has[log][i]);
    return Projection.fold(held('website'), held('replicated'));
  }
}

/** Runs one replica to the end, checking it against a fold of what it holds at a few moments. */
function runReplica(logs: Logs, random: Random, checkpoints: number): Snapshot {
  const deliveries = replicaSchedule(logs, random);
  const checkAt = new Set(Array.from({ length: checkpoints }, () => random.int(0, deliveries.length - 1)));
  const replica = new Projection();
  const received = new Received(logs);
  deliveries.forEach((delivery, step) => {
    replica.insert(delivery.log, delivery.index, delivery.values);
    received.add(delivery);
    if (checkAt.has(step)) expect(snapshot(replica), `after delivery ${step}`).toEqual(snapshot(received.fold()));
  });
  return snapshot(replica);
}

describe('Simulation: replicas converge whatever order the logs reach them in', () => {
  it('Given several replicas fed in different seeded orders, When everything has arrived, Then all snapshots are identical to a full fold', () => {
    fc.assert(fc.property(fc.integer(), fc.integer({ min: 2, max: 5 }), (seed, replicas) => {
      const logs = generateLog({ seed, orders: 60, corrections: true });
      const expected = snapshot(Projection.fold(logs.website, logs.replicated));
      const random = new Random(seed ^ 0x5eed);
      for (let r = 0; r < replicas; r++) expect(runReplica(logs, random, 3), `replica ${r}`).toEqual(expected);
    }), { numRuns: 30 });
  });

  it('Given a busy evening of 1,500 orders, When four replicas receive it in different orders, Then they converge', () => {
    const logs = generateLog({ seed: 20261125, orders: 1_500, corrections: true });
    const expected = snapshot(Projection.fold(logs.website, logs.replicated));
    const random = new Random(7);
    for (let r = 0; r < 4; r++) expect(runReplica(logs, random, 1), `replica ${r}`).toEqual(expected);
  });
});
