// No path lets a website customer (or anyone without a staff token) read another customer's
// order or the shared document: a sweep over every public endpoint and /sync, as customer A
// holding A's receipt, looking for any trace of customer B.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { api, startApp, type TestApp } from '../support/app';

const B = { name: 'Beatrix Hidden', email: 'beatrix.hidden@example.org', phone: '+32 471 12 34 56' };
let test: TestApp;
let a: { orderId: string; receipt: string };
let b: { orderId: string; receipt: string };
const order = (customer: object, idempotencyKey: string) => ({ customer, lines: [{ itemId: 'lemonade', quantity: 1 }], idempotencyKey });

beforeAll(async () => {
  test = await startApp();
  a = (await api(test, 'POST', '/api/fundraisers/demo/orders', order({ name: 'Alice Asker' }, 'alice-key-0001'))).body;
  b = (await api(test, 'POST', '/api/fundraisers/demo/orders', order(B, 'beatrix-key-0001'))).body;
});
afterAll(() => test.close());

function leaks(text: string): boolean {
  return [B.name, B.email, B.phone, b.receipt].some((secret) => text.includes(secret));
}

describe("another customer's order", () => {
  const sweep: [string, string, () => string, number[]][] = [
    ['GET', 'catalog', () => '/api/fundraisers/demo', [200]],
    ['GET', 'staff order list, no token', () => '/api/fundraisers/demo/orders', [401]],
    ['GET', 'CSV, no token', () => '/api/fundraisers/demo/orders.csv', [401]],
    ['GET', "B's order, no receipt", () => `/api/fundraisers/demo/orders/${b.orderId}`, [404]],
    ['GET', "B's order, A's receipt", () => `/api/fundraisers/demo/orders/${b.orderId}?receipt=${a.receipt}`, [404]],
    ['GET', "B's order, B's receipt one character off", () => `/api/fundraisers/demo/orders/${b.orderId}?receipt=${offByOne(b.receipt)}`, [404]],
    ['GET', "B's order, under another fundraiser", () => `/api/fundraisers/other/orders/${b.orderId}?receipt=${b.receipt.slice(0, 0)}`, [404]],
    ['POST', "cancel B's order with A's receipt", () => `/api/fundraisers/demo/orders/${b.orderId}/cancel?receipt=${a.receipt}`, [404]],
    ['GET', "A's own order", () => `/api/fundraisers/demo/orders/${a.orderId}?receipt=${a.receipt}`, [200]],
    ['GET', 'the sync path over plain HTTP', () => '/sync/demo', [404, 426]],
    ['GET', 'a page path', () => '/order/demo', [200, 404]],
  ];

  it.each(sweep)('%s %s: status as expected, nothing of B', async (method, _what, path, statuses) => {
    const answer = await api(test, method, path());
    expect(statuses).toContain(answer.status);
    expect(leaks(JSON.stringify(answer.body))).toBe(false);
  });

  it("B's idempotency key with A's order does not replay B's answer (which holds B's receipt)", async () => {
    const reused = await api(test, 'POST', '/api/fundraisers/demo/orders', order({ name: 'Alice Asker' }, 'beatrix-key-0001'));
    expect(reused.status).toBe(409);
    expect(leaks(JSON.stringify(reused.body))).toBe(false);
    const retried = await api(test, 'POST', '/api/fundraisers/demo/orders', order(B, 'beatrix-key-0001'));
    expect(retried.body).toEqual(b); // B's own retry still gets B's answer
  });

  it("B's order is still placed after the attempts to cancel it", async () => {
    const mine = await api(test, 'GET', `/api/fundraisers/demo/orders/${b.orderId}?receipt=${b.receipt}`);
    expect(mine.body.status).toBe('placed');
  });

  it('/sync without a token: closed 4401 before any byte of the document', async () => {
    const ws = new WebSocket(`${test.url.replace('http', 'ws')}/sync/demo`);
    const received: Buffer[] = [];
    ws.on('message', (data: Buffer) => received.push(data));
    ws.on('open', () => ws.send(new Uint8Array([0, 0, 1, 0]))); // "send me everything"
    const code = await new Promise<number>((resolve) => ws.on('close', (c) => resolve(c)));
    expect(code).toBe(4401);
    expect(received).toEqual([]);
  });
});

function offByOne(receipt: string): string {
  const last = receipt.at(-1) === 'A' ? 'B' : 'A';
  return receipt.slice(0, -1) + last;
}

describe("another customer's order, read while the room is not loaded (from the stored read model)", () => {
  let idle: TestApp;
  let mine: { orderId: string; receipt: string };
  let theirs: { orderId: string; receipt: string };
  beforeAll(async () => {
    idle = await startApp({ syncOptions: { idleUnloadMs: 40 } });
    mine = (await api(idle, 'POST', '/api/fundraisers/demo/orders', order({ name: 'Alice Asker' }, 'alice-key-0002'))).body;
    theirs = (await api(idle, 'POST', '/api/fundraisers/demo/orders', order(B, 'beatrix-key-0002'))).body;
    while (idle.app.server.rooms.isLoaded('demo')) await new Promise((resolve) => setTimeout(resolve, 20)); // idles out in 40 ms
  });
  afterAll(() => idle.close());

  it('gives the catalog and A its own order, nothing of B, and no receipt but B\'s opens B\'s order', async () => {
    const loads = idle.app.server.rooms.loadCount;
    const paths: [string, number][] = [
      ['/api/fundraisers/demo', 200],
      [`/api/fundraisers/demo/orders/${mine.orderId}?receipt=${mine.receipt}`, 200],
      [`/api/fundraisers/demo/orders/${theirs.orderId}?receipt=${mine.receipt}`, 404],
      [`/api/fundraisers/demo/orders/${theirs.orderId}?receipt=${offByOne(theirs.receipt)}`, 404],
      [`/api/fundraisers/demo/orders/${theirs.orderId}`, 404],
    ];
    for (const [path, status] of paths) {
      const answer = await api(idle, 'GET', path);
      expect(answer.status, path).toBe(status);
      expect([B.name, B.email, B.phone, theirs.receipt].some((secret) => JSON.stringify(answer.body).includes(secret)), path).toBe(false);
    }
    expect(idle.app.server.rooms.loadCount).toBe(loads); // all of it from the stored model
  });
});
