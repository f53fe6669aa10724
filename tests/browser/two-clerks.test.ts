// Two clerks, both offline, both working on the same order: after each has synced, both
// screens show the same order and the same conflicts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, newContext, openDeviceApp, placeOrderOverHttp, searchClerk, startServer, syncClerk } from './support';
import type { TestServer } from './support';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('two clerks offline on the same order', () => {
  it('converge to the same view after syncing', async () => {
    const order = await placeOrderOverHttp(server.url, 'Shared Sam', [{ itemId: 'veggie', quantity: 1 }]);
    const [contextA, contextB] = await Promise.all([newContext(browser, { phone: true }), newContext(browser, { phone: true })]);
    const [a, b] = await Promise.all([openDeviceApp(contextA, server.url, 'clerk', 'clerk'), openDeviceApp(contextB, server.url, 'clerk', 'clerk')]);
    await Promise.all([syncClerk(a), syncClerk(b)]);
    await Promise.all([contextA.setOffline(true), contextB.setOffline(true)]);

    const card = `.checkin-card[data-order="${order.orderNumber}"]`;
    await searchClerk(a, order.orderNumber);
    await a.click(`${card} button:has-text("Cash")`);
    await a.click(`${card} button:has-text("Check in")`);
    await searchClerk(b, order.orderNumber);
    await b.click(`${card} button:has-text("Card")`);
    await b.click(`${card} button:has-text("Check in")`);

    await Promise.all([contextA.setOffline(false), contextB.setOffline(false)]);
    expect(await syncClerk(a)).toMatch(/^Synced: sent 2/);
    expect(await syncClerk(b)).toMatch(/^Synced: sent 2, received 2, 1 new conflict/);
    expect(await syncClerk(a)).toMatch(/^Synced: sent 0, received 2, 1 new conflict/);

    const [viewA, viewB] = await Promise.all([cardView(a, card), cardView(b, card)]);
    expect(viewA).toEqual(viewB);
    expect(viewA.status).toBe('checked_in');
    expect(viewA.conflict).toBe('overpaid');
    await Promise.all([contextA.close(), contextB.close()]);
  });
});

async function cardView(page: Page, card: string) {
  await page.waitForSelector(`${card} [data-conflict]`);
  return page.$eval(card, (el) => ({
    status: el.querySelector('[data-status]')?.getAttribute('data-status'),
    conflict: el.querySelector('[data-conflict]')?.getAttribute('data-conflict'),
    text: (el as HTMLElement).innerText,
  }));
}
