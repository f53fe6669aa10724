// A real server whose PostgreSQL stalls (behind a proxy that freezes like a partition),
// with a stock y-websocket device and the website: while it lasts, the device's update is
// answered with retry-later and an order with 503, each in bounded time, not a hang; after
// the thaw the device's update is stored, and an order whose commit landed while its answer
// was lost is answered, on retry with the same idempotency key, with the original order.
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloseCode } from '../../sync-server/shared/protocol';
import { DocStore } from '../../sync-server/storage/doc-store';
import { PostgresStorageAdapter } from '../../sync-server/storage/postgres';
import { api, CLERK, startApp, type TestApp } from '../support/app';
import { startFreezableProxy, type FreezableProxy } from '../support/freezable-proxy';
import { startPostgres, type TestPostgres } from '../support/postgres';
import { deviceAt, orderEvent, whenSynced, type Device } from './support';

const SHORT = { statementTimeoutMs: 300, lockWaitMs: 1_000, connectTimeoutMs: 300, listenCheckMs: 200 };

let postgres: TestPostgres;
let databases = 0;
const cleanup: (() => Promise<void> | void)[] = [];
beforeAll(async () => {
  postgres = await startPostgres();
}, 60_000);
afterAll(async () => {
  for (const step of cleanup.reverse()) await step();
  await postgres?.stop();
});

/** A server on a fresh database, through a freezable proxy. */
async function stallingServer(): Promise<{ url: string; proxy: FreezableProxy; server: TestApp }> {
  const url = await postgres.createDatabase(`stall_app_${process.pid}_${++databases}`);
  const proxy = await startFreezableProxy(url);
  const server = await startApp({ databaseUrl: proxy.via(url), databaseTimeouts: SHORT, reconcileIntervalMs: 0 });
  cleanup.push(() => proxy.close(), async () => (proxy.thaw(), await server.close()));
  return { url, proxy, server };
}

/** The fundraiser's document as stored (read directly, not through the proxy). */
async function storedDoc(url: string, fid = 'demo'): Promise<Y.Doc> {
  const storage = await PostgresStorageAdapter.open(url);
  try {
    const loaded = await new DocStore(storage).loadDoc(fid);
    const doc = new Y.Doc();
    for (const update of [...(loaded.snapshot ? [loaded.snapshot] : []), ...loaded.updates]) Y.applyUpdate(doc, update);
    return doc;
  } finally {
    await storage.close();
  }
}

/** Sends again while the answer is 503: the stalled session's locks are freed only once the
 *  database notices it is gone (each 503 comes within the bounds, so this does not spin). */
async function whileUnavailable<R extends { status: number }>(send: () => Promise<R>, attempts = 20): Promise<R> {
  for (let i = 1; ; i++) {
    const answer = await send();
    if (answer.status !== 503 || i >= attempts) return answer;
  }
}

const storedIds = async (url: string, log: 'replicated' | 'website') => (await storedDoc(url)).getArray<{ id: string }>(log).toArray().map((e) => e.id);

describe('a server whose PostgreSQL stalls', () => {
  it('answers a device with retry-later and an order with 503 while it lasts; after the thaw the device’s update is stored', async () => {
    const { url, proxy, server } = await stallingServer();
    const device: Device = deviceAt(server.url, server.token(CLERK));
    cleanup.push(() => device.destroy());
    await whenSynced(device);

    proxy.freeze();
    const closed = new Promise<number>((resolve) => device.provider.once('connection-close', (event: CloseEvent | null) => resolve(event?.code ?? 0)));
    const during = orderEvent(CLERK, 'during-stall');
    device.doc.getArray('replicated').push([during]);
    expect(await closed).toBe(CloseCode.retryLater);
    const order = await api(server, 'POST', '/api/fundraisers/demo/orders', { customer: { name: 'Stalled Stan' }, lines: [{ itemId: 'lemonade', quantity: 1 }] });
    expect(order.status).toBe(503);
    expect(order.body.error).toMatchObject({ code: 'unavailable' });

    proxy.thaw(); // the device keeps reconnecting; its next sync step 2 carries the update again
    await expect.poll(() => storedIds(url, 'replicated'), { timeout: 10_000 }).toContain(during.id);
  }, 30_000);

  it('an order that committed while its answer was lost: the retry with the same idempotency key gets that order, not a second one', async () => {
    const { url, proxy, server } = await stallingServer();
    const request = { customer: { name: 'Ambiguous Amy' }, lines: [{ itemId: 'lemonade', quantity: 1 }], idempotencyKey: 'stall-key-0001' };
    // A first order loads the room and its records: the next statement written is then the order's own.
    expect((await api(server, 'POST', '/api/fundraisers/demo/orders', { ...request, customer: { name: 'Warm-up Walt' }, idempotencyKey: 'warm-up-0001' })).status).toBe(201);

    proxy.freezeAnswersAfter('WITH gone AS'); // the order's write reaches the database; its answer does not come back
    expect((await api(server, 'POST', '/api/fundraisers/demo/orders', request)).status).toBe(503);
    proxy.thaw();

    const websiteOrders = async () => (await storedDoc(url)).getArray<{ type: string; data: { orderId: string; customer: { name: string } } }>('website')
      .toArray().filter((e) => e.type === 'OrderPlaced' && e.data.customer.name === 'Ambiguous Amy');
    const committed = await websiteOrders();
    expect(committed).toHaveLength(1); // it did commit, though the customer was told 503

    const retry = await whileUnavailable(() => api(server, 'POST', '/api/fundraisers/demo/orders', request));
    expect(retry.status).toBe(200); // a replay: 200, not 201
    expect(retry.body).toMatchObject({ orderId: committed[0]!.data.orderId, orderNumber: 'W-2' });
    expect(await websiteOrders()).toHaveLength(1);
  }, 30_000);
});
