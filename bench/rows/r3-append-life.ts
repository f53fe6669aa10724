// Row 3: a writer's whole life of appends, one event per transaction (as the server writes
// website orders and a clerk books at the door), against the same events in batches of 100.
// Both into a doc with the projection attached, from one clientID, as a server or device has.
import * as Y from 'yjs';
import { attachProjection } from '../../sync-server/shared/doc-projection';
import { figure, median } from '../harness';
import type { Row } from '../harness';
import { logOf } from '../support/events';

export const row3: Row = {
  id: 3,
  title: 'a life of appends, one event per transaction',
  async run(ctx) {
    const size = ctx.quick ? 10_000 : 100_000;
    const runs = ctx.quick ? 3 : 3; // each single-transaction run of 100k takes tens of seconds
    const log = logOf(size);
    const events = [...log.website, ...log.replicated].slice(0, size);
    const value: number[] = [];
    const base: number[] = [];
    for (let i = 0; i < runs; i++) {
      base.push(appendAll(events, 100));
      value.push(appendAll(events, 1));
      ctx.log(`run ${i + 1}: one per transaction ${value.at(-1)!.toFixed(0)} ms, batches of 100 ${base.at(-1)!.toFixed(0)} ms`);
    }
    const rotated = appendAll(events, 1, 1000);
    ctx.log(`one per transaction, clientID switched every 1,000: ${rotated.toFixed(0)} ms`);
    const f = figure({ label: `${events.length} appends, one per transaction`, value, baseline: base, baselineLabel: 'same events, batches of 100', limit: 2 });
    return {
      figures: [f],
      notes: [
        `${events.length} events appended to \`replicated\` by one clientID into a doc with the projection attached; ${runs} runs of each, alternating`,
        `the remedy below, tried once in the same run (not what the product does today): one per transaction with the writer switching to a fresh clientID every 1,000 appends took ${rotated.toFixed(0)} ms, ${(rotated / median(base)).toFixed(2)}× the batched baseline`,
      ],
      ...(f.met ? {} : { missed: MISSED }),
    };
  },
};

/** ms to append `events` `per` transaction; with `rotateEvery`, the writer takes a fresh clientID that often. */
function appendAll(events: unknown[], per: number, rotateEvery = 0): number {
  const doc = new Y.Doc();
  const live = attachProjection(doc);
  const array = doc.getArray<unknown>('replicated');
  const start = performance.now();
  for (let i = 0; i < events.length; i += per) {
    if (rotateEvery && i % rotateEvery === 0) doc.clientID = 1_000_000 + i;
    doc.transact(() => array.push(events.slice(i, i + per)));
  }
  const ms = performance.now() - start;
  if (live.projection.size.replicated !== events.length) throw new Error('projection out of step');
  live.dispose();
  doc.destroy();
  return ms;
}

const MISSED = {
  why: 'Yjs merges consecutive items of one clientID into one item, and ContentAny.mergeWith does `this.arr = this.arr.concat(right.arr)`: every append copies the writer\'s whole run so far, so n single-event transactions cost O(n²) copying. Batching hides it (one merge per 100 events).',
  close: 'Bound the run one clientID can grow: a writer switches to a fresh clientID every ~1,000 appends (the server via its client bindings, devices via the clientID pool in client/device/client-id.ts), which caps each copy at 1,000 elements and makes the life linear at the cost of one state-vector entry per 1,000 events; or upstream, make ContentAny.mergeWith append in place.',
};
