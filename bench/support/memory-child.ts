// Row 7's server, alone in a process started with --expose-gc so RSS is its own: writes
// N fundraisers of M events into a fresh store, then reports RSS idle; with all of them
// loaded as rooms (Y.Doc + projection: what devices and commands need); after they idled out
// (each room storing the website's read model as it goes); with every one read by the website
// (catalog + one order, from the stored read models, no room loaded); and after those idled out.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Y from 'yjs';
import { createApp } from '../../sync-server/app';
import { projectionOf } from '../../sync-server/projections';
import type { Room } from '../../sync-server/room';
import { docOf, jsonOf, logOf } from './events';
import { assertReadModels, liveAnswer, nameFundraiser, readCatalogAndOrder, roomsUnloaded, websiteSide } from './website';
import type { WebsiteAnswer } from './website';

const [fundraisers, events] = process.argv.slice(2).map(Number) as [number, number];
const IDLE_UNLOAD_MS = 1_000;
/** Restored read models are let go after this; long enough that none goes while all are read
 *  and measured (1,000: about 1.3 s of reads, then the forced GCs), short for the quick run. */
const READ_IDLE_MS = fundraisers >= 100 ? 15_000 : 2_000;
const fids = Array.from({ length: fundraisers }, (_, i) => `f${i}`);

function settledRss(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc');
  for (let i = 0; i < 3; i++) gc();
  return process.memoryUsage().rss;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const dir = mkdtempSync(join(tmpdir(), 'fo-bench-mem-'));
const app = await createApp({
  port: 0, host: '127.0.0.1', dataDir: dir, demoPassword: 'bench', orderRateLimit: 0, log: () => {},
  syncOptions: { idleUnloadMs: IDLE_UNLOAD_MS },
});
const { server } = app;
const log = logOf(events, 7);
const update = Y.encodeStateAsUpdate(docOf(log));
const jsonBytes = Buffer.byteLength(jsonOf(log)) * fundraisers;
for (const fid of fids) {
  await server.docStore.appendUpdate(fid, update);
  await nameFundraiser(server, fid); // the website serves only fundraisers with a name on record
}
await pause(200);
const idle = settledRss();

// Loaded: every room with its projection attached, held until measured.
const releases: (() => void)[] = [];
let expected: { orderId: string; answer: WebsiteAnswer } | undefined;
const loadStart = performance.now();
for (const fid of fids) {
  await new Promise<void>((loaded, failed) => {
    server.rooms.use(fid, (room: Room) => {
      const projection = projectionOf(room.doc);
      const order = projection.orders()[0];
      if (!order) throw new Error(`fundraiser ${fid} has no orders`);
      expected ??= { orderId: order.orderId, answer: liveAnswer(projection, order) }; // one log for all: the same answer
      loaded();
      return new Promise<void>((release) => releases.push(release));
    }).catch(failed);
  });
}
const loadSeconds = (performance.now() - loadStart) / 1000;
const loaded = settledRss();

// Unloaded: each room stores the website's read model as it closes.
for (const release of releases) release();
await roomsUnloaded(server);
await pause(500);
const unloaded = settledRss();
const readModelBytes = await assertReadModels(server.docStore, fids); // after measuring: it reads them all

// Read by the website: catalog + one order of every fundraiser, from the stored read models.
const side = websiteSide(server, server.docStore, READ_IDLE_MS);
const readStart = performance.now();
const want = JSON.stringify(expected!.answer);
for (const fid of fids) {
  const answer = await readCatalogAndOrder(side.fundraisers, fid, expected!.orderId);
  if (JSON.stringify(answer) !== want) throw new Error(`fundraiser ${fid}: the website read answers differently from the live projection`);
}
const readSeconds = (performance.now() - readStart) / 1000;
if (server.rooms.loaded().length !== 0) throw new Error(`the website reads loaded ${server.rooms.loaded().length} rooms`);
const websiteRead = settledRss();
if (side.reads.size !== fundraisers) throw new Error(`${side.reads.size} of ${fundraisers} read models held when measured (served by rooms, or idled out)`);
const websiteHeap = process.memoryUsage().heapUsed;

// Read models idled out.
while (side.reads.size > 0) await pause(200);
await pause(200);
const readIdle = settledRss();

process.send!({
  type: 'ready', idle, loaded, unloaded, websiteRead, readIdle, jsonBytes, readModelBytes, loadSeconds, readSeconds,
  events: log.website.length + log.replicated.length, heap: process.memoryUsage().heapUsed, websiteHeap,
});
await app.close();
rmSync(dir, { recursive: true, force: true });
process.on('message', () => process.exit(0));
