// A club that counts in pounds (CURRENCY=GBP): the website, the manager and the clerk show £
// wherever they show money or ask for an amount, as the server's pages name it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, newContext, openDeviceApp, placeOrderOverHttp, searchClerk, startServer, syncClerk, type TestServer } from './support';

let server: TestServer;
let browser: Browser;
beforeAll(async () => {
  [server, browser] = await Promise.all([startServer({ currency: { code: 'GBP', symbol: '£' } }), launchBrowser()]);
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('a club counting in pounds', () => {
  it('shows £ on the website, in the manager’s catalog and at the clerk’s door', async () => {
    const context = await newContext(browser);
    const website = await context.newPage();
    await website.goto(`${server.url}/order/demo`);
    expect(await website.innerText('.menu-item[data-item=spaghetti] .price')).toBe('£\u00a012.00');

    const manager = await openDeviceApp(context, server.url, 'manager', 'manager');
    await manager.click('button[role=tab]:has-text("Catalog")');
    expect(await manager.innerText('label[for=new-item-price]')).toBe('Price (£)');

    const order = await placeOrderOverHttp(server.url, 'Pound Pat', [{ itemId: 'spaghetti', quantity: 1 }]);
    const clerkContext = await newContext(browser, { phone: true });
    const clerk = await openDeviceApp(clerkContext, server.url, 'clerk', 'clerk');
    await syncClerk(clerk);
    await searchClerk(clerk, order.orderNumber);
    const card = `.checkin-card[data-order="${order.orderNumber}"]`;
    await clerk.waitForSelector(`${card} .money:has-text("owes £\u00a012.00")`);
    await clerk.click(`${card} button:has-text("Other amount")`);
    expect(await clerk.innerText(`label[for="pay-${order.orderId}-amount"]`)).toBe('Amount (£)');
    await Promise.all([context.close(), clerkContext.close()]);
  });
});
