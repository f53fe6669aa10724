// A form or question open while a sync brings a change to the same order (a reviewer on flaky
// venue wifi, the manager and the door clerk on one order): the clerk's "Change lines" saved
// whole lines over the manager's added plate without a conflict, the cash question's amount
// changed under the clerk's finger, and the manager's half-typed customer details vanished.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { formatMoney } from '../../client/shared/money';
import { newContext, openDeviceApp, placeOrderOverHttp, searchClerk, serverAndBrowser, syncClerk } from './support';
import type { PlacedOrder } from './support';

const env = serverAndBrowser();

async function openOrder(manager: Page, order: PlacedOrder): Promise<void> {
  await manager.click('button[role=tab]:has-text("Orders")');
  await manager.click(`.order-row[data-order="${order.orderNumber}"]`);
  await manager.waitForSelector(`.order-detail[data-order="${order.orderNumber}"]`);
}

/** The manager adds one spaghetti to the order and waits until the server has it. */
async function managerAddsSpaghetti(manager: Page, order: PlacedOrder, to: number): Promise<void> {
  await openOrder(manager, order);
  await manager.click('.order-detail [data-action=lines]');
  await manager.fill('#change-qty-spaghetti', String(to));
  await manager.click('.editor button:has-text("Save lines")');
  await manager.waitForSelector('.order-detail .editor', { state: 'detached' });
  await manager.waitForSelector('[data-testid=pending]:text("0 not on the server")');
}

describe('a change arriving while a form is open', () => {
  it('the clerk’s lines form and cash question do not overwrite or misstate what the manager changed; the manager’s typing stays', async () => {
    const lines = await placeOrderOverHttp(env.server.url, 'Lines Lena', [{ itemId: 'spaghetti', quantity: 1 }, { itemId: 'lemonade', quantity: 3 }]);
    const cash = await placeOrderOverHttp(env.server.url, 'Cash Carl', [{ itemId: 'spaghetti', quantity: 1 }]);
    const manager = await openDeviceApp(await newContext(env.browser), env.server.url, 'manager', 'manager');
    await manager.waitForSelector('[data-testid=connection]:text("Live")');
    const clerk = await openDeviceApp(await newContext(env.browser, { phone: true }), env.server.url, 'clerk', 'clerk');
    await syncClerk(clerk);

    // The clerk opens Change lines; the manager adds a plate; the sync brings it.
    await searchClerk(clerk, lines.orderNumber);
    const card = `.checkin-card[data-order="${lines.orderNumber}"]`;
    await clerk.click(`${card} button:has-text("Change lines")`);
    await managerAddsSpaghetti(manager, lines, 2);
    await syncClerk(clerk);
    await clerk.waitForSelector(`${card} .lines li:has-text("2 × Spaghetti")`);
    const notice = await clerk.waitForSelector(`${card} [data-testid=changed-meanwhile]`);
    expect(await notice.innerText()).toContain('This order changed while the form was open (it now holds 2 × Spaghetti bolognese, 3 × Lemonade).');
    await clerk.fill(`#door-change-${lines.orderId}-qty-lemonade`, '4');
    await clerk.click(`${card} .editor button:has-text("Save lines")`);
    expect(await clerk.innerText('[data-testid=pending]')).toBe('0 not on the server'); // nothing saved over the manager's plate
    await clerk.click(`${card} [data-testid=changed-meanwhile] button`);
    expect(await clerk.inputValue(`#door-change-${lines.orderId}-qty-spaghetti`)).toBe('2');
    await clerk.fill(`#door-change-${lines.orderId}-qty-lemonade`, '4');
    await clerk.click(`${card} .editor button:has-text("Save lines")`);
    await clerk.waitForSelector(`${card} .lines li:has-text("4 × Lemonade")`);
    expect(await clerk.innerText(`${card} .lines`)).toContain('2 × Spaghetti');

    // The cash question names an amount; a sync that changes it closes the question and says so.
    await searchClerk(clerk, cash.orderNumber);
    const cashCard = `.checkin-card[data-order="${cash.orderNumber}"]`;
    await clerk.click(`${cashCard} button:has-text("Cash")`);
    expect(await clerk.innerText(`${cashCard} .confirm-payment`)).toContain(`Take ${formatMoney(cash.totalCents)} by cash`);
    await managerAddsSpaghetti(manager, cash, 2);
    await syncClerk(clerk);
    const said = await clerk.waitForSelector(`${cashCard} [role=alert]`);
    expect(await said.innerText()).toBe(`${cash.orderNumber} changed while you were asking (a sync brought another change): it now owes ${formatMoney(cash.totalCents * 2)}. Nothing was recorded.`);
    expect(await clerk.$(`${cashCard} .confirm-payment`)).toBeNull();
    expect(await clerk.innerText(`${cashCard} .money`)).toContain(`owes ${formatMoney(cash.totalCents * 2)}`); // no payment was recorded

    // The manager types new details; the clerk checks that order in meanwhile: the form and its text stay.
    await openOrder(manager, lines);
    await manager.click('.order-detail [data-action=customer]');
    await manager.fill('#customer-change-phone', '0170 555');
    await searchClerk(clerk, lines.orderNumber);
    await clerk.click(`${card} button:has-text("Check in")`);
    await syncClerk(clerk);
    await manager.waitForSelector(`.order-detail[data-order="${lines.orderNumber}"] [data-status=checked_in]`);
    expect(await manager.inputValue('#customer-change-phone')).toBe('0170 555');
    expect(await manager.$('.order-detail [data-testid=changed-meanwhile]')).toBeNull(); // the check-in did not touch the customer
    await manager.context().close();
    await clerk.context().close();
  });
});
