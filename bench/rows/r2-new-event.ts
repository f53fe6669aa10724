// Row 2: the cost of keeping the projection in step, per new event and per batch of 1,000,
// against applying the very same Yjs update to the same document with no projection.
import * as Y from 'yjs';
import { attachProjection } from '../../sync-server/shared/doc-projection';
import { figure } from '../harness';
import type { Row } from '../harness';
import { count, docOf, logOf } from '../support/events';

export const row2: Row = {
  id: 2,
  title: 'new events into a big projection',
  async run(ctx) {
    const size = ctx.quick ? 10_000 : 100_000;
    const singles = ctx.quick ? 30 : 200;
    const batches = ctx.runs;
    const full = logOf(size + singles + batches * 1000);
    const tail = full.replicated.splice(full.replicated.length - (singles + batches * 1000));
    const base = Y.encodeStateAsUpdate(docOf(full));
    const one = updatesOf(base, tail.slice(0, singles).map((e) => [e]));
    const thousand = updatesOf(base, chunks(tail.slice(singles), 1000));
    const withProjection = loaded(base);
    const live = attachProjection(withProjection);
    const plain = loaded(base);
    const single = timeBoth(one, withProjection, plain);
    const batch = timeBoth(thousand, withProjection, plain);
    if (live.projection.size.replicated !== plain.getArray('replicated').length) throw new Error('projection out of step');
    live.dispose();
    return {
      figures: [
        figure({ label: 'one event into the projection', value: single.value, baseline: single.base, baselineLabel: 'same Yjs update, no projection', limit: 1.5 }),
        figure({ label: 'batch of 1,000 into the projection', value: batch.value, baseline: batch.base, baselineLabel: 'same Yjs update, no projection', limit: 1.5 }),
      ],
      notes: [
        `${count(full)} events loaded; ${singles} single-event updates and ${batches} updates of 1,000 events from a device, each applied to a doc with the projection attached and to a plain doc, alternating`,
      ],
      missed: MISSED,
    };
  },
};

function loaded(update: Uint8Array): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, update);
  return doc;
}

function chunks<T>(list: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

/** The updates a device sends appending each group in one transaction, in order. */
function updatesOf(base: Uint8Array, groups: unknown[][]): Uint8Array[] {
  const device = loaded(base);
  device.clientID = 0x5eed;
  const updates: Uint8Array[] = [];
  device.on('update', (u: Uint8Array) => updates.push(u));
  for (const group of groups) device.transact(() => device.getArray('replicated').push(group));
  device.destroy();
  return updates;
}

function timeBoth(updates: Uint8Array[], measured: Y.Doc, plain: Y.Doc): { value: number[]; base: number[] } {
  const value: number[] = [];
  const base: number[] = [];
  for (const update of updates) {
    let start = performance.now();
    Y.applyUpdate(plain, update);
    base.push(performance.now() - start);
    start = performance.now();
    Y.applyUpdate(measured, update);
    value.push(performance.now() - start);
  }
  return { value, base };
}


const MISSED = {
  why: 'Each new element is schema-parsed (zod), routed to its order and folded, and the order is re-settled (status, totals, sold counts, conflicts); `afterTransaction` also diffs state vectors and walks from each new item to the end of the array to place it. A bare Yjs apply of the same bytes only decodes and links the items, so the projection adds its whole per-event fold to every apply; at 100k events the batch of 1,000 also pays GC for the parsed copies.',
  close: 'A hand-written validator for the hot event types instead of zod (the parse is the largest single cost of the fold), settling sold counts and conflicts by difference for the touched orders only, and skipping the suffix walk when the new items are the array\'s last (the common append).',
};
