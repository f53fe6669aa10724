// Selling past the stock a device knows: offline, its stock is the last sync's. The door is
// refused a cake the device counts sold out, though the manager has since baked more; "Sell
// anyway" books it, and the sync settles it: within the new stock no conflict, past it oversold.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { eventually, newContext, openDeviceApp, placeOrderOverHttp, serverAndBrowser, syncClerk } from './support';
import { managerDevice, managerToken } from './website-staff';

const env = serverAndBrowser();

/** The server's conflicts about the cake, as the staff API lists them. */
async function cakeConflicts(): Promise<{ kind: string; message: string }[]> {
  const response = await fetch(`${env.server.url}/api/fundraisers/demo/orders`, { headers: { authorization: `Bearer ${await managerToken(env.server.url)}` } });
  const { conflicts } = (await response.json()) as { conflicts: { kind: string; itemId?: string; message: string }[] };
  return conflicts.filter((c) => c.itemId === 'cake');
}

const cakesSold = async () => {
  const catalog = (await (await fetch(`${env.server.url}/api/fundraisers/demo`)).json()) as { items: { itemId: string; available: number | null }[] };
  return catalog.items.find((i) => i.itemId === 'cake')?.available;
};

async function bookCake(clerk: Page, name: string, field = '#door-qty-cake'): Promise<void> {
  await clerk.click('button:has-text("+ New order")');
  await clerk.fill(field, '1');
  await clerk.fill('#door-name', name);
  await clerk.click('.new-order button[type=submit]');
}

describe('a sale past the stock the door knows', () => {
  it('is refused as sold out, offered as "Sell anyway", booked, and settled by the sync: no conflict within the raised stock, oversold past it', async () => {
    const manager = await managerDevice(env.server.url, 'demo');
    manager.act({ type: 'DefineItem', itemId: 'cake', name: 'Cake', priceCents: 200, stock: 1 });
    await eventually(async () => (await cakesSold()) === 1, 5_000, 'the cake on the server');
    await placeOrderOverHttp(env.server.url, 'First Fiona', [{ itemId: 'cake', quantity: 1 }]); // the last one
    const context = await newContext(env.browser, { phone: true });
    const clerk = await openDeviceApp(context, env.server.url, 'clerk', 'clerk');
    expect(await syncClerk(clerk)).toMatch(/^Synced/);
    await context.setOffline(true);
    manager.act({ type: 'ChangeItem', itemId: 'cake', stock: 2 }); // one more baked, after the door's sync

    await bookCake(clerk, 'Counter Carl');
    expect(await clerk.innerText('.new-order .line-input[data-item=cake] .field-error')).toContain('"Cake" is sold out.');
    await clerk.click('[data-testid=sell-anyway] button:has-text("Sell anyway")');
    const carl = await (await clerk.waitForSelector('.checkin-card:has-text("Counter Carl")')).getAttribute('data-order');
    await context.setOffline(false);
    expect(await syncClerk(clerk)).toMatch(/^Synced: sent 2, received \d+ changes?; no new conflicts/); // the order and its check-in; within the stock
    expect(await cakeConflicts()).toEqual([]);

    await bookCake(clerk, 'Greedy Gus'); // the device now knows the stock of 2, both sold
    await clerk.click('[data-testid=sell-anyway] button:has-text("Sell anyway")');
    await clerk.waitForSelector('.checkin-card:has-text("Greedy Gus")');
    expect(await syncClerk(clerk)).toMatch(/^Synced: sent 2,/); // the device counted the conflict when it booked: not new to it
    const [oversold] = await cakeConflicts();
    expect(oversold).toMatchObject({ kind: 'oversold', message: expect.stringContaining('"Cake": 3 sold but only 2 in stock') });
    expect(oversold!.message).toContain('Greedy Gus'); // the order past the stock, not Carl's
    expect(oversold!.message).not.toContain('Counter Carl');

    // One more on Carl's order, at the door: the lines form offers the same.
    await clerk.fill('input.search', carl!);
    const card = `.checkin-card[data-order="${carl}"]`;
    await clerk.click(`${card} button:has-text("Change lines")`);
    await clerk.fill(`${card} .editor input[id$="-qty-cake"]`, '2');
    await clerk.click(`${card} .editor button:has-text("Save lines")`);
    await clerk.click(`${card} [data-testid=sell-anyway] button:has-text("Sell anyway")`);
    await clerk.waitForSelector(`${card} .lines li:has-text("2 × Cake")`);
    manager.close();
    await context.close();
  });
});
