// The manager's app sees website orders live, and edits through decide() on the device.
import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, cancelOverHttp, keepScreenshot, eventually, newContext, openDeviceApp, placeOrderOverHttp, serverAndBrowser } from './support';

const env = serverAndBrowser();

describe('manager /manager', () => {
  it('shows a website order placed from another page within 2 s, without a reload, marked new', async () => {
    const managerContext = await newContext(env.browser);
    const manager = await openDeviceApp(managerContext, env.server.url, 'manager', 'manager');
    await manager.waitForSelector('[data-testid=connection]:text("Live")');

    const customerContext = await newContext(env.browser);
    const website = await customerContext.newPage();
    await website.goto(`${env.server.url}/order/demo`);
    await website.waitForSelector('.menu-item');
    await website.fill('#qty-veggie', '2');
    await website.fill('#field-name', 'Live Larissa');
    await website.click('.order-form button[type=submit]');
    const number = await (await website.waitForSelector('.receipt .order-number')).innerText();

    // Without a reload; how soon is bench row 6's to measure ("visible on a connected manager").
    await manager.waitForSelector(`.order-row.new[data-order="${number}"]`);
    expect(await manager.innerText('[data-testid=announcement]')).toBe(`New website order ${number} from Live Larissa.`); // for a screen reader too
    expect(await manager.innerText(`.order-row[data-order="${number}"] .name`)).toBe('Live Larissa');
    await Promise.all([managerContext.close(), customerContext.close()]);
  });

  it('keeps working offline and catches up when the network is back; a website order placed while it was closed is new', async () => {
    const context = await newContext(env.browser);
    const manager = await openDeviceApp(context, env.server.url, 'manager', 'manager');
    await manager.waitForSelector('[data-testid=connection]:text("Live")');
    await context.setOffline(true);
    await manager.waitForSelector('[data-testid=connection]:text("Offline")');
    await manager.click('button[role=tab]:has-text("New order")');
    await manager.fill('#book-qty-lemonade', '4');
    await manager.fill('#book-name', 'Offline Otto');
    await manager.fill('#book-phone', '0470 11 22 33'); // he called: he is found by it below
    await manager.click('.new-order button[type=submit]');
    await manager.waitForSelector('.order-detail');
    await manager.waitForSelector('[data-testid=pending]:text("1 not on the server")');
    await context.setOffline(false);
    await manager.waitForSelector('[data-testid=connection]:text("Live")');
    await manager.waitForSelector('[data-testid=pending]:text("0 not on the server")');
    const names = await staffOrderNames(env.server.url);
    expect(names).toContain('Offline Otto');
    await manager.click('button[role=tab]:has-text("Orders")');
    await manager.fill('input[aria-label="Search orders"]', '04701122');
    expect(await manager.$$eval('.order-row .name', (rows) => rows.map((r) => r.textContent))).toEqual(['Offline Otto']);

    // A website order placed while the app was closed is new when it opens again, as one that
    // arrives live is (the first exchange brings it, before the app counts as live).
    await manager.close();
    const whileAway = await placeOrderOverHttp(env.server.url, 'Away Anna', [{ itemId: 'lemonade', quantity: 1 }]);
    const again = await context.newPage();
    await again.goto(`${env.server.url}/manager?fid=demo`);
    await again.waitForSelector(`.order-row.new[data-order="${whileAway.orderNumber}"]`);
    expect(await again.$(`.order-row.new:has-text("Offline Otto")`)).toBeNull(); // seen before: not new
    await context.close();
  });

  it('books an order, records a payment, checks it in, edits the catalog; errors show beside fields', async () => {
    const context = await newContext(env.browser);
    const manager = await openDeviceApp(context, env.server.url, 'manager', 'manager');
    await manager.waitForSelector('[data-testid=connection]:text("Live")');
    await manager.click('[data-testid=storage-warning] button'); // headless Chromium refuses persistence

    await manager.click('button[role=tab]:has-text("New order")');
    await manager.click('.new-order button[type=submit]');
    await manager.waitForSelector('#book-name-error');
    await manager.fill('#book-qty-tiramisu', '2');
    await manager.fill('#book-name', 'Phone Philippa');
    await manager.click('.new-order button[type=submit]');
    const detail = await manager.waitForSelector('.order-detail');
    const number = await detail.getAttribute('data-order');
    expect(number).toMatch(/^M[A-Z0-9]{2}-1$/);

    await manager.click('.order-detail button:has-text("Record payment")');
    await manager.fill('#detail-pay-amount', '100');
    await manager.click('.payment-form button[type=submit]');
    expect(await manager.innerText('#detail-pay-amount-error')).toMatch(/still owed/);
    await manager.fill('#detail-pay-amount', '9.00');
    await manager.click('.payment-form button[type=submit]');
    await manager.waitForSelector('.order-detail [data-status=paid]');
    await manager.click('.order-detail button:has-text("Check in")');
    expect(await manager.innerText('[data-testid=confirm] p')).toBe(`Check in ${number} (Phone Philippa)?`); // paid: nothing owed to mention
    await manager.click('[data-testid=confirm] button:has-text("Yes, check in")');
    await manager.waitForSelector('.order-detail [data-status=checked_in]');
    expect(await manager.innerText('.history')).toMatch(/Payment[\s\S]*Checked in/);
    const checkInRow = await manager.innerText('.history tr[data-event=OrderCheckedIn]');
    expect(checkInRow).toContain('checked it in'); // what was done, beside who and when…
    expect(checkInRow).not.toContain('[event'); // …not the whole sentence again
    await manager.waitForSelector('[data-testid=pending]:text("0 not on the server")');
    await keepScreenshot(manager, 'manager-orders.png');

    await manager.click('button[role=tab]:has-text("Catalog")');
    await manager.fill('#item-tiramisu-stock', '1');
    await manager.click('.item-row[data-item=tiramisu] button[type=submit]');
    expect(await manager.innerText('#item-tiramisu-stock-error')).toMatch(/already sold/);
    await manager.click('button:has-text("Close website ordering")');
    await manager.waitForSelector('[data-testid=website-state]:text("closed")');
    await manager.waitForSelector('[data-testid=pending]:text("0 not on the server")');
    await eventually(async () => !((await (await fetch(`${env.server.url}/api/fundraisers/demo`)).json()) as { websiteOpen: boolean }).websiteOpen, 5_000, 'the server to close website ordering');
    await manager.click('button:has-text("Open website ordering")');

    await manager.click('button[role=tab]:has-text("Dashboard")');
    await manager.waitForSelector('.chart [data-item=tiramisu]');
    expect(await manager.innerText('[data-testid=takings] tr.you')).toMatch(/^manager \(you\)\s+€\u00a09\.00\s+1 payment\s+€\u00a09\.00\s+1 payment$/); // the payment above, in cash
    await manager.waitForSelector('[data-testid=pending]:text("0 not on the server")');
    await keepScreenshot(manager, 'manager-dashboard.png');
    await context.close();
  });

  it('prints a door list: orders not cancelled, by name ignoring case and accents, with what is owed; only the list prints', async () => {
    for (const name of ['zoe Zimmer', 'Ärni Adler', 'bob Brown']) await placeOrderOverHttp(env.server.url, name, [{ itemId: 'lemonade', quantity: 1 }]);
    const gone = await placeOrderOverHttp(env.server.url, 'Carl Cancelled', [{ itemId: 'lemonade', quantity: 1 }]);
    expect((await cancelOverHttp(env.server.url, gone)).status).toBe(200);
    const context = await newContext(env.browser);
    const manager = await openDeviceApp(context, env.server.url, 'manager', 'manager');
    await manager.waitForSelector(`.order-row[data-order="${gone.orderNumber}"] [data-status=cancelled]`);
    await manager.click('button[role=tab]:has-text("Door list")');
    const names = await manager.$$eval('[data-testid=door-list] tbody tr td:nth-child(2)', (cells) => cells.map((c) => c.textContent ?? ''));
    const ours = names.filter((n) => ['zoe Zimmer', 'Ärni Adler', 'bob Brown', 'Carl Cancelled'].includes(n));
    expect(ours).toEqual(['Ärni Adler', 'bob Brown', 'zoe Zimmer']);
    expect(await manager.innerText('[data-testid=door-list] tr:has-text("bob Brown") .owes')).toMatch(/^owes €\u00a0\d+\.\d\d$/);
    await keepScreenshot(manager, 'manager-door-list.png');
    await manager.emulateMedia({ media: 'print' });
    expect(await manager.isVisible('.tabs')).toBe(false);
    expect(await manager.isVisible('.app-header')).toBe(false);
    expect(await manager.isVisible('[data-testid=door-list]')).toBe(true);
    await context.close();
  });

  it('starts a new fundraiser: opens its id, names its public page, defines an item, opens ordering; customers see it, then order', async () => {
    const context = await newContext(env.browser);
    const manager = await openDeviceApp(context, env.server.url, 'manager', 'manager');
    const asked: string[] = [];
    manager.once('dialog', (dialog) => { asked.push(dialog.message()); void dialog.dismiss(); }); // a typo is not a new fundraiser…
    await manager.fill('.fid-picker input', 'waffles');
    await manager.press('.fid-picker input', 'Enter');
    expect(asked).toEqual(['There is no fundraiser "waffles" yet. Start a new one with this id? (Its name and public page come under Catalog.)']);
    expect(await manager.inputValue('.fid-picker input')).toBe('demo');
    manager.once('dialog', (dialog) => void dialog.accept()); // …unless she says so
    await manager.fill('.fid-picker input', 'waffles');
    await manager.press('.fid-picker input', 'Enter');
    await manager.waitForURL(/fid=waffles/);
    await manager.waitForSelector('[data-testid=connection]:text("Live")');
    await manager.click('button[role=tab]:has-text("Catalog")');
    await manager.waitForSelector('[data-testid=public-page-state]:has-text("no public page yet")');
    await manager.click('[data-testid=public-page] button[type=submit]'); // no name yet
    expect(await manager.innerText('#public-page-name-error')).toContain('Give the fundraiser a name');
    await manager.fill('#public-page-name', 'Waffle sale');
    await manager.click('[data-testid=public-page] button[type=submit]');
    await manager.waitForSelector('[data-testid=public-page-state] a[href="/order/waffles"]');
    expect(await (await manager.waitForSelector('[data-testid=fundraiser-name]')).innerText()).toBe('Waffle sale'); // the header names it at once
    await manager.fill('#new-item-id', 'waffle');
    await manager.fill('#new-item-name', 'Waffle with cream');
    await manager.fill('#new-item-price', '3.50');
    await manager.fill('#new-item-stock', '80');
    await manager.click('form:has(#new-item-id) button[type=submit]');
    await manager.waitForSelector('[data-testid=pending]:text("0 not on the server")');

    const customer = await (await newContext(env.browser, { phone: true })).newPage();
    await customer.goto(`${env.server.url}/order/waffles`);
    await customer.waitForSelector('.menu-item:has-text("Waffle with cream")');
    expect(await customer.innerText('h1')).toBe('Waffle sale');
    await customer.waitForSelector('.notice:has-text("Online ordering is closed")'); // not opened yet: the menu, no form
    expect(await customer.$('#field-name')).toBeNull();

    await manager.click('button:has-text("Open website ordering")');
    await manager.waitForSelector('[data-testid=pending]:text("0 not on the server")');
    await keepScreenshot(manager, 'manager-new-fundraiser.png');
    await eventually(async () => ((await (await fetch(`${env.server.url}/api/fundraisers/waffles`)).json()) as { websiteOpen: boolean }).websiteOpen, 5_000, 'the server to open website ordering');
    await customer.reload();
    await customer.fill('#qty-waffle', '2');
    await customer.fill('#field-name', 'Wanda');
    await customer.click('.order-form button[type=submit]');
    expect(await (await customer.waitForSelector('.receipt .order-number')).innerText()).toMatch(/^W-\d+$/);
    await context.close();
  });
});

async function staffOrderNames(base: string): Promise<string[]> {
  const login = await fetch(`${base}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'manager', password: DEMO_PASSWORD }) });
  const { token } = (await login.json()) as { token: string };
  const response = await fetch(`${base}/api/fundraisers/demo/orders`, { headers: { authorization: `Bearer ${token}` } });
  return ((await response.json()) as { orders: { customer: { name: string } }[] }).orders.map((o) => o.customer.name);
}
