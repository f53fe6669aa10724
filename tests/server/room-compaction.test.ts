// When a room compacts its log (room-compaction.ts): not in the middle of a stream of
// updates, where the compaction's write would hold up the appends behind it, but once the
// room is quiet; on the next turn when the log is twice past due; and before the room is freed.
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { COMPACTION_OVERDUE_FACTOR, RoomCompaction } from '../../sync-server/room-compaction';
import { DocStore } from '../../sync-server/storage/doc-store';
import { MemoryStorageAdapter } from '../../sync-server/storage/memory';
import { SerialQueue } from '../../sync-server/serial-queue';
import { HoldingAdapter } from './storage-wrappers';

const EVERY = 5;

/** A doc and its stored log of `count` one-event updates, as a room holds them. */
async function roomWithLog(count: number, opts: { fid?: string; store?: DocStore; unloadWrites?: SerialQueue } = {}) {
  const fid = opts.fid ?? 'f';
  const store = opts.store ?? new DocStore(new MemoryStorageAdapter(), { compactEvery: EVERY });
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  for (let i = 0; i < count; i++) doc.getArray('replicated').push([{ n: i }]);
  for (const update of updates) await store.appendUpdate(fid, update);
  const errors: unknown[] = [];
  const compaction = new RoomCompaction(fid, doc, store, () => count, (_m, err) => errors.push(err), opts.unloadWrites);
  return { store, doc, compaction, errors };
}

async function until(condition: () => Promise<boolean>): Promise<void> {
  while (!(await condition())) await new Promise((resolve) => setImmediate(resolve));
}

describe('room compaction', () => {
  it('a log that is due is compacted once the room is quiet, not right after the update that made it due', async () => {
    const { store, compaction, errors } = await roomWithLog(EVERY);
    compaction.applied();
    // loadDoc queues behind a compaction already started: there is none yet.
    expect((await store.loadDoc('f')).snapshot).toBeUndefined();
    await until(async () => (await store.loadDoc('f')).snapshot !== undefined);
    expect(await store.loadDoc('f')).toMatchObject({ updates: [], lastSeq: EVERY });
    expect(errors).toEqual([]);
  });

  it('a log twice past due is compacted on the next turn, after the command that applied the update', async () => {
    const { store, compaction } = await roomWithLog(EVERY * COMPACTION_OVERDUE_FACTOR);
    compaction.applied();
    await new Promise((resolve) => setImmediate(resolve)); // queued after the compaction's own turn
    expect((await store.loadDoc('f')).snapshot).toBeDefined();
  });

  it('close runs a compaction that is due, and the snapshot rebuilds the doc', async () => {
    const { store, doc, compaction } = await roomWithLog(EVERY + 1);
    compaction.applied();
    await compaction.close();
    const loaded = await store.loadDoc('f');
    expect(loaded.updates).toEqual([]);
    const again = new Y.Doc();
    Y.applyUpdate(again, loaded.snapshot!);
    expect(again.getArray('replicated').toJSON()).toEqual(doc.getArray('replicated').toJSON());
  });

  it('rooms unloading together store their read models one at a time, each encoded only at its turn', async () => {
    const adapter = new HoldingAdapter(new MemoryStorageAdapter());
    const store = new DocStore(adapter, { compactEvery: EVERY });
    const unloadWrites = new SerialQueue();
    const [f, g] = [await roomWithLog(2, { fid: 'f', store, unloadWrites }), await roomWithLog(3, { fid: 'g', store, unloadWrites })];
    const encoded: string[] = [];
    const model = (fid: string) => () => (encoded.push(fid), new TextEncoder().encode(`model of ${fid}`));
    const held = adapter.holdNextBatch();
    const closing = [f.compaction.close(model('f')), g.compaction.close(model('g'))];
    await held.reached;
    expect(encoded).toEqual(['f']); // g's model is not built while f's write is in flight
    held.release();
    await Promise.all(closing);
    expect(encoded).toEqual(['f', 'g']);
    expect(await store.loadReadModel('f')).toMatchObject({ seq: 2 });
    expect(await store.loadReadModel('g')).toMatchObject({ seq: 3 });
    expect(store.readModelCurrent('g')).toBe(true);
  });

  it('a room whose stored read model is current does not store it again', async () => {
    const { store, compaction } = await roomWithLog(2);
    await compaction.close(() => new TextEncoder().encode('first'));
    let asked = false;
    await compaction.close(() => ((asked = true), new TextEncoder().encode('second')));
    expect(asked).toBe(false);
    expect(new TextDecoder().decode((await store.loadReadModel('f'))!.data)).toBe('first');
  });
});
