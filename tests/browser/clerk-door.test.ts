// The door's tablet: one more plate goes on the same order; a payment takes a second tap (a mistake would have to be undone) or another amount
// through the form; logging out offline says no one can log in until the network is back;
// and when someone else logs in on a device holding another person's unsynced changes, the
// app says whose they are and does not try a sync the server would refuse, until they log in.
// What was paid too much is given back and recorded (a refund) from the same card.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { formatMoney } from '../../client/shared/money';
import { DEMO_PASSWORD, cancelOverHttp, newContext, openDeviceApp, placeOrderOverHttp, searchClerk, syncClerk, serverAndBrowser, type PlacedOrder } from './support';

const env = serverAndBrowser();

describe('clerk at the door', () => {
  it('takes payments in two taps or by amount; keeps unsynced work for its author when someone else logs in', async () => {
    const pat = await placeOrderOverHttp(env.server.url, 'Paying Pat', [{ itemId: 'spaghetti', quantity: 2 }]);
    const context = await newContext(env.browser, { phone: true });
    const clerk = await openDeviceApp(context, env.server.url, 'clerk', 'clerk');
    await syncClerk(clerk);
    await searchClerk(clerk, pat.orderNumber);
    const card = `.checkin-card[data-order="${pat.orderNumber}"]`;

    await clerk.click(`${card} button:has-text("Cash")`);
    expect(await clerk.innerText(`${card} .confirm-payment`)).toContain(`Take ${formatMoney(pat.totalCents)} by cash for ${pat.orderNumber}?`);
    await clerk.click(`${card} .confirm-payment button:has-text("Back")`);
    await clerk.waitForSelector(`${card} .confirm-payment`, { state: 'detached' });
    expect(await clerk.innerText('[data-testid=pending]')).toBe('0 not on the server'); // nothing was taken
    await clerk.waitForSelector(`${card}:not([data-held])`); // a tap where "Back" was is a double tap's for a moment

    await clerk.click(`${card} button:has-text("Other amount")`);
    await clerk.fill(`#pay-${pat.orderId}-amount`, '5');
    await clerk.click(`${card} button:has-text("Record payment")`);
    await clerk.waitForSelector(`${card} .money:has-text("owes ${formatMoney(pat.totalCents - 500)}")`);
    // One more plate on the same order, not a second order: the lines change at the door.
    await clerk.click(`${card} button:has-text("Change lines")`);
    await clerk.fill(`#door-change-${pat.orderId}-qty-spaghetti`, '3');
    await clerk.click(`${card} .editor button:has-text("Save lines")`);
    const total = (pat.totalCents / 2) * 3;
    await clerk.waitForSelector(`${card} .lines li:has-text("3 × Spaghetti")`);
    await clerk.waitForSelector(`${card} .money:has-text("owes ${formatMoney(total - 500)}")`);
    await clerk.click(`${card} button:has-text("Card")`);
    await clerk.click(`${card} button:has-text("Yes, card paid")`);
    await clerk.waitForSelector(`${card} [data-status=paid]`);
    await clerk.waitForSelector('[data-testid=pending]:text("3 not on the server")');

    await context.setOffline(true);
    expect(await askedOnLogOut(clerk, 'dismiss')).toMatch(/^You are offline: logging in needs the network.*3 change\(s\) are only on this device.*only clerk can send them/);
    await context.setOffline(false);
    expect(await askedOnLogOut(clerk, 'accept')).toMatch(/^3 change\(s\) are only on this device.*only clerk can send them/);
    await clerk.waitForSelector('#login-username');
    expect(await clerk.$('[data-testid=remove-copy]')).toBeNull(); // unsent work is never offered for removal

    await logIn(clerk, 'manager');
    const notice = await clerk.waitForSelector('[data-testid=other-author]');
    expect(await notice.innerText()).toMatch(/3 change\(s\) on this device were made by clerk/);
    expect(await syncClerk(clerk)).toMatch(/^Sync did not finish: Changes on this device by clerk are not on the server yet, and only clerk can send them/);
    expect(await clerk.innerText('[data-testid=pending]')).toBe('3 not on the server');

    await askedOnLogOut(clerk, 'accept', '[data-testid=other-author] button:has-text("Log out")');
    await logIn(clerk, 'clerk');
    expect(await syncClerk(clerk)).toMatch(/^Synced: sent 3,/);
    expect(await clerk.$('[data-testid=other-author]')).toBeNull();

    // Pat cancels on the website after paying at the door: the money is given back, and
    // recorded, so the conflict goes and the takings add up.
    expect((await cancelOverHttp(env.server.url, pat)).status).toBe(200);
    expect(await syncClerk(clerk)).toMatch(/1 new conflict/);
    await searchClerk(clerk, pat.orderNumber);
    await clerk.waitForSelector(`${card} [data-conflict=overpaid]:has-text("The order is cancelled but was paid: give back ${formatMoney(total)}")`); // no double recording to undo
    expect(await clerk.innerText(`${card} [data-conflict=overpaid]`)).toContain('(taken by clerk on this device)'); // a person, not "clerk (device dev-…)"
    expect(await clerk.innerText(`${card} .money`)).toContain(`paid ${formatMoney(total)}: give back ${formatMoney(total)}`);
    await clerk.click(`${card} button:has-text("Refund by card")`);
    expect(await clerk.innerText(`${card} .confirm-payment`)).toContain(`Give ${formatMoney(total)} back to the card for ${pat.orderNumber}?`);
    await clerk.click(`${card} button:has-text("Yes, given back")`);
    await clerk.waitForSelector(`${card} [data-conflict]`, { state: 'detached' });
    expect(await clerk.innerText(`${card} .money`)).toContain(`paid ${formatMoney(0)}`);
    await clerk.click('button:has-text("Takings (cash box)")');
    // The card's money went back to it, and the refund is on the slips, not hidden in a sum.
    expect(await clerk.innerText('[data-testid=device-takings]')).toBe(`Taken on this device: cash ${formatMoney(500)} (1 payment) · card ${formatMoney(-500)} (1 payment · 1 refund of ${formatMoney(total)})`);
    expect(await syncClerk(clerk)).toMatch(/^Synced: sent 1,/);
    await context.close();
  });
});

describe('an order holding units past the stock', () => {
  it("says so on its card at the door and in the manager's detail, with what to do", async () => {
    const managerContext = await newContext(env.browser);
    const manager = await openDeviceApp(managerContext, env.server.url, 'manager', 'manager');
    await manager.waitForSelector('[data-testid=connection]:text("Live")');
    // Offline, the manager says the tiramisu is sold out; meanwhile the website takes 3 more.
    await manager.click('button[role=tab]:has-text("Catalog")');
    const sold = Number(/\((\d+) sold\)/.exec(await manager.innerText('label[for=item-tiramisu-stock]'))![1]);
    await managerContext.setOffline(true);
    await manager.fill('#item-tiramisu-stock', String(sold));
    await manager.click('.item-row[data-item=tiramisu] button[type=submit]');
    await manager.waitForSelector('.item-row[data-item=tiramisu] [role=status]:text("Saved")');
    const eva = await placeOrderOverHttp(env.server.url, 'Eva Late', [{ itemId: 'tiramisu', quantity: 3 }, { itemId: 'lemonade', quantity: 1 }]);
    const otto = await placeOrderOverHttp(env.server.url, 'Otto Lemonade', [{ itemId: 'lemonade', quantity: 2 }]);
    await managerContext.setOffline(false);
    await manager.waitForSelector('[data-testid=pending]:text("0 not on the server")');

    const named = `${eva.orderNumber} (Eva Late): 3 units`;
    const hint = 'At the door: ask the manager before handing out the last ones.';
    await manager.click('button[role=tab]:has-text("Orders")');
    await manager.click(`.order-row[data-order="${eva.orderNumber}"]`);
    expect(await (await manager.waitForSelector('.order-detail [data-conflict=oversold]')).innerText()).toContain(named);

    const clerkContext = await newContext(env.browser, { phone: true });
    const clerk = await openDeviceApp(clerkContext, env.server.url, 'clerk', 'clerk');
    await syncClerk(clerk);
    await searchClerk(clerk, eva.orderNumber);
    const onCard = await clerk.waitForSelector(`.checkin-card[data-order="${eva.orderNumber}"] [data-conflict=oversold]`);
    expect(await onCard.innerText()).toContain(named);
    expect(await clerk.innerText(`.checkin-card[data-order="${eva.orderNumber}"] [data-conflict=oversold] .what-to-do`)).toContain(hint);
    // An order holding none of the units past the stock is not flagged.
    await searchClerk(clerk, otto.orderNumber);
    await clerk.waitForSelector(`.checkin-card[data-order="${otto.orderNumber}"]`);
    expect(await clerk.$(`.checkin-card[data-order="${otto.orderNumber}"] [data-conflict]`)).toBeNull();
    await Promise.all([managerContext.close(), clerkContext.close()]);
  });
});

describe('a double tap on a confirm', () => {
  // The question's buttons go away and the card's others move up under the finger: the second
  // tap of a double tap on "Yes, given back" opened "Undo a mistake…" (a paid order cancelled
  // on the website, its money given back at the door).
  it('does not act on what takes its place; a key on it does', async () => {
    const place = (name: string) => placeOrderOverHttp(env.server.url, name, [{ itemId: 'spaghetti', quantity: 1 }]);
    const [ida, jo] = [await place('Ida Double'), await place('Jo Keys')];
    const context = await newContext(env.browser, { phone: true });
    const clerk = await openDeviceApp(context, env.server.url, 'clerk', 'clerk');
    await clerk.setViewportSize({ width: 390, height: 844 }); // the reviewer's phone
    await syncClerk(clerk);
    const card = (order: PlacedOrder) => `.checkin-card[data-order="${order.orderNumber}"]`;
    const opened = async (order: PlacedOrder) => clerk.$$eval(['.corrections', '.editor', '.payment-form', '.confirm-payment'].map((panel) => `${card(order)} ${panel}`).join(', '), (found) => found.map((e) => e.className));
    const price = formatMoney(ida.totalCents);
    for (const order of [ida, jo]) {
      await searchClerk(clerk, order.orderNumber);
      await clerk.click(`${card(order)} button:has-text("Cash")`);
      await doubleTap(clerk, `${card(order)} button:has-text("Yes, cash taken")`);
      await clerk.waitForSelector(`[data-testid=announcement]:text("${price} taken by cash for ${order.orderNumber}.")`);
      expect(await opened(order)).toEqual([]);
    }
    await syncClerk(clerk); // paid, and then both cancel on the website: their money goes back
    for (const order of [ida, jo]) expect((await cancelOverHttp(env.server.url, order)).status).toBe(200);
    await syncClerk(clerk);

    await searchClerk(clerk, ida.orderNumber);
    await clerk.click(`${card(ida)} button:has-text("Refund ${price} cash")`);
    await doubleTap(clerk, `${card(ida)} button:has-text("Yes, given back")`);
    await clerk.waitForSelector(`[data-testid=announcement]:text("${price} given back by cash for ${ida.orderNumber}.")`);
    expect(await opened(ida)).toEqual([]);
    expect(await clerk.innerText('[data-testid=pending]')).toBe('1 not on the server'); // the refund, once

    // "Back" too: the card's buttons come back where the question was.
    await searchClerk(clerk, jo.orderNumber);
    const refund = `${card(jo)} button:has-text("Refund ${price} cash")`;
    const back = `${card(jo)} .confirm-payment [data-answer=no]`; // "Yes, given back" has "back" in it too
    await clerk.click(refund);
    await doubleTap(clerk, back);
    await clerk.waitForSelector(back, { state: 'detached' });
    expect(await opened(jo)).toEqual([]);
    await clerk.waitForSelector(`${card(jo)}:not([data-held])`); // a tap there a moment later is one
    // Enter is deliberate: a key on the button that moved under the finger acts at once.
    await clerk.click(refund);
    const [x, y] = await centreInView(clerk, back);
    await clerk.mouse.click(x, y);
    const under = await clerk.evaluate(([px, py]) => {
      const button = document.elementFromPoint(px!, py!)?.closest('button');
      button?.focus();
      return button?.textContent;
    }, [x, y]);
    expect(under, 'a button moved under the finger').toBeTruthy();
    await clerk.keyboard.press('Enter');
    expect(await opened(jo)).not.toEqual([]);
    await context.close();
  });
});

/** Two clicks at the centre of `selector`, as a double tap lands. */
async function doubleTap(page: Page, selector: string): Promise<void> {
  const [x, y] = await centreInView(page, selector);
  await page.mouse.dblclick(x, y);
}

async function centreInView(page: Page, selector: string): Promise<[number, number]> {
  const element = await page.waitForSelector(selector);
  await element.scrollIntoViewIfNeeded();
  const box = (await element.boundingBox())!;
  return [box.x + box.width / 2, box.y + box.height / 2];
}

/** Clicks Log out and answers its question; returns the question. */
async function askedOnLogOut(page: Page, answer: 'accept' | 'dismiss', button = '.status-bar button:has-text("Log out")'): Promise<string> {
  const asked = page.waitForEvent('dialog').then(async (dialog) => {
    const message = dialog.message();
    await (answer === 'accept' ? dialog.accept() : dialog.dismiss());
    return message;
  });
  await page.click(button);
  return asked;
}

async function logIn(page: Page, username: string): Promise<void> {
  await page.fill('#login-username', username);
  await page.fill('#login-password', DEMO_PASSWORD);
  await page.click('button[type=submit]');
  await page.waitForSelector('.status-bar');
}
