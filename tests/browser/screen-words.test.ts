// Words a volunteer (or their screen reader) can use, in real Chromium against the real server:
// an order's history names people and "this device", never a device id; and the clerk's search
// says how many orders match once typing pauses, not on every keystroke.
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

/**
 * Empties the clerk's search, then types `text` key by key, 30 ms apart, as a person types. The
 * keys are timers in the page, as is the app's 500 ms pause, and timers fire in the order they
 * are due: typing never pauses 500 ms however busy the machine is (keys sent from the test could).
 */
async function typeInSearch(page: Page, text: string, selector = 'input.search'): Promise<void> {
  await page.evaluate(async ([keys, where]) => {
    const input = document.querySelector<HTMLInputElement>(where!)!;
    input.focus();
    input.value = '';
    input.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'deleteContentBackward' }));
    for (const key of keys!) {
      input.value += key;
      input.dispatchEvent(new InputEvent('input', { bubbles: true, data: key, inputType: 'insertText' }));
      await new Promise((next) => setTimeout(next, 30));
    }
  }, [text, selector]);
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

describe('the clerk\'s search, said', () => {
  it('says how many orders match once typing pauses: one announcement per pause, not one per keystroke', async () => {
    for (const name of ['Annabel Able', 'Annabel Baker', 'Annabel Carter']) await placeOrderOverHttp(env.server.url, name, [{ itemId: 'lemonade', quantity: 1 }]);
    for (let n = 1; n <= 31; n++) await placeOrderOverHttp(env.server.url, `Bulk Buyer ${n}`, [{ itemId: 'lemonade', quantity: 1 }]);
    const context = await newContext(env.browser, { phone: true });
    await context.addInitScript(() => { // every text the live region takes, in order
      const said: string[] = [];
      (window as unknown as { __said: string[] }).__said = said;
      const watch = new MutationObserver(() => {
        const region = document.querySelector('[data-testid=announcement]');
        if (!region) return;
        watch.disconnect();
        new MutationObserver(() => { if (region.textContent) said.push(region.textContent); }).observe(region, { childList: true, characterData: true, subtree: true });
      });
      watch.observe(document, { childList: true, subtree: true });
    });
    const clerk = await openDeviceApp(context, env.server.url, 'clerk', 'clerk');
    await syncClerk(clerk);
    const region = '[data-testid=announcement]';
    const said = () => clerk.evaluate(() => (window as unknown as { __said: string[] }).__said);

    await typeInSearch(clerk, 'annabel');
    await hasText(clerk, region, '3 orders match “annabel”.');
    await typeInSearch(clerk, 'xyzzy');
    await hasText(clerk, region, 'No order matches “xyzzy”.');
    await typeInSearch(clerk, 'bulk buyer');
    await hasText(clerk, region, 'Showing 30 of 31 orders matching “bulk buyer” — type more.');
    expect(await said()).toEqual(['3 orders match “annabel”.', 'No order matches “xyzzy”.', 'Showing 30 of 31 orders matching “bulk buyer” — type more.']);

    // The manager's order list says it the same way.
    const manager = await openDeviceApp(await newContext(env.browser), env.server.url, 'manager', 'manager');
    await manager.waitForSelector('.order-row');
    await typeInSearch(manager, 'annabel', 'input[aria-label="Search orders"]');
    await hasText(manager, region, '3 orders match “annabel”.');
    await manager.context().close();
    await context.close();
  }, 60_000);
});
