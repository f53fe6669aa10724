// /healthz tells a supervisor when the server can no longer do its work: once the embedded
// store's writer thread is gone, no write can succeed until a restart reloads what is stored.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { createSyncServer, type SyncServer } from '../../sync-server/server';
import { ThreadedSqliteStorageAdapter } from '../../sync-server/storage/sqlite-threaded';

let server: SyncServer | undefined;
let dir: string | undefined;
afterEach(async () => {
  await server?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  server = dir = undefined;
});

describe('GET /healthz', () => {
  it('answers 200 while the store writes, 503 storage_broken once its writer thread is gone', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fo-health-'));
    const storage = new ThreadedSqliteStorageAdapter(dir);
    server = await createSyncServer({ port: 0, secret: 'health-test-secret-health-test-secret', storage, log: () => {} });
    const health = () => fetch(`${server!.url}/healthz`).then(async (r) => ({ status: r.status, body: await r.json() }));
    expect(await health()).toEqual({ status: 200, body: { ok: true } });
    const exited = new Promise((resolve) => (storage as unknown as { worker: Worker }).worker.once('exit', resolve));
    await (storage as unknown as { worker: Worker }).worker.terminate(); // as if the thread died
    await exited;
    await expect(storage.save(['k'], new Uint8Array([1]))).rejects.toThrow(/writer thread exited/);
    const broken = await health();
    expect(broken.status).toBe(503);
    expect(broken.body.error.code).toBe('storage_broken');
  });
});
