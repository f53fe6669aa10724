// Words a volunteer can use, in real Chromium against the real server: an order's history names
// people and "this device", never a device id.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { newContext, openDeviceApp, placeOrderOverHttp, searchClerk, serverAndBrowser, syncClerk } from './support';

const env = serverAndBrowser();

/** Waits (auto-waiting, no sleep) until `selector` holds exactly `text`; else fails showing what it held. */
async function hasText(page: Page, selector: string, text: string): Promise<void> {
  const found = page.locator(selector).first();
  try {
    await page.waitForFunction(([sel, want]) => document.querySelector(sel!)?.textContent === want, [selector, text], { timeout: 5_000 });
  } catch {
    expect(await found.textContent(), selector).toBe(text);
  }
}

describe('an order history in words', () => {
  it('says "customer (website)", "clerk" and "manager on this device"; device ids only in the cells\' titles', async () => {
    const order = await placeOrderOverHttp(env.server.url, 'Hilde History', [{ itemId: 'spaghetti', quantity: 1 }]);
    const clerkContext = await newContext(env.browser, { phone: true });
    const clerk = await openDeviceApp(clerkContext, env.server.url, 'clerk', 'clerk');
    await syncClerk(clerk);
    await searchClerk(clerk, order.orderNumber);
    const card = `.checkin-card[data-order="${order.orderNumber}"]`;
    await clerk.click(`${card} button:has-text("Check in")`);
    await clerk.waitForSelector(`${card} button:has-text("Undo a mistake")`);
    await syncClerk(clerk);
    await clerkContext.close();

    const context = await newContext(env.browser);
    const manager = await openDeviceApp(context, env.server.url, 'manager', 'manager');
    await manager.click('button[role=tab]:has-text("Orders")');
    await manager.click(`.order-row[data-order="${order.orderNumber}"]`);
    const detail = `.order-detail[data-order="${order.orderNumber}"]`;
    await manager.click(`${detail} button:has-text("Record payment")`);
    await manager.click(`${detail} .payment-form button[type=submit]`); // what is owed, suggested
    await manager.waitForSelector(`${detail} .history tr[data-event=PaymentRecorded]`);

    const who = (event: string) => `${detail} .history tr[data-event=${event}] td:nth-child(2)`;
    await hasText(manager, who('OrderPlaced'), 'customer (website)');
    await hasText(manager, who('OrderCheckedIn'), 'clerk'); // one clerk, one device: the device tells nothing
    await hasText(manager, who('PaymentRecorded'), 'manager on this device');
    const thisDevice = await manager.evaluate(() => (JSON.parse(localStorage.getItem('fundraiser-orders:device') ?? '{}') as { deviceId?: string }).deviceId);
    expect(thisDevice).toMatch(/^dev-/);
    expect(await manager.getAttribute(who('PaymentRecorded'), 'title')).toBe(`device ${thisDevice}`); // for support
    expect(await manager.getAttribute(who('OrderCheckedIn'), 'title')).toMatch(/^device dev-/);
    expect(await manager.$$eval(`${detail} .history th`, (ths) => ths.map((th) => th.textContent))).toEqual(['When', 'Who', 'Event', 'What']);
    expect(await manager.innerText(`${detail} .history`)).not.toMatch(/dev-[a-z0-9]/); // no raw id anywhere in the table's text
    await context.close();
  }, 60_000);
});
