// The door app by keyboard and screen reader, on a phone: focus follows the work (a button that
// did its job goes away; focus must not fall to <body>), results are said in the live region,
// the payment question answers Escape, errors are focused and tied to their fields, and the
// sticky status bar does not hide what Tab reaches.
import { describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { formatMoney } from '../../client/shared/money';
import { DEMO_PASSWORD, placeOrderOverHttp, searchClerk, serverAndBrowser, syncClerk } from './support';
import { description, expectAnnounced, expectFocus } from './a11y-support';

const env = serverAndBrowser();

describe('clerk by keyboard and screen reader', () => {
  it('moves focus to what comes next, says what was done, and takes Escape as "Back"', async () => {
    const kim = await placeOrderOverHttp(env.server.url, 'Keyboard Kim', [{ itemId: 'spaghetti', quantity: 2 }]);
    const phone = await phoneContext();
    const clerk = await logInByKeyboard(phone);
    expect(await clerk.$$eval('h1', (h) => h.length)).toBe(1);
    await syncClerk(clerk);
    await searchClerk(clerk, kim.orderNumber);
    const card = `.checkin-card[data-order="${kim.orderNumber}"]`;
    expect(await articleName(clerk, card)).toMatch(new RegExp(`^${kim.orderNumber} Keyboard Kim`));

    await clerk.focus(`${card} button:has-text("Check in")`);
    await clerk.keyboard.press('Enter');
    await expectAnnounced(clerk, `${kim.orderNumber} checked in.`);
    await expectFocus(clerk, `${card} button:has-text("Cash")`); // the next thing to do

    await clerk.keyboard.press('Enter'); // "Cash": the question, on its safe answer
    await expectFocus(clerk, `${card} .confirm-payment button:has-text("Back")`);
    await clerk.keyboard.press('Escape');
    await clerk.waitForSelector(`${card} .confirm-payment`, { state: 'detached' });
    await expectFocus(clerk, `${card} button:has-text("Cash")`); // back on the button that asked

    await clerk.keyboard.press('Enter');
    await clerk.keyboard.press('Shift+Tab'); // "Yes, cash taken"
    await clerk.keyboard.press('Enter');
    await expectAnnounced(clerk, `${formatMoney(kim.totalCents)} taken by cash for ${kim.orderNumber}.`);
    await expectFocus(clerk, `${card} header`); // nothing left to do on it: its name and status

    await clerk.click(`${card} button:has-text("Change lines")`);
    await expectFocus(clerk, `#door-change-${kim.orderId}-qty-spaghetti`);
    await clerk.click(`${card} .editor button:has-text("Close")`);
    await expectFocus(clerk, `${card} button:has-text("Change lines")`);

    const olga = await placeOrderOverHttp(env.server.url, 'Other Olga', [{ itemId: 'lemonade', quantity: 2 }]);
    await syncClerk(clerk);
    await searchClerk(clerk, olga.orderNumber);
    const olgaCard = `.checkin-card[data-order="${olga.orderNumber}"]`;
    await clerk.click(`${olgaCard} button:has-text("Other amount")`);
    await expectFocus(clerk, `#pay-${olga.orderId}-amount`);
    await clerk.click(`${olgaCard} button.link:has-text("Back")`);
    await expectFocus(clerk, `${olgaCard} button:has-text("Other amount")`);

    await clerk.click('button:has-text("+ New order")');
    await expectFocus(clerk, '#door-qty-spaghetti'); // the opened form's first field
    await clerk.click('.new-order button[type=submit]');
    await expectFocus(clerk, '.new-order .lines-editor > .field-error'); // the first thing wrong, in the form's order
    expect(await description(clerk, '.new-order .lines-editor')).toMatch(/^An order needs at least one line/);
    expect(await description(clerk, '#door-name')).toBe('A name is needed.');
    await clerk.click('.new-order button:has-text("Cancel")');
    await expectFocus(clerk, 'button:has-text("+ New order")'); // back to what opened it

    await clerk.click('button:has-text("+ New order")');
    await clerk.fill('#door-qty-tiramisu', '99');
    await clerk.fill('#door-name', 'Door Dora');
    await clerk.click('.new-order button[type=submit]');
    await expectFocus(clerk, '#door-qty-tiramisu');
    expect(await description(clerk, '#door-qty-tiramisu')).toMatch(/Tiramisu/);
    await clerk.fill('#door-qty-tiramisu', '1');
    await clerk.click('.new-order button[type=submit]');
    const dora = await clerk.waitForSelector('.checkin-card:has-text("Door Dora")');
    const doraNumber = await dora.getAttribute('data-order');
    // A walk-in is here, and booked to pay later (the default) still owes: said with it.
    await expectAnnounced(clerk, `Order ${doraNumber} booked for Door Dora, checked in; owes ${formatMoney(450)}.`);
    await expectFocus(clerk, `.checkin-card[data-order="${doraNumber}"] header`); // the new order's card
    await phone.close();
  });

  it('keeps what Tab reaches clear of the sticky status bar', async () => {
    for (const name of ['Scroll Sam', 'Scroll Sue', 'Scroll Sid']) await placeOrderOverHttp(env.server.url, name, [{ itemId: 'lemonade', quantity: 1 }]);
    const phone = await phoneContext();
    const clerk = await logInByKeyboard(phone);
    await syncClerk(clerk);
    await searchClerk(clerk, 'Scroll');
    await clerk.waitForSelector('.checkin-card:nth-of-type(3)');
    await clerk.focus('.checkin-card:last-of-type button:last-of-type');
    const hidden: string[] = [];
    for (let i = 0; i < 15; i++) { // Shift+Tab up through the cards: each control must show below the bar
      await clerk.keyboard.press('Shift+Tab');
      const under = await clerk.evaluate(() => {
        const e = document.activeElement as HTMLElement;
        if (!e?.closest('.results')) return undefined;
        const bar = document.querySelector('.status-bar')!.getBoundingClientRect();
        return e.getBoundingClientRect().top < bar.bottom ? e.textContent : undefined;
      });
      if (under) hidden.push(under);
    }
    expect(hidden).toEqual([]);
    await phone.close();
  });
});

/** The clerk's login by keyboard: an empty submit puts focus on the first field it names. */
async function logInByKeyboard(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error('[clerk page error]', error));
  await page.goto(`${env.server.url}/clerk?fid=demo`);
  await page.click('button[type=submit]');
  await expectFocus(page, '#login-username');
  expect(await description(page, '#login-username')).toBe('Enter your user name.');
  await page.keyboard.type('clerk');
  await page.keyboard.press('Tab');
  await page.keyboard.type(DEMO_PASSWORD);
  await page.keyboard.press('Enter');
  await page.waitForSelector('.status-bar');
  return page;
}

/** The phone the review used (its status bar is tallest there). */
async function phoneContext(): Promise<BrowserContext> {
  const context = await env.browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
  context.setDefaultTimeout(10_000);
  return context;
}

/** An element's accessible name, as Chromium's accessibility tree has it. */
async function articleName(page: Page, selector: string): Promise<string> {
  const snapshot = await page.locator(selector).ariaSnapshot();
  return /^- article "([^"]*)"/.exec(snapshot)?.[1] ?? `(no name: ${snapshot.split('\n')[0]})`;
}
