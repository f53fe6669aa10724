// Runs the one conformance suite against every StorageAdapter implementation.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FaultyStorageAdapter } from '../../sync-server/storage/faulty.js';
import { MemoryStorageAdapter } from '../../sync-server/storage/memory.js';
import { SqliteStorageAdapter } from '../../sync-server/storage/sqlite.js';
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
