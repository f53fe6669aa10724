// A tap on the wrong "Anna Schmidt" at the door: the clerk checked in and took cash for the
// wrong order. "Undo a mistake…" on the card takes the payment and the check-in back (events
// of their own, the log stays append-only); the server accepts them, and the customer's own
// view of the order is as before the mistake.
import { describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { formatMoney } from '../../client/shared/money';
import { cancelOverHttp, eventually, newContext, openDeviceApp, placeOrderOverHttp, searchClerk, serverAndBrowser, syncClerk, type PlacedOrder, customerViewOverHttp } from './support';

const env = serverAndBrowser();

/** The manager's app, with the order's detail open: its selector. */
async function managerOnOrder(context: BrowserContext, order: PlacedOrder): Promise<{ manager: Page; detail: string }> {
  const manager = await openDeviceApp(context, env.server.url, 'manager', 'manager');
  await manager.click('button[role=tab]:has-text("Orders")');
  await manager.click(`.order-row[data-order="${order.orderNumber}"]`);
  return { manager, detail: `.order-detail[data-order="${order.orderNumber}"]` };
}

const customersView = (order: PlacedOrder) => customerViewOverHttp(env.server.url, order);

describe('undoing a mistake at the door', () => {
  it('takes back a check-in and a cash payment made on the wrong order; the server and the customer see the order as before', async () => {
    const wrong = await placeOrderOverHttp(env.server.url, 'Anna Schmidt', [{ itemId: 'spaghetti', quantity: 1 }]);
    const context = await newContext(env.browser, { phone: true });
    const clerk = await openDeviceApp(context, env.server.url, 'clerk', 'clerk');
    await syncClerk(clerk);
    await searchClerk(clerk, wrong.orderNumber);
    const card = `.checkin-card[data-order="${wrong.orderNumber}"]`;
    await clerk.click(`${card} button:has-text("Check in")`);
    await clerk.click(`${card} button:has-text("Cash")`);
    await clerk.click(`${card} button:has-text("Yes, cash taken")`);
    await clerk.waitForSelector(`${card} .money:has-text("paid ${formatMoney(wrong.totalCents)}")`);
    await syncClerk(clerk);
    expect(await customersView(wrong)).toMatchObject({ status: 'checked_in', paidCents: wrong.totalCents });

    await clerk.click(`${card} button:has-text("Undo a mistake")`);
    expect(await clerk.innerText(`${card} [data-testid=corrections]`)).toContain(`${formatMoney(wrong.totalCents)} cash · clerk on this device · `); // as the history names people
    await clerk.click(`${card} [data-testid=corrections] button[aria-label="Undo the ${formatMoney(wrong.totalCents)} cash payment"]`);
    expect(await clerk.innerText(`${card} [data-testid=corrections] .confirm`)).toContain(`Undo the ${formatMoney(wrong.totalCents)} cash payment on ${wrong.orderNumber} (Anna Schmidt)?`);
    expect(await clerk.$(`${card} [data-testid=recorded-by-other]`)).toBeNull(); // the clerk's own payment: no one else to ask
    await clerk.click(`${card} [data-testid=corrections] button:has-text("Yes, undo")`);
    await clerk.waitForSelector(`${card} .money:has-text("owes ${formatMoney(wrong.totalCents)}")`);
    await clerk.waitForSelector(`[data-testid=announcement]:has-text("Payment on ${wrong.orderNumber} undone.")`); // said, not only shown
    await clerk.click(`${card} button:has-text("Undo a mistake")`);
    await clerk.click(`${card} [data-testid=corrections] button:has-text("Undo check-in")`);
    expect(await clerk.evaluate(() => document.activeElement?.textContent)).toBe('Back'); // the safe answer under a stray Enter
    await clerk.click(`${card} [data-testid=corrections] button:has-text("Yes, undo")`);
    await clerk.waitForSelector(`${card} button:has-text("Check in")`);
    expect(await clerk.$(`${card} button:has-text("Undo a mistake")`)).toBeNull(); // nothing left to undo

    await syncClerk(clerk);
    expect(await customersView(wrong)).toMatchObject({ status: 'placed', paidCents: 0 });
    await context.close();
  }, 60_000);

  it('the manager undoes a payment from the order detail, asked first; it leaves the paid amount and the history says so', async () => {
    const order = await placeOrderOverHttp(env.server.url, 'Paid Paula', [{ itemId: 'spaghetti', quantity: 1 }]);
    const context = await newContext(env.browser);
    const { manager, detail } = await managerOnOrder(context, order);
    expect(await manager.$(`${detail} button:has-text("Undo a mistake")`)).toBeNull(); // nothing to undo yet
    await manager.click(`${detail} button:has-text("Record payment")`);
    await manager.click(`${detail} .payment-form button[type=submit]`); // what is owed, suggested
    await manager.waitForSelector(`${detail} [data-status=paid]`);

    await manager.click(`${detail} button:has-text("Undo a mistake")`);
    await manager.click(`${detail} [data-testid=corrections] button[aria-label^="Undo the ${formatMoney(order.totalCents)}"]`);
    expect(await manager.evaluate(() => { // the question names the group a screen reader announces
      const group = document.querySelector('[data-testid=corrections] [role=group]');
      return document.getElementById(group?.getAttribute('aria-labelledby') ?? '')?.textContent;
    })).toMatch(/^Undo the .* payment on /);
    await manager.keyboard.press('Escape'); // "Back": nothing written, and focus is back on what asked
    expect(await manager.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toMatch(/^Undo the /);
    expect(await manager.getAttribute(`${detail} .badge`, 'data-status')).toBe('paid');
    await manager.click(`${detail} [data-testid=corrections] button[aria-label^="Undo the ${formatMoney(order.totalCents)}"]`);
    await manager.click(`${detail} [data-testid=corrections] button:has-text("Yes, undo")`);
    await manager.waitForSelector(`${detail} [data-status=placed]`);
    expect(await manager.innerText(`${detail} [data-testid=balance]`)).toContain(formatMoney(order.totalCents));
    await eventually(async () => (await manager.innerText(`${detail} .history`)).includes('Payment undone'));
    await context.close();
  }, 60_000);

  it('a manager\'s transfer on an order the customer then cancelled: the clerk is told to give it back, and cannot undo it', async () => {
    const order = await placeOrderOverHttp(env.server.url, 'Ben Banks', [{ itemId: 'spaghetti', quantity: 1 }]);
    const managerContext = await newContext(env.browser);
    const { manager, detail } = await managerOnOrder(managerContext, order);
    await manager.click(`${detail} button:has-text("Record payment")`);
    await manager.selectOption(`${detail} .payment-form select`, 'transfer');
    await manager.click(`${detail} .payment-form button[type=submit]`);
    await eventually(async () => (await customersView(order)).paidCents === order.totalCents, 10_000, 'the transfer on the server');
    expect((await cancelOverHttp(env.server.url, order)).status).toBe(200); // the customer, having seen it paid

    const context = await newContext(env.browser, { phone: true });
    const clerk = await openDeviceApp(context, env.server.url, 'clerk', 'clerk');
    await syncClerk(clerk);
    await searchClerk(clerk, order.orderNumber);
    const card = `.checkin-card[data-order="${order.orderNumber}"]`;
    const hint = await clerk.innerText(`${card} [data-conflict=overpaid] .what-to-do`);
    expect(hint).toContain(`The order is cancelled but was paid: give back ${formatMoney(order.totalCents)} to the customer and record it with "Refund".`);
    expect(hint).not.toContain('taken twice'); // one payment, cancelled: not a double recording
    expect(hint).not.toContain('Undo a mistake');

    await clerk.click(`${card} button:has-text("Undo a mistake")`);
    const corrections = `${card} [data-testid=corrections]`;
    expect(await clerk.innerText(corrections)).toContain(`${formatMoney(order.totalCents)} transfer · manager · `);
    expect(await clerk.innerText(`${corrections} [data-testid=managers-to-undo]`)).toBe('A transfer is undone by a manager.');
    expect(await clerk.$(`${corrections} button[data-undo]`)).toBeNull(); // nothing here a clerk may undo

    // The manager still may: her own list offers it.
    await manager.click(`${detail} button:has-text("Undo a mistake")`);
    await manager.waitForSelector(`${detail} [data-testid=corrections] button[aria-label="Undo the ${formatMoney(order.totalCents)} transfer payment"]`);
    await context.close();
    await managerContext.close();
  }, 60_000);

  it('undoing a payment someone else recorded names them in the question', async () => {
    const order = await placeOrderOverHttp(env.server.url, 'Carla Cash', [{ itemId: 'spaghetti', quantity: 1 }]);
    const managerContext = await newContext(env.browser);
    const { manager, detail } = await managerOnOrder(managerContext, order);
    await manager.click(`${detail} button:has-text("Record payment")`);
    await manager.click(`${detail} .payment-form button[type=submit]`); // cash, what is owed
    await eventually(async () => (await customersView(order)).paidCents === order.totalCents, 10_000, 'the payment on the server');

    const context = await newContext(env.browser, { phone: true });
    const clerk = await openDeviceApp(context, env.server.url, 'clerk', 'clerk');
    await syncClerk(clerk);
    await searchClerk(clerk, order.orderNumber);
    const card = `.checkin-card[data-order="${order.orderNumber}"]`;
    await clerk.click(`${card} button:has-text("Undo a mistake")`);
    await clerk.click(`${card} [data-testid=corrections] button[aria-label="Undo the ${formatMoney(order.totalCents)} cash payment"]`); // a clerk's method: the clerk may
    expect(await clerk.innerText(`${card} [data-testid=recorded-by-other]`)).toBe('Recorded by manager, not by you: ask them first whether it was a mistake.');
    await managerContext.close();
    await context.close();
  }, 60_000);
});
