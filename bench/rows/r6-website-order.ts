// Row 6: website orders at a steady 200/s while 50 devices are connected: POST → durable
// 201, and POST → the order visible in a connected manager's document. The baseline pushes
// the very same events straight into Yjs (one doc to another, in this process).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Y from 'yjs';
import { SqliteStorageAdapter } from '../../sync-server/storage/sqlite';
import { WebSocket } from 'ws';
import { figure, quantile } from '../harness';
import type { Row } from '../harness';
import { startChild } from '../support/child';
import { connectDevice } from '../support/devices';

interface Ready { url: string; tokens: { manager: string; clerk: string } }
const RATE = 200;

export const row6: Row = {
  id: 6,
  title: 'website order at 200 orders/s, 50 devices connected',
  async run(ctx) {
    const seconds = ctx.quick ? 1 : 10;
    const server = await startChild<Ready>('./server-child.ts', ['app']);
    try {
      const { url, tokens } = server.ready;
      const manager = connectDevice(url, 'demo', tokens.manager);
      await new Promise<void>((resolve) => (manager.provider.synced ? resolve() : manager.provider.once('sync', () => resolve())));
      const others = await Promise.all(Array.from({ length: 49 }, () => openSocket(`${url.replace(/^http/, 'ws')}/sync/demo?token=${tokens.clerk}`)));
      const seen = watchWebsite(manager.doc);
      retries = 0;
      const started = performance.now();
      const orders = await placeOrders(url, RATE * seconds);
      const throughput = orders.length / ((Math.max(...orders.map((o) => o.answeredAt)) - started) / 1000);
      await waitUntil(() => orders.every((o) => seen.has(o.orderId)), 30_000);
      const created = orders.map((o) => o.answeredAt - o.sentAt);
      const visible = orders.map((o) => seen.get(o.orderId)! - o.sentAt);
      const direct = pushStraightIntoYjs(manager.doc.getArray('website').toArray());
      const commits = await fsyncedCommits(50);
      manager.destroy();
      for (const socket of others) socket.terminate();
      const figures = [
        figure({ label: 'POST → durable 201, p99', value: quantile(created, 0.99), baseline: quantile(direct, 0.99), baselineLabel: 'same events straight into Yjs, p99', targetKind: 'value', limit: 20 }),
        figure({ label: 'POST → visible on a connected manager, p99', value: quantile(visible, 0.99), baseline: quantile(direct, 0.99), baselineLabel: 'same events straight into Yjs, p99', targetKind: 'value', limit: 20 }),
      ];
      return {
        figures,
        notes: [
          `${orders.length} orders POSTed open-loop at ${RATE}/s (one line of an unlimited item each) to the product in a child process; 50 devices connected: one manager (stock y-websocket client, the one watched) and 49 clerk sockets that receive every relay`,
          `p50: POST → 201 ${quantile(created, 0.5).toFixed(1)} ms, → visible ${quantile(visible, 0.5).toFixed(1)} ms; straight into Yjs ${quantile(direct, 0.5).toFixed(3)} ms`,
          'each order is stored (SQLite, fsync) with its receipt, idempotency answer and order number in one batch before the 201 and before it is relayed',
          `${retries} requests were retried after a broken keep-alive connection`,
          `the server answered ${throughput.toFixed(0)} orders/s over the run (offered: ${RATE}/s); one fsynced SQLite commit of a small batch on this disk, measured in this process in the same run: p50 ${quantile(commits, 0.5).toFixed(1)} ms, p99 ${quantile(commits, 0.99).toFixed(1)} ms`,
        ],
        ...(figures.every((f) => f.met) ? {} : { missed: MISSED }),
      };
    } finally {
      await server.stop();
    }
  },
};

interface Placed { orderId: string; sentAt: number; answeredAt: number }

async function placeOrders(url: string, count: number): Promise<Placed[]> {
  const start = performance.now();
  const pending: Promise<Placed>[] = [];
  for (let k = 0; k < count; k++) {
    const wait = start + (k * 1000) / RATE - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    const placed = placeOne(url, k);
    placed.catch(() => {}); // reported by Promise.all below, not as an unhandled rejection
    pending.push(placed);
  }
  return Promise.all(pending);
}

async function placeOne(url: string, k: number): Promise<Placed> {
  const sentAt = performance.now();
  const { response, body } = await postOrder(url, k);
  const answeredAt = performance.now();
  if (response.status !== 201 || !body.orderId) throw new Error(`order ${k} answered ${response.status}: ${JSON.stringify(body)}`);
  return { orderId: body.orderId, sentAt, answeredAt };
}

/**
 * A website client retries a request whose connection broke (a keep-alive socket the server
 * closed as it was reused): safe, the idempotency key makes it one order. The latency
 * counted includes the retry.
 */
async function postOrder(url: string, k: number, attempt = 1): Promise<{ response: Response; body: { orderId?: string } }> {
  try {
    const response = await fetch(`${url}/api/fundraisers/demo/orders`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ customer: { name: `Bench Customer ${k}` }, lines: [{ itemId: 'lemonade', quantity: 1 }], idempotencyKey: `bench-order-${k}` }),
    });
    return { response, body: (await response.json()) as { orderId?: string } };
  } catch (err) {
    if (attempt >= 3 || !(err instanceof TypeError)) throw err;
    retries++;
    return postOrder(url, k, attempt + 1);
  }
}

let retries = 0;

/** When each website order first appears in the doc (the server only ever appends there). */
function watchWebsite(doc: Y.Doc): Map<string, number> {
  const seen = new Map<string, number>();
  const website = doc.getArray<{ data?: { orderId?: string } }>('website');
  let known = website.length;
  doc.on('afterTransaction', () => {
    if (website.length === known) return;
    const now = performance.now();
    for (const event of website.slice(known)) if (event?.data?.orderId && !seen.has(event.data.orderId)) seen.set(event.data.orderId, now);
    known = website.length;
  });
  return seen;
}

/** The baseline: each event pushed into one doc, its update applied to another that observes it. */
function pushStraightIntoYjs(events: unknown[]): number[] {
  const from = new Y.Doc();
  const to = new Y.Doc();
  from.on('update', (update: Uint8Array) => Y.applyUpdate(to, update));
  const times: number[] = [];
  let observedAt = 0;
  to.getArray('website').observe(() => { observedAt = performance.now(); });
  for (const event of events) {
    const start = performance.now();
    from.transact(() => from.getArray('website').push([event]));
    times.push(observedAt - start);
  }
  return times;
}

/** ms per atomic, fsynced saveBatch of a few small records, as one order's commit. */
async function fsyncedCommits(count: number): Promise<number[]> {
  const dir = mkdtempSync(join(tmpdir(), 'fo-bench-fsync-'));
  const adapter = new SqliteStorageAdapter(dir);
  const times: number[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const data = new TextEncoder().encode(`record ${i}`.repeat(20));
      const start = performance.now();
      await adapter.saveBatch([{ op: 'save', key: ['bench', 'u', String(i)], data }, { op: 'save', key: ['bench', 'r', String(i)], data }]);
      times.push(performance.now() - start);
    }
  } finally {
    await adapter.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return times;
}

function openSocket(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
  });
}

async function waitUntil(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error('orders did not all become visible in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const MISSED = {
  why: 'At 200 orders/s the server runs at or past its capacity on this shared 2-core machine (the notes give the throughput it reached and the p50), so orders queue: one fundraiser\'s aggregate handles strictly one command at a time (reads of the fundraiser, idempotency key and order number; decide; a round trip to the staging worker that produces the update; one SQLite transaction with synchronous=FULL), and better-sqlite3 is synchronous, so each fsync blocks the event loop. Any stall (an fsync at its p99, GC, other work on the machine) delays every order behind it. A CPU profile of this load showed ≈2 ms per order in sqliteTransaction and ≈3 ms per order waiting on the worker, in runs where the machine was busier than this one.',
  close: 'Group commit with pipelined decisions: decide each queued order against the projection plus the orders decided but not yet durable, commit all of them in one SQLite transaction (one fsync for many orders), then apply, relay and answer each 201. Durability per order is unchanged (no 201 before its commit). Moving the fsync off the event loop (SQLite in a worker thread, or the PostgreSQL adapter) removes the 2 ms stall per commit; producing the server\'s update in the main thread rather than on the staging worker saves the round trip.',
};
