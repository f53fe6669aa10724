// Row 3: a writer's whole life of appends, one event per transaction (as the server writes
// website orders, and a clerk books at the door), against the same events in batches of
// 100. Into a doc with the projection attached, as a server or device holds it. The server
// switches to a fresh clientID every `serverClientRun` appends (sync-server/room.ts); a
// device writes through its own write path (client/device/own-writes.ts), which moves to a
// fresh clientID every CLIENT_ID_RUN events: the bench calls that code, not a copy of its rule.
import * as Y from 'yjs';
import { CLIENT_ID_RUN, OwnWrites } from '../../client/device/own-writes';
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
    const runs = ctx.runs;
    const log = logOf(size);
    const events = [...log.website, ...log.replicated].slice(0, size);
    const server: number[] = [];
    const device: number[] = [];
    const base: number[] = [];
    for (let i = 0; i < runs; i++) {
      base.push(appendAll(events, 100));
      server.push(appendAll(events, 1, DEFAULT_LIMITS.serverClientRun));
      device.push(deviceLife(events));
      ctx.log(`run ${i + 1}: batched ${base.at(-1)!.toFixed(0)} ms, as the server ${server.at(-1)!.toFixed(0)} ms, as a device ${device.at(-1)!.toFixed(0)} ms`);
    }
    return {
      figures: [
        figure({ label: `server's life: ${events.length} appends, clientID switched every ${DEFAULT_LIMITS.serverClientRun}`, value: server, baseline: base, baselineLabel: BASELINE, limit: 2 }),
        figure({ label: `device's life: ${events.length} appends through the device's writer (fresh clientID every ${CLIENT_ID_RUN})`, value: device, baseline: base, baselineLabel: BASELINE, limit: 2 }),
      ],
      notes: [
        `${events.length} events of the generated mix appended to \`replicated\` into a doc with the projection attached; ${runs} runs of each, interleaved`,
        'device: OwnWrites.append, the path every device command takes; like the server figure (no SQLite), it leaves out the per-write clock record in localStorage (client-id.ts)',
      ],
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
  return finish(doc, live, events.length, start);
}

/** ms to append `events` one per transaction through the device's own write path. */
function deviceLife(events: unknown[]): number {
  const doc = new Y.Doc();
  const live = attachProjection(doc);
  const array = doc.getArray<unknown>('replicated');
  const writes = new OwnWrites(doc);
  const start = performance.now();
  for (const event of events) writes.append(array, [event], DEVICE_ORIGIN);
  return finish(doc, live, events.length, start);
}

const DEVICE_ORIGIN = { kind: 'command', deviceId: 'bench', command: 'PlaceOrder' };

function finish(doc: Y.Doc, live: ReturnType<typeof attachProjection>, expected: number, start: number): number {
  const ms = performance.now() - start;
  if (live.projection.size.replicated !== expected) throw new Error('projection out of step');
  live.dispose();
  doc.destroy();
  return ms;
}

const MISSED = {
  why: 'Yjs merges consecutive items of one clientID into one item, and ContentAny.mergeWith does `this.arr = this.arr.concat(right.arr)`: every append copies the writer\'s whole run so far, so n single-event transactions under one clientID cost O(n²) copying. Server (Limits.serverClientRun) and devices (CLIENT_ID_RUN in client/device/own-writes.ts) both move to a fresh clientID every 4,000 appends, which keeps that copying bounded. What is left over the batched baseline is mostly Yjs\'s own per-transaction work, which grows with the clientIDs the doc has had (25 at 100k; 100 with the earlier runs of 1,000): every transaction builds its before and after state vectors over all of them and walks them again to merge (a CPU profile at 100k: ≈1.3 s in getStateVector alone). The projection\'s side is a one-client diff for a local transaction and a Set-free step for one event.',
  close: 'Fewer clientIDs: a longer run per clientID trades the copying for fewer state-vector entries (CPU time at 100k on this machine, noisy: ratio 1.88 at 1,000, 1.62 at 2,000, 1.32 at 4,000); fewer transactions per event where a person\'s action allows it; upstream: make ContentAny.mergeWith append in place.',
};
