// The public order page, in real Chromium against the real server.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DIST } from './build';
import { eventually, keepScreenshot, newContext, placeOrderOverHttp, serverAndBrowser, customerViewOverHttp } from './support';
import type { PlacedOrder } from './support';
import { managerDevice } from './website-staff';
import { expectFocus } from './a11y-support';

const env = serverAndBrowser();

describe('website /order/<fid>', () => {
  it('places an order, opens its receipt again from the link, and cancels it', async () => {
    const context = await newContext(env.browser);
    const page = await context.newPage();
    await page.goto(`${env.server.url}/order/demo`);
    await page.waitForSelector('.menu-item[data-item=tiramisu]');
    expect(await page.innerText('.menu-item[data-item=tiramisu] .left')).toBe('25 left');

    await page.click('.order-form button[type=submit]');
    expect(await page.innerText('#field-name-error')).toBe('A name is needed.');

    await page.click('button[aria-label="One more Spaghetti bolognese"]');
    await page.click('button[aria-label="One more Spaghetti bolognese"]');
    await page.fill('#qty-tiramisu', '1');
    await page.fill('#field-name', 'Ada Lovelace');
    await page.fill('#field-email', 'not an email');
    await page.click('.order-form button[type=submit]');
    await page.waitForSelector('#field-email-error');
    await page.fill('#field-email', 'ada@example.org');
    await keepScreenshot(page, 'website-order.png');
    await page.dblclick('.order-form button[type=submit]'); // a double click makes one order

    await page.waitForURL(/\/order\/demo\/receipt\/[^/?]+\?receipt=/);
    await page.waitForSelector('.receipt .order-number');
    expect(await page.innerText('[data-testid=receipt-total]')).toBe('€\u00a028.50');
    expect(await page.innerText('[data-testid=receipt-status]')).toBe('Placed');
    const receiptUrl = page.url();
    await keepScreenshot(page, 'website-receipt.png', { fullPage: true });

    const again = await context.newPage();
    await again.goto(receiptUrl);
    await again.waitForSelector('.receipt .order-number');
    const dialogs: string[] = [];
    again.on('dialog', (dialog) => (dialogs.push(dialog.message()), void dialog.dismiss()));
    await again.click('button:text("Cancel order")'); // asks on the page, in words that say which answer keeps the order
    const orderNumber = await again.innerText('.receipt .order-number');
    expect(await again.innerText('.cancel-confirm')).toContain(`Cancel order ${orderNumber}?`);
    await again.click('button:text("Keep my order")');
    expect(await again.$('.cancel-confirm')).toBeNull();
    expect(await again.innerText('[data-testid=receipt-status]')).toBe('Placed');
    await again.click('button:text("Cancel order")');
    await again.click('button:text("Yes, cancel my order")');
    await again.waitForSelector('[data-testid=receipt-status]:text("Cancelled")');
    expect(await again.innerText('[data-testid=receipt-hint]')).toBe('Cancelled: nothing to pay.');
    expect(dialogs).toEqual([]);

    const orders = await staffOrders(env.server.url);
    expect(orders.filter((o) => o.customer.name === 'Ada Lovelace')).toHaveLength(1);
    await context.close();
  });

  it('tells each receipt what is next from its status and money, and asks on the page before a cancel', async () => {
    const manager = await managerDevice(env.server.url, 'demo');
    const context = await newContext(env.browser);
    const page = await context.newPage();
    const open = async (order: PlacedOrder, status: string) => {
      await page.goto(receiptUrl(order));
      await page.waitForSelector(`[data-testid=receipt-status]:text("${status}")`);
      return page.innerText('[data-testid=receipt-hint]');
    };
    const first = await placeOrderOverHttp(env.server.url, 'Part Payer', [{ itemId: 'spaghetti', quantity: 2 }]); // € 24.00
    expect(await open(first, 'Placed')).toMatch(/^To pay at the event: €\u00a024\.00\./);
    expect(await page.$('[data-testid=still-to-pay]')).toBeNull();
    expect(await page.title()).toBe(`Order ${first.orderNumber} · Spaghetti dinner (demo)`);

    manager.act({ type: 'RecordPayment', orderId: first.orderId, paymentId: 'part', amountCents: 900, method: 'cash' });
    await eventually(async () => (await customerView(first)).paidCents === 900, 5_000, 'the payment on the server');
    expect(await open(first, 'Placed')).toMatch(/^To pay at the event: €\u00a015\.00\./);
    expect(await page.innerText('[data-testid=still-to-pay]')).toBe('€\u00a015.00');
    await page.click('button:text("Cancel order")');
    expect(await page.innerText('.cancel-confirm')).toMatch(new RegExp(`Cancel order ${first.orderNumber}\\?[\\s\\S]*refunds the €\u00a09\\.00 you paid`));
    await page.click('button:text("Yes, cancel my order")');
    await page.waitForSelector('[data-testid=receipt-status]:text("Cancelled")');
    expect(await page.innerText('[data-testid=receipt-hint]')).toBe('Cancelled: nothing to pay. The club refunds the €\u00a09.00 you paid: ask the club at the event.');
    expect(await page.$('[data-testid=still-to-pay]')).toBeNull(); // cancelled: nothing is owed

    const second = await placeOrderOverHttp(env.server.url, 'Full Payer', [{ itemId: 'spaghetti', quantity: 1 }]);
    manager.act({ type: 'RecordPayment', orderId: second.orderId, paymentId: 'full', amountCents: second.totalCents, method: 'card' });
    await eventually(async () => (await customerView(second)).status === 'paid', 5_000, 'the payment on the server');
    expect(await open(second, 'Paid')).toBe('Paid in full. Pick up at the event and tell them your order number.');
    manager.act({ type: 'CheckIn', orderId: second.orderId });
    await eventually(async () => (await customerView(second)).status === 'checked_in', 5_000, 'the check-in on the server');
    expect(await open(second, 'Checked in')).toBe('Checked in at the event: nothing more to do.');
    expect(await page.$('button:text("Cancel order")')).toBeNull();

    // Paid in full, then made cheaper: the receipt says what the club gives back, not just "Paid in full".
    const third = await placeOrderOverHttp(env.server.url, 'Over Payer', [{ itemId: 'spaghetti', quantity: 1 }]); // € 12.00
    manager.act({ type: 'RecordPayment', orderId: third.orderId, paymentId: 'over', amountCents: third.totalCents, method: 'cash' });
    manager.act({ type: 'ChangeLines', orderId: third.orderId, lines: [{ itemId: 'lemonade', quantity: 1 }] }); // € 2.50
    await eventually(async () => (await customerView(third)).totalCents === 250, 5_000, 'the change on the server');
    expect(await open(third, 'Paid')).toBe('Paid in full. You paid €\u00a012.00 for a total of €\u00a02.50: the club gives you €\u00a09.50 back, ask the club at the event. Pick up at the event and tell them your order number.');
    expect(await page.innerText('[data-testid=to-give-back]')).toBe('€\u00a09.50');
    manager.act({ type: 'CheckIn', orderId: third.orderId });
    await eventually(async () => (await customerView(third)).status === 'checked_in', 5_000, 'the check-in on the server');
    expect(await open(third, 'Checked in')).toBe('Checked in at the event. You paid €\u00a012.00 for a total of €\u00a02.50: the club gives you €\u00a09.50 back, ask the club at the event.');
    manager.close();
    await context.close();
  });

  it('by keyboard: a stepper at its end leaves focus on the quantity; "Keep my order" and Escape go back to "Cancel order"', async () => {
    const context = await newContext(env.browser);
    const page = await context.newPage();
    await page.goto(`${env.server.url}/order/demo`);
    await page.waitForSelector('.menu-item');
    // Price and what is left are read apart ("€ 12.00 51 left", not "€ 12.0051 left").
    expect(await page.$eval('.menu-item[data-item=spaghetti] .grow', (e) => e.textContent)).toMatch(/€\u00a012\.00 \d+ left$/);
    await page.click('button[aria-label="One more Lemonade"]');
    await page.focus('button[aria-label="One Lemonade less"]');
    await page.keyboard.press('Enter'); // down to 0: this button is disabled now
    await expectFocus(page, '#qty-lemonade');

    const order = await placeOrderOverHttp(env.server.url, 'Keeping Kai', [{ itemId: 'lemonade', quantity: 1 }]);
    await page.goto(receiptUrl(order));
    await page.click('button:text("Cancel order")');
    await expectFocus(page, '.cancel-confirm button.secondary'); // "Keep my order", the safe answer
    await page.keyboard.press('Escape');
    await page.waitForSelector('.cancel-confirm', { state: 'detached' });
    await expectFocus(page, 'button.danger');
    await page.keyboard.press('Enter');
    await page.click('.cancel-confirm button:text("Keep my order")');
    await expectFocus(page, 'button.danger');
    await context.close();
  });

  it('receipt: item names, never ids, while the menu loads; the time placed; a link to copy', async () => {
    const context = await newContext(env.browser);
    const page = await context.newPage();
    const order = await placeOrderOverHttp(env.server.url, 'Link Keeper', [{ itemId: 'tiramisu', quantity: 1 }]);
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/api/fundraisers/demo', async (route) => (await held, await route.continue()));
    await page.goto(receiptUrl(order));
    await page.waitForSelector('main.receipt[data-order-state=ready]'); // the order is in; the menu's names are not
    expect(await page.$('.receipt-lines')).toBeNull();
    release();
    expect(await (await page.waitForSelector('.receipt-lines tbody td')).innerText()).toBe('Tiramisu');
    expect(await page.innerText('[data-testid=placed-at]')).toMatch(new RegExp(`^Placed .*${new Date().getUTCFullYear()}`));

    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.click('button:text("Copy link")');
    await page.waitForSelector('text=Link copied.');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(page.url());
    await page.evaluate(() => (navigator.clipboard.writeText = () => Promise.reject(new Error('refused'))));
    await page.click('button:text("Copy link")'); // no clipboard: the link, selected in a box
    expect(await page.evaluate(() => {
      const box = document.activeElement as HTMLInputElement;
      return box.id === 'receipt-link' && box.readOnly && box.selectionStart === 0 && box.selectionEnd === box.value.length ? box.value : '';
    })).toBe(page.url());

    await page.unroute('**/api/fundraisers/demo');
    await page.route('**/api/fundraisers/demo', (route) => route.abort('connectionrefused'));
    await page.reload();
    expect(await (await page.waitForSelector('.receipt-lines tbody td')).innerText()).toBe('tiramisu'); // no menu: the id is all there is
    await context.close();
  });

  it('refuses an order whose request names a price (400), and says why beside the field', async () => {
    const context = await newContext(env.browser);
    const page = await context.newPage();
    await page.goto(`${env.server.url}/order/demo`);
    await page.waitForSelector('.menu-item');
    const answer = await page.evaluate(async () => {
      const response = await fetch('/api/fundraisers/demo/orders', {
        method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ customer: { name: 'Mallory' }, lines: [{ itemId: 'spaghetti', quantity: 1, unitPriceCents: 1 }] }),
      });
      return { status: response.status, body: await response.json() };
    });
    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe('invalid_request');
    await context.close();
  });

  it('shows a clear message beside the button when others took the stock meanwhile (409 sold_out)', async () => {
    const context = await newContext(env.browser);
    const page = await context.newPage();
    await page.goto(`${env.server.url}/order/demo`);
    const left = Number((await page.innerText('.menu-item[data-item=tiramisu] .left')).replace(' left', ''));
    await page.fill('#qty-tiramisu', String(left)); // all that is left, as the page knows it…
    await page.fill('#field-name', 'Greedy Guest');
    await placeOrderOverHttp(env.server.url, 'Quicker Guest', [{ itemId: 'tiramisu', quantity: 1 }]); // …and someone is quicker
    await page.click('.order-form button[type=submit]');
    const message = await page.waitForSelector('.order-footer [role=alert] .notice.error');
    expect(await message.innerText()).toMatch(/not enough left/i);
    expect(await page.innerText('.menu-item[data-item=tiramisu] .field-error')).toMatch(/tiramisu/i);
    await page.waitForSelector(`.menu-item[data-item=tiramisu] .left:text("${left - 1} left")`); // the menu was refreshed
    await context.close();
  });

  it('refuses an order priced otherwise than the page showed (the manager changed a price meanwhile), shows the new price, and places it at that price when sent again', async () => {
    const manager = await managerDevice(env.server.url, 'demo');
    const menuPrice = async () => ((await (await fetch(`${env.server.url}/api/fundraisers/demo`)).json()) as { items: { itemId: string; priceCents: number }[] }).items.find((i) => i.itemId === 'cocoa')?.priceCents;
    manager.act({ type: 'DefineItem', itemId: 'cocoa', name: 'Hot cocoa', priceCents: 300, stock: null });
    await eventually(async () => (await menuPrice()) === 300, 5_000, 'the new item on the website');
    const context = await newContext(env.browser);
    const page = await context.newPage();
    await page.goto(`${env.server.url}/order/demo`);
    await page.fill('#qty-cocoa', '4');
    await page.fill('#field-name', 'Price Paula');
    expect(await page.innerText('.order-total')).toBe('Total €\u00a012.00');
    manager.act({ type: 'ChangeItem', itemId: 'cocoa', priceCents: 350 }); // while her page is open
    await eventually(async () => (await menuPrice()) === 350, 5_000, 'the new price on the website');
    await page.click('.order-form button[type=submit]');
    const message = await page.waitForSelector('.order-footer [role=alert] .notice.error');
    expect(await message.innerText()).toBe('A price changed while this page was open: "Hot cocoa" now costs 3.50, not 3.00. The menu now shows the new prices: check your total, then press "Place order" again.');
    await page.waitForSelector('.order-total:text("Total €\u00a014.00")'); // the menu was read again
    await page.click('.order-form button[type=submit]');
    expect(await (await page.waitForSelector('[data-testid=receipt-total]')).innerText()).toBe('€\u00a014.00');
    manager.close();
    await context.close();
  });

  it('says so, rather than showing a blank page, for an unknown fundraiser, a broken receipt link or no server', async () => {
    const context = await newContext(env.browser);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${env.server.url}/order/no-such-fundraiser`);
    expect(await (await page.waitForSelector('.notice.error')).innerText()).toBe('There is no such fundraiser.');
    await page.goto(`${env.server.url}/order/demo/receipt/no-such-order?receipt=nope`);
    expect(await (await page.waitForSelector('.notice.error')).innerText()).toMatch(/cannot find this order/);
    for (const [path, says] of [['/order', /does not name a fundraiser/], ['/order/', /does not name a fundraiser/], ['/order/demo/receipt/', /receipt link is incomplete/], ['/order/demo/receipt/x', /receipt link is incomplete/]] as const) {
      const answer = await page.goto(`${env.server.url}${path}`); // the page, not the API's JSON
      expect(answer?.headers()['content-type']).toMatch(/text\/html/);
      expect(await (await page.waitForSelector('.notice.error')).innerText()).toMatch(says);
    }
    await page.route('**/api/fundraisers/demo', (route) => route.abort('connectionrefused'));
    await page.goto(`${env.server.url}/order/demo`); // the page loads; its API call cannot reach the server
    expect(await (await page.waitForSelector('.notice.error')).innerText()).toMatch(/could not be loaded/);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('loads no Yjs: the order page bundle imports no yjs or y-* code', () => {
    const html = readFileSync(join(DIST, 'order.html'), 'utf8');
    const scripts = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]!);
    expect(scripts.length).toBeGreaterThan(0);
    for (const script of scripts) expect(readFileSync(join(DIST, script), 'utf8')).not.toMatch(/Yjs was already imported|y-websocket|IndexeddbPersistence/);
    expect(readdirSync(join(DIST, 'assets')).some((f) => readFileSync(join(DIST, 'assets', f), 'utf8').includes('Yjs was already imported'))).toBe(true);
  });
});

async function staffOrders(base: string): Promise<{ customer: { name: string } }[]> {
  const login = await fetch(`${base}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'manager', password: 'test-demo-password' }) });
  const { token } = (await login.json()) as { token: string };
  const response = await fetch(`${base}/api/fundraisers/demo/orders`, { headers: { authorization: `Bearer ${token}` } });
  return ((await response.json()) as { orders: { customer: { name: string } }[] }).orders;
}

function receiptUrl(order: PlacedOrder): string {
  return `${env.server.url}/order/demo/receipt/${order.orderId}?receipt=${encodeURIComponent(order.receipt)}`;
}

function customerView(order: PlacedOrder): Promise<{ status: string; paidCents: number; totalCents: number }> {
  return customerViewOverHttp(env.server.url, order);
}
