// Properties of the projection over generated, realistic logs. fast-check prints the seed
// and the shrunk counterexample when one fails; re-run with { seed, path } to reproduce.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Projection, conflictRef, isOrderEvent, parseLogEntry } from '../../domain';
import type { Conflict, HistoryEntry, LogName, OrderEvent, OrderView } from '../../domain';
import { Random, generateDeviceStreams, generateLog, interleave, scheduleDelivery } from '../support/generator';
import type { Delivery } from '../support/generator';
import { snapshot } from '../support/snapshot';
import { CLERK, CLERK_2, MANAGER, WEBSITE, event, placed } from './fixtures';

const MANAGER_2 = { role: 'manager', userId: 'lea', deviceId: 'lea-phone' } as const;

type Logs = Record<LogName, unknown[]>;

const logArb = fc.record({ seed: fc.integer(), orders: fc.integer({ min: 1, max: 40 }), mix: fc.option(fc.integer()) });

/** The server's replicated log, or (with `mix`) any other interleaving of the devices' streams. */
function logsOf({ seed, orders, mix }: { seed: number; orders: number; mix: number | null }, causal = false, corrections = true): Logs {
  const streams = generateDeviceStreams({ seed, orders, corrections });
  const replicated = mix === null ? streams.replicated : interleave(streams.perDevice, new Random(mix), causal);
  return { website: streams.website, replicated };
}
const scheduleArb = fc.record({
  seed: fc.integer(),
  maxBatch: fc.constantFrom(1, 3, 8, 50),
  disorder: fc.constantFrom(0, 0.1, 0.5, 1),
  replicatedFirst: fc.boolean(),
});
type ScheduleSpec = typeof scheduleArb extends fc.Arbitrary<infer T> ? T : never;

/** A delivery schedule; with replicatedFirst, all website elements arrive after all device ones. */
function schedule(logs: Logs, spec: ScheduleSpec): Delivery[] {
  const random = new Random(spec.seed);
  if (!spec.replicatedFirst) return scheduleDelivery(logs, random, spec.maxBatch, spec.disorder);
  return [
    ...scheduleDelivery({ website: [], replicated: logs.replicated }, random, spec.maxBatch, spec.disorder),
    ...scheduleDelivery({ website: logs.website, replicated: [] }, random, spec.maxBatch, spec.disorder),
  ];
}

/** Feeds a fresh projection, reading it now and then: a read must not disturb later updates. */
function deliver(deliveries: Delivery[], readSeed = 0): Projection {
  const projection = new Projection();
  const random = new Random(readSeed);
  for (const { log, index, values } of deliveries) {
    projection.insert(log, index, values);
    if (random.chance(0.2)) projection.conflicts();
  }
  return projection;
}

describe('Property: refolding equals applying incrementally', () => {
  it('Given marks of handled conflicts among the events, When they arrive in any schedule, Then the same conflicts are marked as by a full fold', () => {
    fc.assert(fc.property(logArb, scheduleArb, (log, spec) => {
      const logs = logsOf(log, false, false); // no marks of the generator's: these are counted below
      const conflicts = Projection.fold(logs.website, logs.replicated).conflicts();
      // Every other conflict marked, some twice (two managers unseen), each mark anywhere in the device log.
      // ...and some of those reopened: which stands depends on fold order alone.
      const marks = conflicts.filter((_, i) => i % 2 === 0).flatMap((conflict, i) => [MANAGER, ...(i % 3 === 0 ? [MANAGER_2] : [])].map((actor, k) =>
        event(i % 4 === 2 && k === 0 ? 'ConflictReopened' : 'ConflictHandled', { conflict: conflictRef(conflict), note: `n${i}.${k}` }, actor, { id: `mark-${i}-${k}` })));
      const random = new Random(spec.seed);
      const replicated = [...logs.replicated];
      for (const mark of marks) replicated.splice(random.int(0, replicated.length), 0, mark);
      const marked = { website: logs.website, replicated };
      const folded = Projection.fold(marked.website, marked.replicated);
      expect(folded.conflicts().filter((c) => c.handled || c.reopened).length).toBe(Math.ceil(conflicts.length / 2));
      expect(deliver(schedule(marked, spec), spec.seed).conflicts()).toEqual(folded.conflicts());
    }), { numRuns: 100 });
  });

  it('Given generated logs, When their elements arrive in any schedule, Then the snapshot equals a full fold', () => {
    fc.assert(fc.property(logArb, scheduleArb, (log, spec) => {
      const logs = logsOf(log);
      const folded = Projection.fold(logs.website, logs.replicated);
      expect(snapshot(deliver(schedule(logs, spec), spec.seed))).toEqual(snapshot(folded));
    }), { numRuns: 150 });
  });

  it('Given the same logs, When two replicas receive them in different schedules, Then their snapshots are equal', () => {
    fc.assert(fc.property(logArb, scheduleArb, scheduleArb, (log, one, other) => {
      const logs = logsOf(log);
      expect(snapshot(deliver(schedule(logs, one)))).toEqual(snapshot(deliver(schedule(logs, other))));
    }), { numRuns: 100 });
  });
});

describe('Property: invariants over any interleaving of device streams', () => {
  const arb = fc.record({ seed: fc.integer(), orders: fc.integer({ min: 1, max: 60 }), mix: fc.integer() });

  it('Given device streams interleaved in any way, When folded, Then every order, item and element adds up', () => {
    fc.assert(fc.property(arb, ({ seed, orders, mix }) => {
      const streams = generateDeviceStreams({ seed, orders, faults: 0.05, corrections: true });
      const replicated = interleave(streams.perDevice, new Random(mix));
      const projection = Projection.fold(streams.website, replicated);
      for (const order of projection.orders()) expectOrderAddsUp(order, projection.history(order.orderId));
      expectStockAddsUp(projection);
      expectConflictsMatchTotals(projection);
      expectEveryElementAccountedFor(projection, { website: streams.website, replicated });
    }), { numRuns: 100 });
  });
});

function expectOrderAddsUp(order: OrderView, history: HistoryEntry[]): void {
  expect(order.totalCents).toBe(sum(order.lines.map((l) => l.quantity * l.unitPriceCents)));
  expect(order.paidCents).toBe(sum(order.payments.map((p) => p.amountCents)));
  for (const line of order.lines) expect(line.quantity).toBeGreaterThan(0);
  for (const payment of order.payments) expect(payment.amountCents).not.toBe(0); // negative: a refund
  expect(new Set(order.payments.map((p) => p.paymentId)).size).toBe(order.payments.length);
  expect(order.status).toBe(expectedStatus(order));
  expect(history[0]?.type).toBe('OrderPlaced');
  expect(order.lastEventId).toBe(history[history.length - 1]?.eventId);
}

function expectedStatus(order: OrderView): OrderView['status'] {
  if (order.cancelled) return 'cancelled';
  if (order.checkedIn) return 'checked_in';
  return order.totalCents > 0 && order.paidCents >= order.totalCents ? 'paid' : 'placed';
}

/** Units sold are recounted here from the orders, independently of the projection's running sums. */
function expectStockAddsUp(projection: Projection): void {
  const active = projection.orders().filter((o) => !o.cancelled);
  for (const item of projection.items()) {
    const sold = sum(active.flatMap((o) => o.lines.filter((l) => l.itemId === item.itemId).map((l) => l.quantity)));
    expect(item.sold, item.itemId).toBe(sold);
    expect(item.available, item.itemId).toBe(item.stock === null ? null : Math.max(0, item.stock - sold));
  }
}

function expectConflictsMatchTotals(projection: Projection): void {
  const conflicts = projection.conflicts();
  const oversold = projection.items().filter((i) => i.stock !== null && i.sold > i.stock).map((i) => i.itemId);
  expect(ofKind(conflicts, 'oversold').map((c) => c.itemId).sort()).toEqual(oversold.sort());
  const overpaid = projection.orders().filter((o) => o.paidCents > (o.cancelled ? 0 : o.totalCents)).map((o) => o.orderId);
  expect(ofKind(conflicts, 'overpaid').map((c) => c.orderId).sort()).toEqual(overpaid.sort());
}

/** Applied (in a history, or a catalog event), named in a conflict, or rejected: nothing lost, nothing twice. */
function expectEveryElementAccountedFor(projection: Projection, logs: Logs): void {
  const applied = projection.orders().flatMap((o) => projection.history(o.orderId).map((h) => h.eventId));
  expect(new Set(applied).size).toBe(applied.length);
  const named = new Set(projection.conflicts().flatMap((c) => c.eventIds));
  const valid = new Set<string>();
  let unusable = 0;
  for (const log of ['website', 'replicated'] as const) {
    for (const value of logs[log]) {
      const parsed = parseLogEntry(log, value);
      if (!parsed.ok || valid.has(parsed.event.id)) { unusable++; continue; } // malformed, or a copy
      valid.add(parsed.event.id);
      const { event } = parsed;
      if (isOrderEvent(event)) expect(applied.includes(event.id) || named.has(event.id), event.id).toBe(true);
    }
  }
  for (const id of applied) expect(valid.has(id), id).toBe(true);
  expect(projection.rejected()).toHaveLength(unusable);
}

describe('Property: conflicts follow the after chains', () => {
  it('Given a log in causal order, When folded, Then no conflict calls two events concurrent where one had seen the other', () => {
    fc.assert(fc.property(logArb, (log) => {
      const logs = logsOf(log, true); // as in a Yjs array: an element comes after what its writer had seen
      const saw = sawOracle(logs);
      for (const c of Projection.fold(logs.website, logs.replicated).conflicts()) {
        if ((c.kind !== 'overruled' && c.kind !== 'concurrent_edit') || c.orderId === undefined) continue;
        const [a = '', b = ''] = c.eventIds;
        expect(saw(c.orderId, a, b) || saw(c.orderId, b, a), `${c.kind} ${a} ${b}: ${c.message}`).toBe(false);
      }
    }), { numRuns: 150 });
  });

  it('Given a customer cancels online after the manager\'s edits reached the server, When folded, Then the earlier edit does not revive the order', () => {
    const place = placed('w-1', WEBSITE, 2, { id: 'P' });
    const lines = event('OrderLinesChanged', { orderId: 'w-1', lines: [{ itemId: 'waffle', quantity: 3, unitPriceCents: 350 }] }, MANAGER, { id: 'M1', after: 'P' });
    const customer = event('CustomerChanged', { orderId: 'w-1', customer: { name: 'Eva' } }, MANAGER, { id: 'M2', after: 'P' });
    const cancel = event('OrderCancelled', { orderId: 'w-1' }, WEBSITE, { id: 'Z', after: 'M2' }); // the server's newest foreign event
    const projection = Projection.fold([place, cancel], [lines, customer]);
    expect(projection.order('w-1')?.status).toBe('cancelled');
    expect(projection.conflicts()).toEqual([]);
  });
});

/** saw(orderId, a, b): b's writer had seen a, by the contract's rule, recomputed from the logs with no memo. */
function sawOracle(logs: Logs): (orderId: string, a: string, b: string) => boolean {
  const byOrder = new Map<string, OrderEvent[]>();
  for (const log of ['website', 'replicated'] as const) {
    for (const value of logs[log]) {
      const parsed = parseLogEntry(log, value);
      if (!parsed.ok || !isOrderEvent(parsed.event)) continue;
      const { event: e } = parsed;
      const events = byOrder.get(e.data.orderId) ?? [];
      if (!events.some((known) => known.id === e.id)) events.push(e);
      byOrder.set(e.data.orderId, events);
    }
  }
  return (orderId, a, b) => reaches(byOrder.get(orderId) ?? [], b, a);
}

/** Whether `to` is among what `from`'s writer had seen: its after, its device's earlier events, and theirs in turn. */
function reaches(events: OrderEvent[], from: string, to: string): boolean {
  const stack = [from];
  const visited = new Set<string>();
  while (stack.length > 0) {
    const id = stack.pop()!;
    const index = events.findIndex((e) => e.id === id);
    const current = events[index];
    if (visited.has(id) || !current) continue;
    visited.add(id);
    const direct = events.slice(0, index).filter((e) => e.actor.deviceId === current.actor.deviceId).map((e) => e.id);
    if (current.after !== undefined) direct.push(current.after);
    if (direct.includes(to)) return true;
    stack.push(...direct);
  }
  return false;
}

describe('Property: a device event overrules a website cancellation it had not seen', () => {
  const arb = fc.record({
    seed: fc.integer(),
    reviver: fc.constantFrom('OrderCheckedIn', 'PaymentRecorded', 'OrderLinesChanged'),
    managerFirst: fc.boolean(), // a manager's edit the customer had seen before cancelling
    chain: fc.integer({ min: 0, max: 3 }), // device events between what the reviver saw and it
    spots: fc.array(fc.nat(), { minLength: 8, maxLength: 8 }),
  });
  type Case = typeof arb extends fc.Arbitrary<infer T> ? T : never;

  /** The order's events, spread over a generated log at random spots that keep their own order. */
  function scenario(c: Case, sawCancel: boolean) {
    const place = placed('x-1', WEBSITE, 2, { id: 'x-place' });
    const edit = event('CustomerChanged', { orderId: 'x-1', customer: { name: 'Eva' } }, MANAGER, { id: 'x-edit', after: place.id });
    const before = c.managerFirst ? edit.id : place.id;
    const cancel = event('OrderCancelled', { orderId: 'x-1' }, WEBSITE, { id: 'x-cancel', after: before });
    let seen = sawCancel ? cancel.id : before;
    const chain = Array.from({ length: c.chain }, (_, i) => {
      const link = event('CustomerChanged', { orderId: 'x-1', customer: { name: `Eva ${i}` } }, i % 2 ? MANAGER : CLERK, { id: `x-link-${i}`, after: seen });
      seen = link.id;
      return link;
    });
    const reviver = reviverEvent(c.reviver, seen);
    const logs = generateLog({ seed: c.seed, orders: 8 });
    const spots = [...c.spots];
    return {
      cancel, reviver,
      website: spread(logs.website, [place, cancel], spots),
      replicated: spread(logs.replicated, [...(c.managerFirst ? [edit] : []), ...chain, reviver], spots),
    };
  }

  it('Given a website cancellation, When a device that had not seen it checks in, pays or changes lines, Then the order stands and an overruled conflict names both', () => {
    fc.assert(fc.property(arb, (c) => {
      const { cancel, reviver, website, replicated } = scenario(c, false);
      const projection = Projection.fold(website, replicated);
      expect(projection.order('x-1')?.status).not.toBe('cancelled');
      expect(ofKind(projection.conflicts(), 'overruled').filter((k) => k.orderId === 'x-1').map((k) => k.eventIds))
        .toEqual([[cancel.id, reviver.id]]);
    }), { numRuns: 100 });
  });

  it('Given a website cancellation, When a device whose after chain reaches it acts on the order, Then the order stays cancelled', () => {
    fc.assert(fc.property(arb, (c) => {
      const { reviver, website, replicated } = scenario(c, true);
      const projection = Projection.fold(website, replicated);
      expect(projection.order('x-1')?.status).toBe('cancelled');
      expect(projection.conflicts().filter((k) => k.kind === 'overruled' && k.eventIds.includes(reviver.id))).toEqual([]);
    }), { numRuns: 100 });
  });
});

function reviverEvent(type: string, after: string) {
  const options = { id: 'x-revive', after };
  if (type === 'OrderCheckedIn') return event('OrderCheckedIn', { orderId: 'x-1' }, CLERK_2, options);
  if (type === 'PaymentRecorded') {
    return event('PaymentRecorded', { orderId: 'x-1', paymentId: 'x-pay', amountCents: 700, method: 'cash' }, CLERK_2, options);
  }
  return event('OrderLinesChanged', { orderId: 'x-1', lines: [{ itemId: 'waffle', quantity: 3, unitPriceCents: 350 }] }, CLERK_2, options);
}

/** Inserts `extra` into `log` at ascending positions taken from `spots`, so `extra` keeps its order. */
function spread(log: unknown[], extra: unknown[], spots: number[]): unknown[] {
  const out = [...log];
  let from = 0;
  for (const value of extra) {
    const at = from + ((spots.shift() ?? 0) % (out.length - from + 1));
    out.splice(at, 0, value);
    from = at + 1;
  }
  return out;
}

describe('The generator', () => {
  it('Given the same options, When generating twice, Then the logs are identical', () => {
    expect(generateDeviceStreams({ seed: 42, orders: 50 })).toEqual(generateDeviceStreams({ seed: 42, orders: 50 }));
  });

  it('Given a few seeds, When folding their logs, Then every kind of conflict and rejection really occurs', () => {
    const kinds = new Set<string>();
    let rejected = 0;
    for (let seed = 1; seed <= 12; seed++) {
      const logs = generateLog({ seed, orders: 80 });
      const projection = Projection.fold(logs.website, logs.replicated);
      for (const c of projection.conflicts()) kinds.add(c.kind);
      rejected += projection.rejected().length;
    }
    expect([...kinds].sort()).toEqual(['concurrent_edit', 'duplicate', 'orphan', 'overpaid', 'overruled', 'oversold']);
    expect(rejected).toBeGreaterThan(0);
  });

  it('Given corrections, When generating, Then mistakes are put right in every way the apps offer', () => {
    const types = new Set<string>();
    const marks = new Set<string>();
    for (let seed = 1; seed <= 4; seed++) {
      const logs = generateLog({ seed, orders: 400, corrections: true });
      for (const e of logs.replicated as { type?: string; data?: { amountCents?: number } }[]) {
        types.add(e?.type === 'PaymentRecorded' && (e.data?.amountCents ?? 0) < 0 ? 'refund' : String(e?.type));
      }
      for (const c of Projection.fold(logs.website, logs.replicated).conflicts()) if (c.handled ?? c.reopened) marks.add(c.handled ? 'handled' : 'reopened');
    }
    expect([...types]).toEqual(expect.arrayContaining(['refund', 'PaymentVoided', 'CheckInUndone', 'ConflictHandled', 'ConflictReopened']));
    expect(marks).toContain('handled');
  });
});

function ofKind(conflicts: Conflict[], kind: Conflict['kind']): Conflict[] {
  return conflicts.filter((c) => c.kind === kind);
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
