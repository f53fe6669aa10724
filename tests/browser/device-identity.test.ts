// What a device keeps about itself: its Yjs clientID (reused per tab across reloads, never
// shared by two tabs), and its work when the login expired (kept, then synced after logging in).
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

const clientIdOf = async (page: Page) => page.$eval('.device-app', (el) => ({ id: el.getAttribute('data-client-id'), reused: el.getAttribute('data-client-id-reused') }));

describe('device identity', () => {
  it('reuses its clientID after a reload, and a second open tab gets its own', async () => {
    const context = await newContext(browser);
    const first = await openDeviceApp(context, server.url, 'clerk', 'clerk');
    await syncClerk(first); // a new device gets the menu with its first sync
    await first.click('button:has-text("+ New order")');
    await first.fill('#door-qty-lemonade', '1');
    await first.fill('#door-name', 'Counter Carla');
    await first.click('.new-order button[type=submit]');
    const number = await first.getAttribute('.checkin-card', 'data-order');
    expect(number).toMatch(/^C[A-Z0-9]{2}-1$/);
    const before = await clientIdOf(first);
    expect(before.reused).toBe('false');

    await first.reload();
    await first.waitForSelector('.device-app[data-doc=loaded]'); // a clerk may first show its read-model snapshot
    expect(await clientIdOf(first)).toEqual({ id: before.id, reused: 'true' });

    const second = await context.newPage();
    await second.goto(`${server.url}/clerk?fid=demo`);
    await second.waitForSelector('.device-app[data-doc=loaded]'); // a clerk may first show its read-model snapshot
    await syncClerk(second); // this tab's copy learns what the first tab wrote
    const other = await clientIdOf(second);
    expect(other.id).not.toBe(before.id);
    await second.click('button:has-text("+ New order")');
    await second.fill('#door-qty-lemonade', '2');
    await second.fill('#door-name', 'Second Sid');
    await second.click('.new-order button[type=submit]');
    expect(await second.getAttribute('.checkin-card', 'data-order')).toBe(number!.replace(/-1$/, '-2'));
    await context.close();
  });

  it('keeps local events when the token is refused, asks to log in again, then syncs them', async () => {
    const order = await placeOrderOverHttp(server.url, 'Token Tina', [{ itemId: 'veggie', quantity: 1 }]);
    const context = await newContext(browser, { phone: true });
    const clerk = await openDeviceApp(context, server.url, 'clerk', 'clerk');
    await syncClerk(clerk);
    await clerk.evaluate(() => {
      const key = 'fundraiser-orders:session';
      const session = JSON.parse(localStorage.getItem(key)!);
      localStorage.setItem(key, JSON.stringify({ ...session, token: `${session.token}-no-longer-valid` }));
    });
    await clerk.reload();
    await searchClerk(clerk, order.orderNumber);
    await clerk.click(`.checkin-card[data-order="${order.orderNumber}"] button:has-text("Check in")`);
    await clerk.waitForSelector('[data-testid=pending]:text("1 not on the server")');

    expect(await syncClerk(clerk)).toMatch(/login has expired/);
    await clerk.click('.device-notices button:has-text("Log in again")');
    expect(await clerk.inputValue('#login-username')).toBe('clerk');
    await clerk.fill('#login-password', 'test-demo-password');
    await clerk.click('.device-notices button[type=submit]');
    await clerk.waitForSelector('.device-notices [role=alert]:has-text("login has expired")', { state: 'detached' });
    await clerk.waitForSelector('[data-testid=sync-report]:text-matches("^Synced: sent 1,")'); // logging in again syncs
    await clerk.waitForSelector('[data-testid=pending]:text("0 not on the server")');
    await context.close();
  });
});
