// Two clerks, both offline, both working on the same order: after each has synced, both
// screens show the same order and the same conflicts.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { newContext, openDeviceApp, placeOrderOverHttp, searchClerk, syncClerk, serverAndBrowser } from './support';

const env = serverAndBrowser();

describe('two clerks offline on the same order', () => {
  it('converge to the same view after syncing', async () => {
    const order = await placeOrderOverHttp(env.server.url, 'Shared Sam', [{ itemId: 'veggie', quantity: 1 }]);
    const [contextA, contextB] = await Promise.all([newContext(env.browser, { phone: true }), newContext(env.browser, { phone: true })]);
    const [a, b] = await Promise.all([openDeviceApp(contextA, env.server.url, 'clerk', 'clerk'), openDeviceApp(contextB, env.server.url, 'clerk', 'clerk')]);
    await Promise.all([syncClerk(a), syncClerk(b)]);
    await Promise.all([contextA.setOffline(true), contextB.setOffline(true)]);

    const card = `.checkin-card[data-order="${order.orderNumber}"]`;
    await searchClerk(a, order.orderNumber);
    await a.click(`${card} button:has-text("Cash")`);
    await a.click(`${card} button:has-text("Yes, cash taken")`); // a payment takes a second tap
    await a.click(`${card} button:has-text("Check in")`);
    await searchClerk(b, order.orderNumber);
    await b.click(`${card} button:has-text("Card")`);
    await b.click(`${card} button:has-text("Yes, card paid")`);
    await b.click(`${card} button:has-text("Check in")`);

    await Promise.all([contextA.setOffline(false), contextB.setOffline(false)]);
    expect(await syncClerk(a)).toMatch(/^Synced: sent 2/);
    expect(await syncClerk(b)).toMatch(/^Synced: sent 2, received 2 changes; 1 new conflict/);
    expect(await syncClerk(a)).toMatch(/^Synced: sent 0, received 2 changes; 1 new conflict/);

    const [viewA, viewB] = await Promise.all([cardView(a, card), cardView(b, card)]);
    for (const view of [viewA, viewB]) expect(view.text).toContain('clerk on this device'); // each names its own device so
    expect(sameOnEveryDevice(viewA)).toEqual(sameOnEveryDevice(viewB));
    expect(viewA.status).toBe('checked_in');
    expect(viewA.conflict).toBe('overpaid');
    expect(viewA.text).toContain('Two payments were recorded without either device seeing the other. If the money was taken twice'); // perhaps one money recorded twice: undo one
    await Promise.all([contextA.close(), contextB.close()]);
  });
});

/** A card's view without the words that depend on which device reads it ("on this device"). */
function sameOnEveryDevice(view: { text: string }) {
  return { ...view, text: view.text.replace(/ on (this|another) device/g, ' on a device') };
}

async function cardView(page: Page, card: string) {
  await page.waitForSelector(`${card} [data-conflict]`);
  return page.$eval(card, (el) => ({
    status: el.querySelector('[data-status]')?.getAttribute('data-status'),
    conflict: el.querySelector('[data-conflict]')?.getAttribute('data-conflict'),
    text: (el as HTMLElement).innerText,
  }));
}
