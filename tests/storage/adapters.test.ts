// Runs the one conformance suite against every StorageAdapter implementation.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FaultyStorageAdapter } from '../../sync-server/storage/faulty.js';
import { seqKey } from '../../sync-server/storage/adapter.js';
import { DocStore } from '../../sync-server/storage/doc-store.js';
import { MemoryStorageAdapter } from '../../sync-server/storage/memory.js';
import { PostgresStorageAdapter } from '../../sync-server/storage/postgres.js';
import { SqliteStorageAdapter } from '../../sync-server/storage/sqlite.js';
import { ThreadedSqliteStorageAdapter } from '../../sync-server/storage/sqlite-threaded.js';
import { startPostgres, type TestPostgres } from '../support/postgres.js';
import { runStorageAdapterTests } from './conformance.js';

runStorageAdapterTests('memory', async () => {
  const adapter = new MemoryStorageAdapter();
  return { adapter, teardown: () => adapter.close() };
});

// The fault injector must be transparent until a fault is armed.
runStorageAdapterTests('faulty(memory), no faults armed', async () => {
  const adapter = new FaultyStorageAdapter(new MemoryStorageAdapter());
  return { adapter, teardown: () => adapter.close() };
});

interface SqliteFixture {
  adapter: SqliteStorageAdapter;
  dir: string;
  teardown: () => Promise<void>;
}

runStorageAdapterTests(
  'sqlite',
  async (): Promise<SqliteFixture> => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fo-storage-'));
    const adapter = new SqliteStorageAdapter(dir);
    const teardown = async () => {
      await adapter.close();
      fs.rmSync(dir, { recursive: true, force: true });
    };
    return { adapter, dir, teardown };
  },
  { reopen: async (fx) => new SqliteStorageAdapter(fx.dir) },
);

runStorageAdapterTests(
  'sqlite, writes on a worker thread',
  async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fo-storage-'));
    const adapter = new ThreadedSqliteStorageAdapter(dir);
    const teardown = async () => {
      await adapter.close();
      fs.rmSync(dir, { recursive: true, force: true });
    };
    return { adapter, dir, teardown };
  },
  { reopen: async (fx) => new ThreadedSqliteStorageAdapter((fx as { dir: string }).dir) },
);

describe('sqlite with writes on a worker thread', () => {
  it('writes with synchronous = FULL, and a read issued while writes are in flight sees them', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fo-storage-'));
    const adapter = new ThreadedSqliteStorageAdapter(dir);
    try {
      expect(await adapter.durability()).toEqual({ journalMode: 'wal', synchronous: 2 });
      const writes = [adapter.save(['k'], new Uint8Array([1])), adapter.saveBatch([{ op: 'save', key: ['k'], data: new Uint8Array([2]) }])];
      const read = adapter.load(['k']); // issued before either write resolved
      const removed = adapter.remove(['k']);
      const readAfterRemove = adapter.loadRange(['k']);
      expect(await read).toEqual(new Uint8Array([2]));
      expect(await readAfterRemove).toEqual([]);
      await Promise.all([...writes, removed]);
    } finally {
      await adapter.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('sqlite specifics', () => {
  it('runs in WAL mode with synchronous = FULL (durable before visible)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fo-storage-'));
    const adapter = new SqliteStorageAdapter(dir);
    try {
      expect(adapter.durability()).toEqual({ journalMode: 'wal', synchronous: 2 });
    } finally {
      await adapter.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

// One real PostgreSQL for this file; each test starts from an empty table (the schema stays).
let postgres: TestPostgres | undefined;
beforeAll(async () => {
  postgres = await startPostgres();
}, 60_000);
afterAll(async () => {
  await postgres?.stop();
});

async function emptyTable(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('TRUNCATE kv');
  } finally {
    await client.end();
  }
}

runStorageAdapterTests(
  'postgres',
  async () => {
    const adapter = await PostgresStorageAdapter.open(postgres!.url);
    await emptyTable(postgres!.url);
    return { adapter, teardown: () => adapter.close() };
  },
  { reopen: async () => PostgresStorageAdapter.open(postgres!.url) },
);

describe('postgres specifics', () => {
  it('creates its schema once, even when several servers start together', async () => {
    const url = await postgres!.createDatabase('fresh_schema');
    const adapters = await Promise.all([1, 2, 3].map(() => PostgresStorageAdapter.open(url)));
    await Promise.all(adapters.map((a) => a.close()));
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const { rows } = await client.query<{ version: number }>('SELECT version FROM schema_version ORDER BY version');
      expect(rows.map((r) => r.version)).toEqual([1]);
    } finally {
      await client.end();
    }
  });

  it('withLock excludes across adapters (processes) and is reentrant within one', async () => {
    const [a, b] = await Promise.all([PostgresStorageAdapter.open(postgres!.url), PostgresStorageAdapter.open(postgres!.url)]);
    try {
      const trace: string[] = [];
      const critical = (who: string, adapter: PostgresStorageAdapter) => adapter.withLock('L', async () => {
        trace.push(`${who}+`);
        await adapter.withLock('L', async () => adapter.save(['lock', who], new Uint8Array([1])));
        await new Promise((r) => setImmediate(r));
        trace.push(`${who}-`);
      });
      await Promise.all([critical('a1', a), critical('b1', b), critical('a2', a), critical('b2', b)]);
      for (let i = 0; i < trace.length; i += 2) expect(trace[i + 1]).toBe(trace[i]!.replace('+', '-'));
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('two processes appending to one log and compacting it concurrently keep every update once', async () => {
    const adapters = await Promise.all([1, 2].map(() => PostgresStorageAdapter.open(postgres!.url)));
    try {
      const stores = adapters.map((adapter) => new DocStore(adapter, { compactEvery: 5 }));
      const writers = stores.map(() => new Y.Doc());
      const item = (w: number, i: number) => `${w}-${i}`;
      for (let i = 0; i < 30; i++) {
        await Promise.all(stores.map((store, w) => {
          const doc = writers[w]!;
          const before = Y.encodeStateVector(doc);
          doc.getArray('log').push([item(w, i)]);
          return store.appendUpdate('shared', Y.encodeStateAsUpdate(doc, before));
        }));
        if (i % 4 === 3) await Promise.all(stores.map((store) => store.compactNow('shared')));
      }
      const stored = await new DocStore(adapters[0]!).loadDoc('shared');
      const doc = new Y.Doc();
      for (const update of [...(stored.snapshot ? [stored.snapshot] : []), ...stored.updates]) Y.applyUpdate(doc, update);
      const items = doc.getArray<string>('log').toArray();
      expect(items).toHaveLength(60);
      expect(new Set(items)).toEqual(new Set([0, 1].flatMap((w) => Array.from({ length: 30 }, (_, i) => item(w, i)))));
      expect(stored.lastSeq).toBe(60);
    } finally {
      await Promise.all(adapters.map((a) => a.close()));
    }
  });

  it('a stale compaction from one process does not undo a newer one from another', async () => {
    const adapters = await Promise.all([1, 2].map(() => PostgresStorageAdapter.open(postgres!.url)));
    try {
      const [slow, fast] = adapters.map((adapter) => new DocStore(adapter));
      const doc = new Y.Doc();
      const append = (store: DocStore, value: string) => {
        const before = Y.encodeStateVector(doc);
        doc.getArray('log').push([value]);
        return store.appendUpdate('stale', Y.encodeStateAsUpdate(doc, before));
      };
      for (const v of ['a', 'b', 'c']) await append(slow!, v);
      const seen = await slow!.loadDoc('stale'); // slow merges what it saw (up to 3)…
      const merged = Y.mergeUpdates(seen.updates);
      await append(fast!, 'd');
      await append(fast!, 'e');
      await fast!.compactNow('stale'); // …while fast compacts up to 5
      await slow!.compact('stale', merged, seen.lastSeq);
      const stored = await new DocStore(adapters[0]!).loadDoc('stale');
      const rebuilt = new Y.Doc();
      for (const update of [stored.snapshot!, ...stored.updates]) Y.applyUpdate(rebuilt, update);
      expect(rebuilt.getArray('log').toArray()).toEqual(['a', 'b', 'c', 'd', 'e']);
    } finally {
      await Promise.all(adapters.map((a) => a.close()));
    }
  });

  it('a DocStore append is announced to other adapters after its commit, and not to the writer', async () => {
    const [writer, reader] = await Promise.all([PostgresStorageAdapter.open(postgres!.url), PostgresStorageAdapter.open(postgres!.url)]);
    const heard: { by: string; doc: string; seq: number; stored: boolean }[] = [];
    const listen = (by: string, adapter: PostgresStorageAdapter) => adapter.subscribeUpdates(
      (u) => void adapter.load(['doc', u.doc, 'u', seqKey(u.seq)]).then((row) => heard.push({ by, ...u, stored: row !== undefined })),
      () => undefined,
    );
    await Promise.all([listen('writer', writer), listen('reader', reader)]);
    try {
      const docs = new DocStore(writer);
      await docs.appendUpdate('f1', new Uint8Array([1]));
      await docs.appendUpdate('f1', new Uint8Array([2]));
      await expect.poll(() => heard.at(-1)).toEqual({ by: 'reader', doc: 'f1', seq: 2, stored: true });
      expect(heard.every((h) => h.by === 'reader' && h.stored)).toBe(true);
    } finally {
      await Promise.all([writer.close(), reader.close()]);
    }
  });
});
