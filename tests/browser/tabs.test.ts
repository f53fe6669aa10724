// The clerk's app open in two tabs of one browser (a stray second tab, a home-screen copy):
// each tab sees the other's work at once, offline too, so neither offers "Check in" for an
// order the other checked in, nor says "0 not on the server" while the other holds unsynced
// work; the work is sent by whichever tab syncs. Logging out in one tab logs out the others,
// and the server refuses the token from then on.
import { describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { DEMO_PASSWORD, newContext, openDeviceApp, placeOrderOverHttp, searchClerk, serverAndBrowser, syncClerk, type PlacedOrder, customerViewOverHttp } from './support';

const env = serverAndBrowser();

async function secondTab(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error('[second tab page error]', error));
  await page.goto(`${env.server.url}/clerk?fid=demo`); // logged in already: the session is the device's
  await page.waitForSelector('.device-app[data-doc=loaded]');
  return page;
}

const customersStatus = async (order: PlacedOrder) => (await customerViewOverHttp(env.server.url, order)).status;

describe('two tabs of the clerk app', () => {
  it("see each other's offline work at once; the pending count covers both; either tab's sync sends it", async () => {
    const order = await placeOrderOverHttp(env.server.url, 'Tabbed Tina', [{ itemId: 'spaghetti', quantity: 1 }]);
    const context = await newContext(env.browser);
    const first = await openDeviceApp(context, env.server.url, 'clerk', 'clerk');
    await syncClerk(first);
    const second = await secondTab(context);
    const card = `.checkin-card[data-order="${order.orderNumber}"]`;
    for (const tab of [first, second]) await searchClerk(tab, order.orderNumber);

    await context.setOffline(true);
    await second.click(`${card} button:has-text("Check in")`);
    await first.waitForSelector(`${card} .done-text:has-text("Checked in")`); // no "Check in" left to tap twice
    await first.waitForSelector('[data-testid=pending]:text("1 not on the server")');
    await second.close();

    await context.setOffline(false);
    expect(await syncClerk(first)).toMatch(/sent 1\b/);
    expect(await customersStatus(order)).toBe('checked_in');
    await context.close();
  }, 60_000);

  it("the manager's tabs too, offline, where the stock provider's own channel was closed", async () => {
    const context = await newContext(env.browser);
    const first = await openDeviceApp(context, env.server.url, 'manager', 'manager');
    await first.waitForSelector('[data-testid=connection]:text("Live")');
    const second = await context.newPage();
    await second.goto(`${env.server.url}/manager?fid=demo`);
    await second.waitForSelector('[data-testid=connection]:text("Live")');
    await context.setOffline(true);
    await second.waitForSelector('[data-testid=connection]:text("Offline")');
    await second.click('button[role=tab]:has-text("New order")');
    await second.fill('#book-qty-lemonade', '2');
    await second.fill('#book-name', 'Tabbed Theo');
    await second.click('.new-order button[type=submit]');
    await first.click('button[role=tab]:has-text("Orders")');
    await first.waitForSelector('.order-row:has-text("Tabbed Theo")');
    await first.waitForSelector('[data-testid=pending]:text("1 not on the server")');
    await context.close();
  }, 60_000);

  it('logging out in one tab logs the other out too, and ends the login on the server', async () => {
    const context = await newContext(env.browser);
    const first = await openDeviceApp(context, env.server.url, 'clerk', 'clerk');
    const second = await secondTab(context);
    const token = await first.evaluate(() => JSON.parse(localStorage.getItem('fundraiser-orders:session') ?? '{}').token as string);
    first.once('dialog', (dialog) => void dialog.accept());
    await first.click('.status-bar button:has-text("Log out")');
    await first.waitForSelector('#login-username');
    await second.waitForSelector('#login-username'); // not still working, and syncing, as the clerk

    const refused = await fetch(`${env.server.url}/api/logout`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    expect(refused.status).toBe(401); // the token ended with the logout

    // A shared tablet: nothing was unsent, so the login screen offers to remove the orders
    // (customers' names and phones) from the device; the other tab let go of them with its logout.
    const databases = () => first.evaluate(async () => (await indexedDB.databases()).map((d) => d.name));
    expect(await databases()).toContain('fundraiser-orders:demo');
    await first.click('[data-testid=remove-copy] button:has-text("Remove them from this device")');
    await first.waitForSelector('[data-testid=remove-copy][data-state=removed]');
    expect(await databases()).not.toContain('fundraiser-orders:demo');
    await first.fill('#login-username', 'clerk');
    await first.fill('#login-password', DEMO_PASSWORD);
    await first.click('button[type=submit]');
    expect(await syncClerk(first)).toMatch(/^Synced: sent 0, received \d+ changes/); // from the server again
    await context.close();
  }, 60_000);
});
