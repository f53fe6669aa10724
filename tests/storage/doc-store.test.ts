import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DocCorruptError, DocStore, snapshotKey, updateKey } from '../../sync-server/storage/doc-store.js';
import { COMPACTION_COUNT_CAP } from '../../sync-server/storage/compaction-policy.js';
import { FaultyStorageAdapter, InjectedFaultError } from '../../sync-server/storage/faulty.js';
import { MemoryStorageAdapter } from '../../sync-server/storage/memory.js';
import { SqliteStorageAdapter } from '../../sync-server/storage/sqlite.js';

const u = (...values: number[]) => new Uint8Array(values);

/** A Y.Doc whose every change is captured as the update a client would send. */
function yClient() {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  return { doc, updates, items: doc.getArray<string>('orders') };
}

function rebuild(loaded: { snapshot?: Uint8Array; updates: Uint8Array[] }): string[] {
  const doc = new Y.Doc();
  if (loaded.snapshot) Y.applyUpdate(doc, loaded.snapshot);
  for (const update of loaded.updates) Y.applyUpdate(doc, update);
  return doc.getArray<string>('orders').toArray();
}

describe('DocStore: the update log', () => {
  it('numbers updates 1, 2, 3 and loads them in order', async () => {
    const store = new DocStore(new MemoryStorageAdapter());
    expect(await store.appendUpdate('f1', u(1))).toBe(1);
    expect(await store.appendUpdate('f1', u(2))).toBe(2);
    expect(await store.appendUpdate('f2', u(9))).toBe(1);
    expect(await store.loadDoc('f1')).toEqual({ updates: [u(1), u(2)], lastSeq: 2 });
  });

  it('loads an unknown doc as empty', async () => {
    expect(await new DocStore(new MemoryStorageAdapter()).loadDoc('nope')).toEqual({ updates: [], lastSeq: 0 });
  });

  it('gives concurrent appends distinct increasing numbers, stored in that order', async () => {
    const store = new DocStore(new MemoryStorageAdapter());
    const seqs = await Promise.all(Array.from({ length: 50 }, (_, i) => store.appendUpdate('f', u(i))));
    expect(seqs).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    const { updates } = await store.loadDoc('f');
    expect(updates.map((x) => x[0])).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  it('continues the numbering after a restart (new DocStore on the same storage)', async () => {
    const adapter = new MemoryStorageAdapter();
    await new DocStore(adapter).appendUpdate('f', u(1));
    await new DocStore(adapter).appendUpdate('f', u(2));
    expect(await new DocStore(adapter).appendUpdate('f', u(3))).toBe(3);
  });

  it('does not consume a number when the batch fails', async () => {
    const adapter = new FaultyStorageAdapter(new MemoryStorageAdapter());
    const store = new DocStore(adapter);
    await store.appendUpdate('f', u(1));
    adapter.failWrite(1);
    await expect(store.appendUpdate('f', u(2))).rejects.toBeInstanceOf(InjectedFaultError);
    expect(await store.appendUpdate('f', u(3))).toBe(2);
    expect((await store.loadDoc('f')).updates).toEqual([u(1), u(3)]);
  });

  it('stores extraOps in the same atomic batch', async () => {
    const adapter = new MemoryStorageAdapter();
    const store = new DocStore(adapter);
    await store.appendUpdate('f', u(1), [{ op: 'save', key: ['receipt', 'f', 'o1'], data: u(7) }]);
    expect(await adapter.load(['receipt', 'f', 'o1'])).toEqual(u(7));
    const bad = store.appendUpdate('f', u(2), [{ op: 'save', key: ['receipt', ''], data: u(8) }]);
    await expect(bad).rejects.toThrow(/key/);
    expect(await store.loadDoc('f')).toEqual({ updates: [u(1)], lastSeq: 1 });
  });

  it("refuses extraOps that write the doc log's own keys", async () => {
    const store = new DocStore(new MemoryStorageAdapter());
    const op = { op: 'remove', key: updateKey('f', 1) } as const;
    await expect(store.appendUpdate('f', u(1), [op])).rejects.toThrow(/namespace 'doc'/);
  });

  it('rejects an invalid doc name', async () => {
    await expect(new DocStore(new MemoryStorageAdapter()).appendUpdate('', u(1))).rejects.toThrow(/key/);
  });

  it('lists docs that have updates', async () => {
    const store = new DocStore(new MemoryStorageAdapter());
    await store.appendUpdate('b', u(1));
    await store.appendUpdate('a', u(1));
    await store.appendUpdate('a', u(2));
    expect(await store.listDocs()).toEqual(['a', 'b']);
  });
});

describe('DocStore: compaction', () => {
  it('replaces updates up to upToSeq by a snapshot and keeps later ones', async () => {
    const adapter = new MemoryStorageAdapter();
    const store = new DocStore(adapter);
    for (const n of [1, 2, 3]) await store.appendUpdate('f', u(n));
    await store.compact('f', u(12), 2);
    expect(await store.loadDoc('f')).toEqual({ snapshot: u(12), updates: [u(3)], lastSeq: 3 });
    expect(await adapter.load(updateKey('f', 1))).toBeUndefined();
  });

  it('removes the old snapshot before the updates it covers and saves the new one last, in one batch', async () => {
    // In SQLite's WITHOUT ROWID table a big snapshot row beside the update rows being removed
    // is moved at every rebalance (3,600 updates beside 2.4 MB: 400 ms, against 19 ms in this order).
    const adapter = new MemoryStorageAdapter();
    const store = new DocStore(adapter);
    for (const n of [1, 2, 3]) await store.appendUpdate('f', u(n));
    await store.compact('f', u(12), 1);
    await store.appendUpdate('f', u(4));
    const batches: string[][] = [];
    const saveBatch = adapter.saveBatch.bind(adapter);
    adapter.saveBatch = (ops) => (batches.push(ops.map((op) => `${op.op} ${op.key.slice(1).join('/')}`)), saveBatch(ops));
    await store.compact('f', u(1234), 3);
    expect(batches).toEqual([['remove f/s', 'remove f/u/' + updateKey('f', 2)[3], 'remove f/u/' + updateKey('f', 3)[3], 'save f/s', 'remove f']]);
    expect(await store.loadDoc('f')).toEqual({ snapshot: u(1234), updates: [u(4)], lastSeq: 4 });
  });

  it('continues numbering after a restart when the snapshot covers every update', async () => {
    const adapter = new MemoryStorageAdapter();
    const store = new DocStore(adapter);
    await store.appendUpdate('f', u(1));
    await store.appendUpdate('f', u(2));
    await store.compact('f', u(12), 2);
    expect(await new DocStore(adapter).appendUpdate('f', u(3))).toBe(3);
  });

  it('ignores a stale compaction and refuses one beyond the log', async () => {
    const store = new DocStore(new MemoryStorageAdapter());
    for (const n of [1, 2, 3]) await store.appendUpdate('f', u(n));
    await store.compact('f', u(123), 3);
    await store.compact('f', u(12), 2);
    expect((await store.loadDoc('f')).snapshot).toEqual(u(123));
    await expect(store.compact('f', u(0), 4)).rejects.toThrow(/beyond lastSeq 3/);
  });

  it('leaves the doc untouched when the compaction batch fails', async () => {
    const adapter = new FaultyStorageAdapter(new MemoryStorageAdapter());
    const store = new DocStore(adapter);
    for (const n of [1, 2]) await store.appendUpdate('f', u(n));
    adapter.failWrite(1);
    await expect(store.compact('f', u(12), 2)).rejects.toBeInstanceOf(InjectedFaultError);
    expect(await store.loadDoc('f')).toEqual({ updates: [u(1), u(2)], lastSeq: 2 });
  });

  it('says when a doc needs compaction', async () => {
    const store = new DocStore(new MemoryStorageAdapter(), { compactEvery: 3 });
    expect(store.needsCompaction('f')).toBe(false);
    for (const n of [1, 2]) await store.appendUpdate('f', u(n));
    expect(store.needsCompaction('f')).toBe(false);
    await store.appendUpdate('f', u(3));
    expect(store.needsCompaction('f')).toBe(true);
    await store.compact('f', u(123), 3);
    expect(store.needsCompaction('f')).toBe(false);
  });

  it('after a compaction, waits for the log to reach half the snapshot\'s bytes (or the count cap), also after a reload', async () => {
    const adapter = new MemoryStorageAdapter();
    const store = new DocStore(adapter, { compactEvery: 3 });
    for (const n of [1, 2, 3]) await store.appendUpdate('f', new Uint8Array(10).fill(n));
    await store.compact('f', new Uint8Array(100), 3); // a snapshot of 100 bytes
    for (let n = 0; n < 3; n++) await store.appendUpdate('f', new Uint8Array(10));
    expect(store.needsCompaction('f')).toBe(false); // 3 updates, but 30 of 100 bytes
    for (let n = 0; n < 2; n++) await store.appendUpdate('f', new Uint8Array(10));
    expect(store.needsCompaction('f')).toBe(true); // 50 of 100 bytes
    expect(store.needsCompaction('f', 2)).toBe(false); // overdue needs 6 updates and 100 bytes
    expect(new DocStore(adapter, { compactEvery: 3 }).needsCompaction('f')).toBe(false); // knows only what it loaded
    const reloaded = new DocStore(adapter, { compactEvery: 3 });
    await reloaded.loadDoc('f');
    expect(reloaded.needsCompaction('f')).toBe(true); // sizes read back from storage
  });

  it('is due by count alone past the cap, however small the updates', async () => {
    const store = new DocStore(new MemoryStorageAdapter(), { compactEvery: 2 });
    for (const n of [1, 2]) await store.appendUpdate('f', u(n));
    await store.compact('f', new Uint8Array(1_000_000), 2);
    for (let n = 0; n < COMPACTION_COUNT_CAP * 2 - 1; n++) await store.appendUpdate('f', u(n));
    expect(store.needsCompaction('f')).toBe(false);
    await store.appendUpdate('f', u(0));
    expect(store.needsCompaction('f')).toBe(true);
  });

  it('compactNow merges real Yjs updates into a snapshot that rebuilds the same doc', async () => {
    const store = new DocStore(new MemoryStorageAdapter());
    const client = yClient();
    for (const item of ['a', 'b', 'c']) client.items.push([item]);
    for (const update of client.updates.splice(0)) await store.appendUpdate('f', update);
    expect(await store.compactNow('f')).toBe(true);
    client.items.delete(0);
    client.items.push(['d']);
    for (const update of client.updates.splice(0)) await store.appendUpdate('f', update);
    expect(await store.compactNow('f')).toBe(true);
    const loaded = await store.loadDoc('f');
    expect(loaded.updates).toEqual([]);
    expect(rebuild(loaded)).toEqual(['b', 'c', 'd']);
    expect(await store.compactNow('f')).toBe(false);
  });

  it('an update stored twice (a write whose answer was lost, sent again) loads, compacts and rebuilds as once', async () => {
    const store = new DocStore(new MemoryStorageAdapter());
    const client = yClient();
    client.items.push(['a']);
    client.items.push(['b']);
    const [first, second] = client.updates.splice(0) as [Uint8Array, Uint8Array];
    for (const update of [first, second, second, first]) await store.appendUpdate('f', update);
    expect(rebuild(await store.loadDoc('f'))).toEqual(['a', 'b']);
    expect(await store.compactNow('f')).toBe(true);
    client.items.push(['c']);
    await store.appendUpdate('f', client.updates.splice(0)[0]!);
    expect(rebuild(await store.loadDoc('f'))).toEqual(['a', 'b', 'c']);
  });
});

describe('DocStore: corruption and quarantine', () => {
  it('reports a snapshot without a valid header as DocCorruptError', async () => {
    const adapter = new MemoryStorageAdapter();
    await adapter.save(snapshotKey('f'), u(1, 2, 3));
    await expect(new DocStore(adapter).loadDoc('f')).rejects.toBeInstanceOf(DocCorruptError);
  });

  it('reports an unexpected record under the doc as DocCorruptError', async () => {
    const adapter = new MemoryStorageAdapter();
    await adapter.save(['doc', 'f', 'u', 'not-a-number'], u(1));
    await expect(new DocStore(adapter).appendUpdate('f', u(1))).rejects.toThrow(/not a sequence number/);
  });

  it('moves every record of a doc under quarantine in one batch and starts the doc afresh', async () => {
    const adapter = new MemoryStorageAdapter();
    const store = new DocStore(adapter);
    for (const n of [1, 2, 3]) await store.appendUpdate('f', u(n));
    await store.compact('f', u(12), 2);
    const prefix = await store.quarantine('f', 'snapshot does not decode');
    expect(prefix.slice(0, 2)).toEqual(['quarantine', 'f']);
    const moved = await adapter.loadRange(prefix);
    expect(moved.map((r) => r.key.slice(3))).toEqual([['reason'], ['s'], ['u', '0000000000000003']]);
    expect(JSON.parse(new TextDecoder().decode(moved[0]!.data))).toMatchObject({ reason: 'snapshot does not decode' });
    expect(await adapter.loadRange(['doc', 'f'])).toEqual([]);
    expect(await store.listDocs()).toEqual([]);
    expect(await store.appendUpdate('f', u(9))).toBe(1);
  });
});

describe('DocStore on sqlite', () => {
  it('keeps the log, snapshot and numbering across a process restart', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fo-docstore-'));
    try {
      const first = new SqliteStorageAdapter(dir);
      const store = new DocStore(first);
      for (const n of [1, 2, 3]) await store.appendUpdate('f', u(n));
      await store.compact('f', u(12), 2);
      await first.close();
      const second = new SqliteStorageAdapter(dir);
      const again = new DocStore(second);
      expect(await again.loadDoc('f')).toEqual({ snapshot: u(12), updates: [u(3)], lastSeq: 3 });
      expect(await again.appendUpdate('f', u(4))).toBe(4);
      await second.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('DocStore: the read model stored beside the log', () => {
  const model = (n: number) => u(100 + n);

  it('is used while it covers every stored update, also after a restart', async () => {
    const adapter = new MemoryStorageAdapter();
    const store = new DocStore(adapter);
    for (const n of [1, 2]) await store.appendUpdate('f', u(n));
    expect(await store.saveReadModel('f', model(2), 2)).toBe(true);
    expect(store.readModelCurrent('f')).toBe(true);
    expect(await store.loadReadModel('f')).toEqual({ seq: 2, data: model(2) });
    expect(await new DocStore(adapter).loadReadModel('f')).toEqual({ seq: 2, data: model(2) });
  });

  it('is not used once an update after it is stored, in this process or after a restart', async () => {
    const adapter = new MemoryStorageAdapter();
    const store = new DocStore(adapter);
    await store.appendUpdate('f', u(1));
    await store.saveReadModel('f', model(1), 1);
    expect(await store.coversLog('f', 1)).toBe(true);
    await store.appendUpdate('f', u(2));
    expect(await store.coversLog('f', 1)).toBe(false);
    expect(store.readModelCurrent('f')).toBe(false);
    expect(await store.loadReadModel('f')).toBeUndefined();
    expect(await new DocStore(adapter).loadReadModel('f')).toBeUndefined();
  });

  it('is not stored when it would not cover the whole log', async () => {
    const store = new DocStore(new MemoryStorageAdapter());
    for (const n of [1, 2]) await store.appendUpdate('f', u(n));
    expect(await store.saveReadModel('f', model(1), 1)).toBe(false);
    expect(await store.loadReadModel('f')).toBeUndefined();
  });

  it('is rewritten or removed by every compaction, so a compacted-away tail cannot hide that it is stale', async () => {
    const adapter = new MemoryStorageAdapter();
    const store = new DocStore(adapter);
    for (const n of [1, 2, 3]) await store.appendUpdate('f', u(n));
    await store.compact('f', u(12), 2, model(2));
    expect(await new DocStore(adapter).loadReadModel('f')).toBeUndefined(); // update 3 is after it
    await store.compact('f', u(123), 3, model(3));
    expect(await new DocStore(adapter).loadReadModel('f')).toEqual({ seq: 3, data: model(3) });
    await store.appendUpdate('f', u(4));
    await store.compact('f', u(124), 4);
    expect(await adapter.load(['readmodel', 'f'])).toBeUndefined();
    expect(await new DocStore(adapter).loadReadModel('f')).toBeUndefined();
  });

  it('is not used where its record is damaged, and goes with the doc into quarantine', async () => {
    const adapter = new MemoryStorageAdapter();
    const store = new DocStore(adapter);
    await store.appendUpdate('f', u(1));
    await adapter.save(['readmodel', 'f'], u(1, 2, 3));
    expect(await new DocStore(adapter).loadReadModel('f')).toBeUndefined();
    await store.saveReadModel('f', model(1), 1);
    await store.quarantine('f', 'test');
    expect(await adapter.load(['readmodel', 'f'])).toBeUndefined();
    expect(await new DocStore(adapter).loadReadModel('f')).toBeUndefined();
  });

  it('cannot be written through extraOps', async () => {
    const store = new DocStore(new MemoryStorageAdapter());
    await expect(store.appendUpdate('f', u(1), [{ op: 'save', key: ['readmodel', 'f'], data: u(1) }])).rejects.toThrow(/namespace 'readmodel'/);
  });
});
