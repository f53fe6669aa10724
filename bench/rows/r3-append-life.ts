// Row 3: a writer's whole life of appends, one event per transaction (as the server writes
// website orders, and a clerk books at the door), against the same events in batches of
// 100. Into a doc with the projection attached, as a server or device holds it. The server
// switches to a fresh clientID every `serverClientRun` appends (sync-server/room.ts); a
// device keeps its one clientID, so it is measured both ways.
import * as Y from 'yjs';
import { DEFAULT_LIMITS } from '../../sync-server/shared/protocol';
import { attachProjection } from '../../sync-server/shared/doc-projection';
import { figure } from '../harness';
import type { Row } from '../harness';
import { logOf } from '../support/events';

const BASELINE = 'same events, batches of 100';

export const row3: Row = {
  id: 3,
  title: 'a life of appends, one event per transaction',
  async run(ctx) {
    const size = ctx.quick ? 10_000 : 100_000;
    const runs = 3; // a single-clientID life of 100k takes tens of seconds per run
    const log = logOf(size);
    const events = [...log.website, ...log.replicated].slice(0, size);
    const server: number[] = [];
    const device: number[] = [];
    const base: number[] = [];
    for (let i = 0; i < runs; i++) {
      base.push(appendAll(events, 100));
      server.push(appendAll(events, 1, DEFAULT_LIMITS.serverClientRun));
      device.push(appendAll(events, 1));
      ctx.log(`run ${i + 1}: batched ${base.at(-1)!.toFixed(0)} ms, as the server ${server.at(-1)!.toFixed(0)} ms, one clientID ${device.at(-1)!.toFixed(0)} ms`);
    }
    return {
      figures: [
        figure({ label: `server's life: ${events.length} appends, clientID switched every ${DEFAULT_LIMITS.serverClientRun}`, value: server, baseline: base, baselineLabel: BASELINE, limit: 2 }),
        figure({ label: `device's life: ${events.length} appends under one clientID`, value: device, baseline: base, baselineLabel: BASELINE, limit: 2 }),
      ],
      notes: [`${events.length} events of the generated mix appended to \`replicated\` into a doc with the projection attached; ${runs} runs of each, interleaved`],
      missed: MISSED,
    };
  },
};

/** ms to append `events`, `per` transaction; with `run`, the writer takes a fresh clientID that often. */
function appendAll(events: unknown[], per: number, run = 0): number {
  const doc = new Y.Doc();
  const live = attachProjection(doc);
  const array = doc.getArray<unknown>('replicated');
  const start = performance.now();
  for (let i = 0; i < events.length; i += per) {
    if (run && i % run === 0) doc.clientID = 1_000_000 + i;
    doc.transact(() => array.push(events.slice(i, i + per)));
  }
  const ms = performance.now() - start;
  if (live.projection.size.replicated !== events.length) throw new Error('projection out of step');
  live.dispose();
  doc.destroy();
  return ms;
}

const MISSED = {
  why: 'Yjs merges consecutive items of one clientID into one item, and ContentAny.mergeWith does `this.arr = this.arr.concat(right.arr)`: every append copies the writer\'s whole run so far, so n single-event transactions under one clientID cost O(n²) copying. Batching hides it (one merge per 100 events). The server now switches clientID every 1,000 appends (Limits.serverClientRun in sync-server/shared/protocol.ts, each new id bound to the server), which makes its life linear; devices do not yet.',
  close: 'Devices: switch to a fresh clientID every ~1,000 own appends too, through the clientID pool in client/device/client-id.ts (which already reuses ids across page loads to keep the state vector small; a switch adds one entry per 1,000 events). Upstream: make ContentAny.mergeWith append in place.',
};
