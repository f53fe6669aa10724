// What a fundraising manager's review of /manager found, each fixed and held here: checking in
// asks first and says what is still owed; money paid too much shows as a refund (order list,
// door list, order detail, dashboard); the lines editor shows the price it saves; every tab fits
// a 390 px phone; the device-built CSV names items and carries the note, and is the server's own
// file, times in the club's zone (TIME_ZONE) whatever the device's zone.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD, newContext, openDeviceApp, serverAndBrowser, type PlacedOrder } from './support';

const env = serverAndBrowser({ timeZone: 'Europe/Brussels' });
const E = '€\u00a0';

async function placeOrder(name: string, lines: { itemId: string; quantity: number }[], note?: string): Promise<PlacedOrder> {
  const response = await fetch(`${env.server.url}/api/fundraisers/demo/orders`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ customer: { name }, lines, ...(note ? { note } : {}), idempotencyKey: `review-${crypto.randomUUID()}` }),
  });
  if (response.status !== 201) throw new Error(`placing an order answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as PlacedOrder;
}

/** A CSV as the server sends it to the manager (with its byte order mark, as a download keeps it). */
async function serverCsv(name: 'orders' | 'payments'): Promise<string> {
  const login = await fetch(`${env.server.url}/api/login`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'manager', password: DEMO_PASSWORD }),
  });
  const { token } = (await login.json()) as { token: string };
  const response = await fetch(`${env.server.url}/api/fundraisers/demo/${name}.csv`, { headers: { authorization: `Bearer ${token}` } });
  return new TextDecoder('utf-8', { ignoreBOM: true }).decode(await response.arrayBuffer());
}

async function openManager(timezoneId?: string): Promise<Page> {
  const context = await newContext(env.browser, timezoneId ? { timezoneId } : {});
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
    expect(await manager.innerText('[data-testid=confirm] p')).toBe(`${olga.orderNumber} (Owing Olga) still owes ${E}4.50 — check in anyway?`);
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

    // The money goes back, and is recorded: the refund is what is left to refund, at most.
    await openOrder(manager, rita);
    await manager.click('.order-detail button:has-text("Record refund")');
    expect(await manager.inputValue('#detail-refund-amount')).toBe('5.00');
    await manager.fill('#detail-refund-amount', '6');
    await manager.click('.payment-form button:has-text("Record refund")');
    expect(await manager.innerText('.payment-form .field-error')).toBe('Only 5.00 was paid too much.');
    await manager.fill('#detail-refund-amount', '5');
    await manager.selectOption('#detail-refund-method', 'transfer'); // given back by bank transfer
    await manager.click('.payment-form button:has-text("Record refund")');
    await manager.waitForSelector('.order-detail [data-testid=balance]', { state: 'detached' });
    expect(await manager.innerText(`.order-row[data-order="${rita.orderNumber}"]`)).not.toContain('refund');
    expect((await dashboard(manager)).refund - before.refund).toBe(250); // Carl's is still to go back
    // The takings show the refund in its own method's column (no transfer was taken), and the money given back.
    expect(await manager.innerText('[data-testid=takings] thead')).toContain('Transfer');
    expect(await manager.innerText('[data-testid=takings] tr.you')).toContain(`${E}-5.00\n1 refund of ${E}5.00`);
    expect(await manager.innerText('[data-testid=refunded]')).toMatch(new RegExp(`^Given back \\(1 refund\\)\\s+${E}5\\.00$`));
    await manager.context().close();
  });

  it('fits a 390 px phone on every tab with wide data (long ids, names, notes); a tapped order scrolls into view', async () => {
    for (let i = 0; i < 12; i++) await placeOrder(`Maximiliane Oberhauser-Wittgenstein ${i}`, [{ itemId: 'spaghetti', quantity: 1 }, { itemId: 'lemonade', quantity: 2 }], 'Allergic to nuts; arrives late, keep two seats at the long table by the window');
    const context = await env.browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1, hasTouch: true, isMobile: true });
    context.setDefaultTimeout(10_000);
    const manager = await openDeviceApp(context, env.server.url, 'manager', 'manager');
    await manager.waitForSelector('[data-testid=connection]:text("Live")');
    const pageWidth = () => manager.evaluate(() => document.documentElement.scrollWidth);

    const last = manager.locator('.order-row').last(); // below the fold: the list is long
    await last.tap();
    const detail = await manager.waitForSelector('.order-detail');
    const top = await detail.evaluate((el) => el.getBoundingClientRect().top);
    expect(top).toBeGreaterThanOrEqual(0);
    expect(top).toBeLessThan(844 / 2); // brought up, not left below the list
    await manager.waitForSelector('.history tr[data-event=OrderPlaced]'); // its history, as wide as it gets
    expect(await pageWidth()).toBeLessThanOrEqual(390);

    const tabs = { Conflicts: '.card', Dashboard: '[data-testid=still-owed]', 'Door list': '[data-testid=door-list] tbody tr', Catalog: '.item-row[data-item=spaghetti]', Devices: '.devices-table tbody tr', Accounts: '.accounts-table tbody tr', 'New order': '.new-order' };
    const widths: Record<string, number> = {};
    for (const [tab, content] of Object.entries(tabs)) {
      await manager.click(`button[role=tab]:has-text("${tab}")`);
      await manager.waitForSelector(content);
      widths[tab] = await pageWidth();
    }
    expect(widths).toEqual(Object.fromEntries(Object.keys(tabs).map((tab) => [tab, 390])));
    await manager.fill('#book-qty-lemonade', '1'); // on the New order tab: booking opens the order's detail…
    await manager.fill('#book-name', 'Phone Paula');
    await manager.click('.new-order button[type=submit]');
    const booked = await manager.waitForSelector('.order-detail');
    expect(await booked.evaluate((el) => el.getBoundingClientRect().top)).toBeLessThan(844 / 2); // …in view, too
    await manager.click('button[role=tab]:has-text("Catalog")');
    const price = await manager.$eval('#item-spaghetti-price', (input) => ({ shown: (input as HTMLInputElement).clientWidth, needed: (input as HTMLInputElement).scrollWidth }));
    expect(price.needed).toBeLessThanOrEqual(price.shown); // "12.00" whole, not "12…"
    await manager.click('button[role=tab]:has-text("Devices")');
    expect(await manager.locator('.devices-table button:has-text("Revoke")').first().evaluate((b) => b.getBoundingClientRect().right)).toBeLessThanOrEqual(390);
    expect(await manager.innerText('.devices-table tbody tr td[data-label="Logged in"]')).toMatch(/^\S+ \S+,? \d{4},? \d\d:\d\d$/); // "Nov 30, 2026, 16:05", as the other tabs' times: not "11/30/2026, 4:05:00 PM"
    expect(await manager.innerText('.devices-table tbody tr td[data-label="Logged in"]')).not.toMatch(/\d+\/\d+/);
    await context.close();
  });

  it('catalog: a missing or taken item id says so in words, and the message goes at the next edit; a row keeps what is typed while orders arrive', async () => {
    const manager = await openManager();
    await manager.click('button[role=tab]:has-text("Catalog")');
    await manager.fill('#new-item-name', 'Waffle');
    await manager.fill('#new-item-price', '2.50');
    await manager.click('form:has(#new-item-id) button[type=submit]');
    expect(await manager.innerText('#new-item-id-error')).toBe('Give the item a short id, like waffle.');
    await manager.fill('#new-item-id', 'lemonade');
    await manager.waitForSelector('#new-item-id-error', { state: 'detached' }); // typing settles it
    await manager.click('form:has(#new-item-id) button[type=submit]');
    expect(await manager.innerText('#new-item-id-error')).toBe('Item lemonade already exists.');
    await manager.fill('#new-item-stock', '-3');
    await manager.fill('#new-item-id', 'waffle');
    await manager.waitForSelector('#new-item-id-error', { state: 'detached' });
    await manager.click('form:has(#new-item-id) button[type=submit]');
    expect(await manager.innerText('#new-item-stock-error')).toBe('Enter 0 to 1000000, or leave empty for unlimited.');

    // A website order arriving while the manager types a price (it moves "sold") keeps her
    // typing, and the row then says it saved.
    await manager.fill('#item-spaghetti-price', '13.50');
    const soldBefore = await manager.innerText('label[for=item-spaghetti-stock]');
    await placeOrder('Typing Tina', [{ itemId: 'spaghetti', quantity: 1 }]);
    await manager.waitForFunction((before) => document.querySelector('label[for=item-spaghetti-stock]')?.textContent !== before, soldBefore);
    expect(await manager.inputValue('#item-spaghetti-price')).toBe('13.50');
    await manager.click('.item-row[data-item=spaghetti] button[type=submit]');
    await manager.waitForSelector('.item-row[data-item=spaghetti] .item-save:has-text("Saved")');
    await manager.context().close();
  });

  it('exports a CSV on the device while offline with item names, the note, "placed by" named once, and the server\'s times', async () => {
    const web = await placeOrder('Csv Clara', [{ itemId: 'tiramisu', quantity: 2 }], 'Birthday, bring candles');
    const manager = await openManager('America/New_York'); // a laptop on another zone than the club's
    await manager.click('button[role=tab]:has-text("New order")');
    await manager.fill('#book-qty-lemonade', '1');
    await manager.fill('#book-name', 'Csv Carlos');
    await manager.click('.new-order button[type=submit]');
    const booked = await (await manager.waitForSelector('.order-detail')).getAttribute('data-order');
    await manager.waitForSelector('[data-testid=pending]:text("0 not on the server")');
    const fromServer = await serverCsv('orders');
    await manager.context().setOffline(true);
    await manager.waitForSelector('[data-testid=connection]:text("Offline")');
    const [download] = await Promise.all([manager.waitForEvent('download'), manager.click('button:has-text("Export CSV")')]);
    expect(download.suggestedFilename()).toBe('demo-orders-from-this-device.csv');
    const rows = readFileSync((await download.path())!, 'utf8').split('\r\n');
    expect(rows[0]!.endsWith(',placed by,note')).toBe(true);
    const row = (number: string) => rows.find((r) => r.startsWith(`${number},`))!;
    expect(row(web.orderNumber)).toContain(',2 x Tiramisu @ 4.50,');
    expect(row(web.orderNumber).endsWith(',website,"Birthday, bring candles"')).toBe(true);
    expect(row(booked!)).toContain(',1 x Lemonade @ ');
    expect(row(booked!).endsWith(',manager,')).toBe(true); // not "manager manager"
    expect(rows[0]!.startsWith('\uFEFForder number,')).toBe(true); // so Excel reads it as UTF-8
    expect(rows[0]).toContain(',placed at (Europe/Brussels),offset,placed by,');
    expect(row(booked!)).toMatch(/,\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,UTC\+0[12]:00,manager,$/); // Brussels, not New York
    expect(readFileSync((await download.path())!, 'utf8')).toBe(fromServer); // the very file the server sends

    // The slips: every payment and refund, who took it on which device (the cash boxes, in a file).
    await manager.click('button[role=tab]:has-text("Orders")');
    await manager.click(`.order-row[data-order="${booked}"]`);
    await manager.click('.order-detail button:has-text("Record payment")');
    await manager.click('.payment-form button:has-text("Record payment")');
    await manager.click('button[role=tab]:has-text("Dashboard")');
    const [slips] = await Promise.all([manager.waitForEvent('download'), manager.click('button:has-text("Export payments (CSV)")')]);
    expect(slips.suggestedFilename()).toBe('demo-payments-from-this-device.csv');
    const lines = readFileSync((await slips.path())!, 'utf8').split('\r\n');
    expect(lines[0]).toBe('\uFEFFrecorded at (Europe/Brussels),offset,order number,order id,payment id,kind,method,amount,recorded by,device,order status');
    expect(lines.find((line) => line.includes(`,${booked},`))).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,UTC\+0[12]:00,.*,payment,cash,[\d.]+,manager,[^,]+,paid$/);
    await manager.context().close();
  });
});
