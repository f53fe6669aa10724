// A conflict handled: the manager marks it, with a note of what was done. It leaves her open
// count and the clerk's, and stays listed below the open ones with who, when and the note, on
// both devices; the clerk's card shows the note instead of what to do.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { cancelOverHttp, keepScreenshot, newContext, openDeviceApp, placeOrderOverHttp, searchClerk, serverAndBrowser, syncClerk } from './support';

const env = serverAndBrowser();

describe('handling a conflict', () => {
  it('the manager marks it handled with a note; both devices count it no more and show the note', async () => {
    const nora = await placeOrderOverHttp(env.server.url, 'Nora Handled', [{ itemId: 'spaghetti', quantity: 1 }]);
    const clerkContext = await newContext(env.browser, { phone: true });
    const clerk = await openDeviceApp(clerkContext, env.server.url, 'clerk', 'clerk');
    await syncClerk(clerk);
    // The clerk checks Nora in offline while she cancels on the website: an `overruled` conflict.
    await clerkContext.setOffline(true);
    await searchClerk(clerk, 'nora');
    const card = `.checkin-card[data-order="${nora.orderNumber}"]`;
    await clerk.click(`${card} button:has-text("Check in")`);
    await clerk.waitForSelector(`${card} [data-status=checked_in]`);
    expect((await cancelOverHttp(env.server.url, nora)).status).toBe(200);
    await clerkContext.setOffline(false);
    expect(await syncClerk(clerk)).toMatch(/1 new conflict/);
    await clerk.waitForSelector('[data-testid=conflict-count]:has-text("1 conflict")');

    const managerContext = await newContext(env.browser);
    const manager = await openDeviceApp(managerContext, env.server.url, 'manager', 'manager');
    await manager.click('button[role=tab]:has-text("Conflicts (1)")');
    const open = '[data-testid=open-conflicts] .conflict[data-kind=overruled]';
    await manager.click(`${open} button:has-text("Mark handled…")`);
    // The note takes focus; Escape is "Back" and returns to the button that asked.
    expect(await manager.evaluate(() => document.activeElement?.tagName)).toBe('TEXTAREA');
    await manager.keyboard.press('Escape');
    expect(await manager.evaluate(() => document.activeElement?.textContent)).toBe('Mark handled…');
    await manager.keyboard.press('Enter');
    await manager.keyboard.type('Called Nora: she is coming after all.');
    await manager.click(`${open} button[type=submit]`);

    await manager.waitForSelector('button[role=tab]:has-text("Conflicts (0)")');
    expect(await manager.innerText('.notice.ok')).toBe('No open conflicts: each one is marked handled.');
    expect(await manager.innerText('[data-testid=announcement]')).toBe('Conflict marked handled.');
    expect(await manager.evaluate(() => document.activeElement?.textContent)).toBe('Handled (1)'); // focus goes on, not to <body>
    await manager.click('[data-testid=handled-conflicts] summary');
    const mark = await manager.innerText('[data-testid=handled-conflicts] .conflict[data-kind=overruled] [data-testid=handled-mark]');
    expect(mark).toMatch(/^Handled by manager on this device, .+: Called Nora: she is coming after all\.$/);
    expect(await manager.$('[data-testid=handled-conflicts] button:has-text("Mark handled…")')).toBeNull();
    await keepScreenshot(manager, 'manager-conflict-handled.png');

    // The clerk, after a sync: nothing left to count, and the card says what was done.
    await syncClerk(clerk);
    await clerk.waitForSelector('[data-testid=conflict-count]', { state: 'detached' });
    await clerk.click('[data-testid=handled-count]:has-text("1 handled conflict — show")'); // still in reach
    expect(await clerk.innerText('.clerk-conflicts [data-testid=handled-conflicts] summary')).toBe('Handled (1)');
    await searchClerk(clerk, nora.orderNumber);
    const onCard = await clerk.innerText(`${card} [data-conflict=overruled] [data-testid=handled-mark]`);
    expect(onCard).toMatch(/^Handled by manager, .+: Called Nora: she is coming after all\.$/);
    expect(await clerk.$(`${card} [data-conflict=overruled] .what-to-do`)).toBeNull();
    await keepScreenshot(clerk, 'clerk-conflict-handled.png', { fullPage: true });

    // The mark was a mistake: the manager takes it back, saying why; both devices count it again.
    await manager.click('[data-testid=handled-conflicts] button:has-text("Reopen…")');
    expect(await manager.evaluate(() => document.activeElement?.tagName)).toBe('TEXTAREA');
    await manager.keyboard.type('Nora did not come after all.');
    await manager.click('[data-testid=handled-conflicts] button[type=submit]:has-text("Reopen")');
    await manager.waitForSelector('button[role=tab]:has-text("Conflicts (1)")');
    expect(await manager.innerText('[data-testid=announcement]')).toBe('Conflict reopened.');
    const reopened = await manager.innerText(open);
    expect(reopened).toMatch(/Reopened by manager on this device, .+: Nora did not come after all\./);
    expect(reopened).toMatch(/It had been handled by manager on this device, .+: Called Nora: she is coming after all\./);
    await syncClerk(clerk);
    await clerk.waitForSelector('[data-testid=conflict-count]:has-text("1 conflict")');
    await Promise.all([clerkContext.close(), managerContext.close()]);
  });

  it('a note half typed survives its conflict changing, and a conflict open again says how it was handled before', async () => {
    const sam = await placeOrderOverHttp(env.server.url, 'Sam Twice', [{ itemId: 'veggie', quantity: 1 }]);
    // Two clerks offline each take the whole amount: `overpaid`.
    const [contextA, contextB] = await Promise.all([newContext(env.browser, { phone: true }), newContext(env.browser, { phone: true })]);
    const [a, b] = await Promise.all([openDeviceApp(contextA, env.server.url, 'clerk', 'clerk'), openDeviceApp(contextB, env.server.url, 'clerk', 'clerk')]);
    await Promise.all([syncClerk(a), syncClerk(b)]);
    await Promise.all([contextA.setOffline(true), contextB.setOffline(true)]);
    const card = `.checkin-card[data-order="${sam.orderNumber}"]`;
    for (const clerk of [a, b]) {
      await searchClerk(clerk, sam.orderNumber);
      await clerk.click(`${card} button:has-text("Cash")`);
      await clerk.click(`${card} button:has-text("Yes, cash taken")`);
    }
    await Promise.all([contextA.setOffline(false), contextB.setOffline(false)]);
    await syncClerk(a);
    await syncClerk(b);

    const [oneContext, otherContext] = await Promise.all([newContext(env.browser), newContext(env.browser)]);
    const [mia, lea] = await Promise.all([openDeviceApp(oneContext, env.server.url, 'manager', 'manager'), openDeviceApp(otherContext, env.server.url, 'manager', 'manager')]);
    // The count of the first test's conflicts, which share this server, and Sam's.
    const tab = (n: number) => `button[role=tab]:has-text("Conflicts (${n})")`;
    await mia.click('#tab-conflicts');
    const overpaid = '[data-testid=open-conflicts] .conflict[data-kind=overpaid]';
    await mia.waitForSelector(overpaid); // the doc is loaded: the count is every conflict's
    const count = Number(/\((\d+)\)/.exec(await mia.innerText('#tab-conflicts'))![1]);
    await mia.click(`${overpaid} button:has-text("Mark handled…")`);
    await mia.keyboard.type('Gave 1.00 back');
    // Meanwhile the other manager gives part back: the conflict gains an event and is drawn anew.
    await refundOnDetail(lea, sam.orderNumber, '1.00');
    await mia.waitForSelector(`${overpaid} .handle-conflict [role=status]:has-text("This conflict changed while you wrote")`);
    expect(await mia.inputValue(`${overpaid} textarea`)).toBe('Gave 1.00 back');
    expect(await mia.evaluate(() => document.activeElement?.tagName)).toBe('TEXTAREA'); // still typing there
    await mia.keyboard.type(', the rest is owed back.');
    await mia.click(`${overpaid} button[type=submit]`);
    await mia.waitForSelector(tab(count - 1));

    // One more partial refund: the handled conflict changed, so it is open again, with its history.
    await refundOnDetail(lea, sam.orderNumber, '1.00');
    await mia.waitForSelector(tab(count));
    expect(await mia.innerText(`${overpaid} [data-testid=handled-mark]`)).toMatch(/^It changed since it was handled by manager on this device, .+: Gave 1\.00 back, the rest is owed back\.$/);
    await Promise.all([contextA.close(), contextB.close(), oneContext.close(), otherContext.close()]);
  });
});

/** A manager records a refund of `euros` from the order's detail. */
async function refundOnDetail(manager: Page, orderNumber: string, euros: string): Promise<void> {
  await manager.click('button[role=tab]:has-text("Orders")');
  await manager.click(`.order-row[data-order="${orderNumber}"]`);
  await manager.click('.order-detail button[data-action=refund]');
  await manager.fill('#detail-refund-amount', euros);
  await manager.click('.order-detail button:has-text("Record refund") >> nth=-1');
  await manager.waitForSelector('[data-testid=announcement]:has-text("given back")');
}
