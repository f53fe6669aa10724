// Row 7's server, alone in a process started with --expose-gc so RSS is its own: writes
// N fundraisers of M events into a fresh store, then reports RSS idle, with all of them
// loaded (document + projection, as after a website read), and after they idle-unloaded.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Y from 'yjs';
import { projectionOf } from '../../sync-server/api/fundraisers';
import { createApp } from '../../sync-server/app';
import type { Room } from '../../sync-server/room';
import { docOf, jsonOf, logOf } from './events';

const [fundraisers, events] = process.argv.slice(2).map(Number) as [number, number];
const IDLE_UNLOAD_MS = 1_000;

function settledRss(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc');
  for (let i = 0; i < 3; i++) gc();
  return process.memoryUsage().rss;
}

const dir = mkdtempSync(join(tmpdir(), 'fo-bench-mem-'));
const app = await createApp({
  port: 0, host: '127.0.0.1', dataDir: dir, demoPassword: 'bench', orderRateLimit: 0, log: () => {},
  syncOptions: { idleUnloadMs: IDLE_UNLOAD_MS },
});
const log = logOf(events, 7);
const update = Y.encodeStateAsUpdate(docOf(log));
const jsonBytes = Buffer.byteLength(jsonOf(log)) * fundraisers;
for (let i = 0; i < fundraisers; i++) await app.server.docStore.appendUpdate(`f${i}`, update);
await new Promise((resolve) => setTimeout(resolve, 200));
const idle = settledRss();

const releases: (() => void)[] = [];
const loadStart = performance.now();
for (let i = 0; i < fundraisers; i++) {
  await new Promise<void>((loaded, failed) => {
    app.server.rooms.use(`f${i}`, (room: Room) => {
      projectionOf(room.doc);
      loaded();
      return new Promise<void>((release) => releases.push(release));
    }).catch(failed);
  });
}
const loadSeconds = (performance.now() - loadStart) / 1000;
const loaded = settledRss();
for (const release of releases) release();
while (app.server.rooms.loaded().length > 0) await new Promise((resolve) => setTimeout(resolve, 100));
await new Promise((resolve) => setTimeout(resolve, 500));
const unloaded = settledRss();
process.send!({ type: 'ready', idle, loaded, unloaded, jsonBytes, loadSeconds, events: log.website.length + log.replicated.length, heap: process.memoryUsage().heapUsed });
await app.close();
rmSync(dir, { recursive: true, force: true });
process.on('message', () => process.exit(0));
