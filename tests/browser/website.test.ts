// The public order page, in real Chromium against the real server.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DIST } from './build';
import { keepScreenshot, newContext, serverAndBrowser } from './support';

const env = serverAndBrowser();

describe('website /order/<fid>', () => {
  it('places an order, opens its receipt again from the link, and cancels it', async () => {
    const context = await newContext(env.browser);
    const page = await context.newPage();
    await page.goto(`${env.server.url}/order/demo`);
    await page.waitForSelector('.menu-item[data-item=tiramisu]');
    expect(await page.innerText('.menu-item[data-item=tiramisu] .left')).toBe('25 left');

    await page.click('.order-form button[type=submit]');
    expect(await page.innerText('#field-name-error')).toMatch(/required/i);

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
    again.on('dialog', (dialog) => void dialog.accept());
    await again.click('button.danger');
    await again.waitForSelector('[data-testid=receipt-status]:text("Cancelled")');

    const orders = await staffOrders(env.server.url);
    expect(orders.filter((o) => o.customer.name === 'Ada Lovelace')).toHaveLength(1);
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

  it('shows a clear message when more is asked than is left (409 sold_out)', async () => {
    const context = await newContext(env.browser);
    const page = await context.newPage();
    await page.goto(`${env.server.url}/order/demo`);
    await page.waitForSelector('.menu-item');
    await page.fill('#qty-tiramisu', '30');
    await page.fill('#field-name', 'Greedy Guest');
    await page.click('.order-form button[type=submit]');
    const banner = await page.waitForSelector('.notice.error');
    expect(await banner.innerText()).toMatch(/not enough left/i);
    expect(await page.innerText('.menu-item[data-item=tiramisu] .field-error')).toMatch(/tiramisu/i);
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
