// The website's command API against the real product on port 0: CQRS commands priced by
// the server, receipts, idempotency, refusals with the contract's codes, staff reads.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decide, Projection } from '../../domain';
import { attachProjection } from '../../sync-server/shared/doc-projection';
import { api, CLERK, device, MANAGER, startApp, until } from '../support/app';
import type { TestApp } from '../support/app';

let test: TestApp;
beforeAll(async () => {
  test = await startApp();
});
afterAll(() => test.close());

const order = (extra: Record<string, unknown> = {}) => ({
  customer: { name: 'Anna Berg', email: 'anna@example.org' }, lines: [{ itemId: 'spaghetti', quantity: 2 }], ...extra,
});
const place = (body: unknown) => api(test, 'POST', '/api/fundraisers/demo/orders', body);

describe('the catalog', () => {
  it('shows items with prices and units left; an unknown fundraiser is 404 not_found', async () => {
    const { status, body } = await api(test, 'GET', '/api/fundraisers/demo');
    expect(status).toBe(200);
    expect(body).toMatchObject({ id: 'demo', websiteOpen: true });
    expect(body.items).toContainEqual({ itemId: 'tiramisu', name: 'Tiramisu', priceCents: 450, available: 25 });
    expect((await api(test, 'GET', '/api/fundraisers/nope')).body.error.code).toBe('not_found');
  });
});

describe('placing an order', () => {
  it('answers 201 with the server’s price, and the customer reads it back with the receipt', async () => {
    const placed = await place(order());
    expect(placed.status).toBe(201);
    expect(placed.body).toMatchObject({ orderNumber: expect.stringMatching(/^W-\d+$/), totalCents: 2400 });
    const read = await api(test, 'GET', `/api/fundraisers/demo/orders/${placed.body.orderId}?receipt=${placed.body.receipt}`);
    expect(read.body).toMatchObject({ orderId: placed.body.orderId, status: 'placed', totalCents: 2400, paidCents: 0, lines: [{ itemId: 'spaghetti', quantity: 2, unitPriceCents: 1200 }] });
  });

  it('refuses a price in the body, unknown fields, bad JSON and other content types', async () => {
    const priced = await place(order({ lines: [{ itemId: 'spaghetti', quantity: 1, unitPriceCents: 1 }] }));
    expect(priced.status).toBe(400);
    expect(priced.body.error).toMatchObject({ code: 'invalid_request', issues: [{ path: 'lines.0' }] });
    expect((await place(order({ totalCents: 1 }))).status).toBe(400);
    expect((await place('{"customer":')).body.error.code).toBe('invalid_request');
    const form = await api(test, 'POST', '/api/fundraisers/demo/orders', undefined, { 'content-type': 'text/plain' });
    expect(form.status).toBe(415);
  });

  it('gives the zod issues beside the fields', async () => {
    const { status, body } = await place({ customer: { name: '' }, lines: [{ itemId: 'spaghetti', quantity: 0 }] });
    expect(status).toBe(400);
    expect(body.error.issues.map((i: { path: string }) => i.path)).toEqual(expect.arrayContaining(['customer.name', 'lines.0.quantity']));
  });

  it('refuses invisible characters in a name or a note (a text-direction override shows "Anna" reversed); a note keeps its lines', async () => {
    for (const name of ['\u202Eanna', 'an\u0000na', 'two\nlines']) {
      const refused = await place({ customer: { name }, lines: [{ itemId: 'spaghetti', quantity: 1 }] });
      expect(refused.body.error.issues, JSON.stringify(name)).toEqual([{ path: 'customer.name', message: 'Only visible characters, on one line.' }]);
    }
    const bell = await place({ customer: { name: 'Bea' }, note: 'ring\u0007', lines: [{ itemId: 'spaghetti', quantity: 1 }] });
    expect(bell.body.error.issues).toEqual([{ path: 'note', message: 'Only visible characters.' }]);
    expect((await place({ customer: { name: 'Bea' }, note: 'no onions\nat the back', lines: [{ itemId: 'spaghetti', quantity: 1 }] })).status).toBe(201);
  });

  it('refuses unknown items and more than is left with 409', async () => {
    expect((await place(order({ lines: [{ itemId: 'pizza', quantity: 1 }] }))).body.error.code).toBe('unknown_item');
    const tooMany = await place(order({ lines: [{ itemId: 'tiramisu', quantity: 26 }] }));
    expect(tooMany.status).toBe(409);
    expect(tooMany.body.error).toMatchObject({ code: 'sold_out', issues: [{ path: 'lines.0.quantity' }] });
  });

  it('refuses with 409 price_changed an order priced otherwise than the page showed (Expected-Prices, an extension); a retry of a placed order is its first answer', async () => {
    const shown = (prices: string) => api(test, 'POST', '/api/fundraisers/demo/orders', order({ idempotencyKey: 'shown-prices-01' }), { 'expected-prices': prices });
    const changed = await shown('spaghetti=1100');
    expect(changed.status).toBe(409);
    expect(changed.body.error).toMatchObject({ code: 'price_changed', message: '"Spaghetti bolognese" now costs 12.00, not 11.00.', issues: [{ path: 'lines.0.itemId' }] });
    for (const bad of ['spaghetti', 'spaghetti=-1', 'spaghetti=1,spaghetti=2', 'spaghetti=12.00']) {
      expect((await shown(bad)).body.error, bad).toMatchObject({ code: 'invalid_request', message: expect.stringContaining('Expected-Prices') });
    }
    const placed = await shown('spaghetti=1200');
    expect(placed.status).toBe(201);
    expect((await shown('spaghetti=1100')).body).toEqual(placed.body); // placed already: the same order, whatever a reloaded page shows
  });

  it('the same idempotency key yields the first answer again, and one order', async () => {
    const body = order({ idempotencyKey: 'retry-key-0001' });
    const [first, second] = await Promise.all([place(body), place(body)]);
    const third = await place(body);
    expect(second.body).toEqual(first.body);
    expect(third.body).toEqual(first.body);
    const orders = await api(test, 'GET', '/api/fundraisers/demo/orders', undefined, { authorization: `Bearer ${test.token(MANAGER)}` });
    expect(orders.body.orders.filter((o: { orderId: string }) => o.orderId === first.body.orderId)).toHaveLength(1);
  });
});

describe('customers and their receipts', () => {
  it('customer A cannot read or cancel customer B’s order', async () => {
    const a = (await place(order())).body;
    const b = (await place(order({ customer: { name: 'Bo' } }))).body;
    expect((await api(test, 'GET', `/api/fundraisers/demo/orders/${b.orderId}?receipt=${a.receipt}`)).status).toBe(404);
    expect((await api(test, 'GET', `/api/fundraisers/demo/orders/${b.orderId}`)).status).toBe(404);
    expect((await api(test, 'POST', `/api/fundraisers/demo/orders/${b.orderId}/cancel?receipt=${a.receipt}`)).status).toBe(404);
    expect((await api(test, 'GET', '/api/fundraisers/demo/orders')).status).toBe(401);
  });

  it('cancels once; a second cancel is 409 not_cancellable', async () => {
    const a = (await place(order())).body;
    const cancel = () => api(test, 'POST', `/api/fundraisers/demo/orders/${a.orderId}/cancel?receipt=${a.receipt}`);
    const first = await cancel();
    expect(first.body).toMatchObject({ status: 'cancelled' });
    expect((await cancel()).body.error.code).toBe('not_cancellable');
  });
});

describe('devices and the website', () => {
  it('a website order reaches a connected manager’s document, and closing the website refuses orders with 409 closed', async () => {
    const manager = device(test, MANAGER);
    const { projection } = attachProjection(manager.doc);
    await until(manager.doc, () => projection.items().length > 0);
    const placed = (await place(order())).body;
    await until(manager.doc, () => projection.order(placed.orderId) !== undefined);
    expect(projection.order(placed.orderId)).toMatchObject({ totalCents: 2400, placedBy: { role: 'website' } });

    const close = decide({ type: 'SetWebsiteOrdering', open: false }, projection, { eventId: 'close-web', at: new Date().toISOString(), actor: MANAGER });
    if (!close.ok) throw new Error(close.error.message);
    manager.doc.transact(() => manager.doc.getArray('replicated').push(close.events));
    await expect.poll(async () => (await place(order())).body.error?.code).toBe('closed');
    const reopen = decide({ type: 'SetWebsiteOrdering', open: true }, projection, { eventId: 'open-web-again', at: new Date().toISOString(), actor: MANAGER });
    if (reopen.ok) manager.doc.transact(() => manager.doc.getArray('replicated').push(reopen.events));
    await expect.poll(async () => (await place(order())).status).toBe(201);
    manager.destroy();
  });
});

describe('staff reads', () => {
  it('lists orders and conflicts for a clerk; the CSV is the manager’s', async () => {
    const clerk = { authorization: `Bearer ${test.token(CLERK)}` };
    const list = await api(test, 'GET', '/api/fundraisers/demo/orders', undefined, clerk);
    expect(list.status).toBe(200);
    expect(list.body.orders[0]).toMatchObject({ orderId: expect.any(String), status: expect.any(String), lines: expect.any(Array) });
    const placedBy = list.body.orders[0].placedBy.role === 'website' ? 'the customer on the website placed it' : 'placed it';
    expect(list.body.orders[0].history[0]).toMatchObject({ type: 'OrderPlaced', description: expect.stringContaining(placedBy) });
    expect(list.body.conflicts).toEqual(expect.any(Array));
    expect((await api(test, 'GET', '/api/fundraisers/demo/orders.csv', undefined, clerk)).status).toBe(403);
    const csv = await api(test, 'GET', '/api/fundraisers/demo/orders.csv', undefined, { authorization: `Bearer ${test.token(MANAGER)}` });
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.body.split('\r\n')[0]).toContain('order number,order id,status');
    expect(csv.body.split('\r\n')[0]).toMatch(/,placed by,note$/); // the columns the device's own export has
    const itemNames = list.body.orders[0].lines.map((l: { itemId: string }) => l.itemId);
    expect(csv.body).not.toMatch(new RegExp(`\\d+ x (${itemNames.join('|')}) @`)); // items by their catalog names
    expect((await api(test, 'GET', '/api/fundraisers/demo/payments.csv', undefined, clerk)).status).toBe(403);
    const slips = await api(test, 'GET', '/api/fundraisers/demo/payments.csv', undefined, { authorization: `Bearer ${test.token(MANAGER)}` });
    expect(slips.headers.get('content-disposition')).toBe('attachment; filename="demo-payments.csv"');
    // No TIME_ZONE given: the server's own zone (TZ), named in the header.
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    expect(slips.body.split('\r\n')[0]).toBe(`recorded at (${zone}),offset,order number,order id,payment id,kind,method,amount,recorded by,device,order status`);
    expect(csv.body.split('\r\n')[0]).toContain(`,placed at (${zone}),offset,`);
    const raw = new Uint8Array(await (await fetch(`${test.url}/api/fundraisers/demo/payments.csv`, { headers: { authorization: `Bearer ${test.token(MANAGER)}` } })).arrayBuffer());
    expect([...raw.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // a byte order mark (fetch's text() drops it), for Excel
  });
});

describe('durability', () => {
  it('after a restart every accepted order is there, with its receipt, and numbers keep counting', async () => {
    const before = (await place(order())).body;
    test = await test.restart();
    const read = await api(test, 'GET', `/api/fundraisers/demo/orders/${before.orderId}?receipt=${before.receipt}`);
    expect(read.body.orderNumber).toBe(before.orderNumber);
    const after = (await place(order())).body;
    expect(Number(after.orderNumber.slice(2))).toBe(Number(before.orderNumber.slice(2)) + 1);
  });
});

describe('rate limit', () => {
  it('refuses orders above ORDER_RATE_LIMIT per minute from one address with 429 rate_limited', async () => {
    const limited = await startApp({ orderRateLimit: 2 });
    const post = () => api(limited, 'POST', '/api/fundraisers/demo/orders', order());
    expect([(await post()).status, (await post()).status]).toEqual([201, 201]);
    const third = await post();
    expect(third.status).toBe(429);
    expect(third.body.error.code).toBe('rate_limited');
    await limited.close();
  });
});

// The server's own projection must equal a refold of its document (no drift).
describe('server projection', () => {
  it('equals a full fold of the document', async () => {
    await test.app.server.rooms.use('demo', async (room) => {
      const folded = Projection.fold(room.doc.getArray('website').toArray(), room.doc.getArray('replicated').toArray());
      const live = await test.app.fundraisers.read('demo', (p) => p);
      expect(live!.orders().length).toBe(folded.orders().length);
      expect(live!.conflicts()).toEqual(folded.conflicts());
    });
  });
});
