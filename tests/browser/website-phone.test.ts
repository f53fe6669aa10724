// The public order page on a phone (375×740 and 320 px wide), in real Chromium against the real
// server: where the answer to "Place order" shows, what a closed fundraiser's page offers, the
// page's early stock check, and that nothing is wider than the screen.
import { describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { eventually, placeOrderOverHttp, serverAndBrowser } from './support';
import { catalogOf, fundraiserWith } from './website-staff';

const env = serverAndBrowser();

async function phone(browser: Browser, width = 375, height = 740, isMobile = true): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: 1, hasTouch: isMobile, isMobile });
  context.setDefaultTimeout(10_000);
  return context;
}

/** The element is wholly on screen. */
const inView = (page: Page, selector: string) => page.$eval(selector, (el) => {
  const box = el.getBoundingClientRect();
  return box.top >= 0 && box.bottom <= window.innerHeight && box.height > 0;
});
const focused = (page: Page) => page.evaluate(() => document.activeElement?.id || document.activeElement?.tagName);
const submitButton = '.order-form button[type=submit]';

describe('website on a phone', () => {
  it('after an answer lost on the way and a reload, fills the form in again; sent again, it is the same order', async () => {
    const context = await phone(env.browser);
    const page = await context.newPage();
    await page.goto(`${env.server.url}/order/demo`);
    await page.waitForSelector('.menu-item');
    await page.click('button[aria-label="One more Tiramisu"]');
    await page.fill('#field-name', 'Lost Lena');
    await page.fill('#field-note', 'by the window');
    let firstAnswer: unknown;
    await page.route('**/api/fundraisers/demo/orders', async (route) => {
      firstAnswer = await (await route.fetch()).json(); // the server took it; the answer never arrives
      await route.abort('connectionreset');
    });
    await page.click(submitButton);
    await page.waitForSelector('.order-footer .notice:has-text("could not reach the server")');
    await page.unroute('**/api/fundraisers/demo/orders');

    await page.reload();
    await page.waitForSelector('.menu-item');
    expect(await page.inputValue('#field-name')).toBe('Lost Lena');
    expect(await page.inputValue('#field-note')).toBe('by the window');
    expect(await page.inputValue('#qty-tiramisu')).toBe('1');
    expect(await page.innerText('.order-footer .notice')).toMatch(/^Your order is not confirmed yet/);
    await page.click(submitButton);
    await page.waitForSelector('.receipt .order-number');
    expect(await page.innerText('.receipt .order-number')).toBe((firstAnswer as { orderNumber: string }).orderNumber); // not a second order
    await context.close();
  });

  it('says the order is placed when the form is shown again: after a reload while "Placing order…" whose answer the old page took, and after Back from the receipt', async () => {
    const context = await phone(env.browser);
    const page = await context.newPage();
    await page.goto(`${env.server.url}/order/demo`);
    await page.waitForSelector('.menu-item');
    await page.click('button[aria-label="One more Tiramisu"]');
    await page.fill('#field-name', 'Reloading Rita');
    const held = () => { let release!: () => void; const until = new Promise<void>((resolve) => (release = resolve)); return { until, release }; };
    const post = held();
    const reloadAsked = held();
    const reloadAnswer = held();
    await page.route('**/api/fundraisers/demo/orders', async (route) => (await post.until, route.continue()));
    await page.route('**/order/demo', async (route) => (reloadAsked.release(), await reloadAnswer.until, route.continue()));
    await page.click(submitButton);
    await page.waitForSelector(`${submitButton}:has-text("Placing order…")`);
    const reloaded = page.reload(); // the customer gives up waiting
    await reloadAsked.until;
    post.release(); // the answer comes while the reload is still loading: the old page takes it
    await page.waitForEvent('framenavigated', (frame) => frame.url().includes('/receipt/')); // the old page's move to the receipt
    reloadAnswer.release();
    await reloaded;
    const notice = await page.waitForSelector('[data-testid=placed-notice]');
    const number = /Your order (\S+) is placed\. See your receipt\. What you order below is a new, second order\./.exec(await notice.innerText())?.[1];
    expect(number).toBeTruthy();
    expect(await page.inputValue('#field-name')).toBe(''); // an empty form, as before, but it says the order is there
    await page.unrouteAll();
    await page.click('[data-testid=placed-notice] a');
    expect(await (await page.waitForSelector('.receipt .order-number')).innerText()).toBe(number);

    await page.goto(`${env.server.url}/order/demo`);
    await page.click('button[aria-label="One more Tiramisu"]');
    await page.fill('#field-name', 'Back Bea');
    await page.click(submitButton);
    const bea = await (await page.waitForSelector('.receipt .order-number')).innerText();
    await page.goBack();
    expect(await (await page.waitForSelector('[data-testid=placed-notice]')).innerText()).toContain(`Your order ${bea} is placed.`);
    await context.close();
  });

  it('shows a failed submit\'s message beside the button, takes focus to the first marked field, and announces the receipt', async () => {
    const context = await phone(env.browser);
    const page = await context.newPage();
    await page.goto(`${env.server.url}/order/demo`);
    await page.waitForSelector('.menu-item');
    expect(await page.title()).toBe('Spaghetti dinner (demo) · Order');
    expect(await page.innerText('label[for=field-email]')).toBe('Email (optional, for the club to reach you)');
    expect(await page.innerText('label[for=field-phone]')).toBe('Phone (optional, for the club to reach you)');
    await page.click('button[aria-label="One more Spaghetti bolognese"]');
    await page.fill('#field-name', 'Pocket Phone');

    await page.route('**/api/fundraisers/demo/orders', (route) => route.abort('connectionrefused'));
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight)); // down at the button, as a customer is by then
    expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(200);
    await page.click(submitButton);
    const message = '.order-footer [role=alert] .notice';
    expect(await (await page.waitForSelector(message)).innerText()).toMatch(/could not reach the server/);
    expect(await inView(page, message)).toBe(true);
    expect(await page.$$eval('.notice', (all) => all.length)).toBe(1);
    expect(await page.evaluate(() => document.activeElement?.matches('.order-footer .notice'))).toBe(true);

    await page.fill('#field-name', '');
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    await page.click(submitButton);
    await page.waitForSelector('#field-name-error');
    expect(await focused(page)).toBe('field-name');
    expect(await inView(page, '#field-name')).toBe(true);

    await page.unroute('**/api/fundraisers/demo/orders');
    await page.fill('#field-name', 'Pocket Phone');
    await page.click(submitButton);
    await page.waitForSelector('.receipt .order-number');
    expect(await focused(page)).toBe('H1'); // a screen reader reads the new page's heading
    const orderNumber = await page.innerText('.receipt .order-number');
    expect(await page.title()).toBe(`Order ${orderNumber} · Spaghetti dinner (demo)`);
    await context.close();
  });

  it('fits 320 px: the order form, a receipt with a 105-character name and amounts on one line each, a three-digit quantity; the focus ring shows', async () => {
    const context = await phone(env.browser, 320, 640);
    const page = await context.newPage();
    const pageWidth = () => page.evaluate(() => document.documentElement.scrollWidth);
    await page.goto(`${env.server.url}/order/demo`);
    await page.waitForSelector('.menu-item');
    expect(await pageWidth()).toBeLessThanOrEqual(320);
    await page.fill('#qty-lemonade', '100');
    expect(await page.$eval('#qty-lemonade', (input) => input.scrollWidth <= input.clientWidth)).toBe(true);
    const narrowWindow = await (await phone(env.browser, 320, 640, false)).newPage(); // a desktop's spin arrows take room too
    await narrowWindow.goto(`${env.server.url}/order/demo`);
    await narrowWindow.fill('#qty-lemonade', '100');
    expect(await narrowWindow.$eval('#qty-lemonade', (input) => input.scrollWidth <= input.clientWidth)).toBe(true);
    expect(await narrowWindow.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    await narrowWindow.context().close();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => {
      const style = getComputedStyle(document.activeElement!);
      return `${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor}`;
    })).toBe('solid 3px rgb(29, 78, 137)');

    const order = await placeOrderOverHttp(env.server.url, 'W'.repeat(105), [{ itemId: 'lemonade', quantity: 100 }, { itemId: 'tiramisu', quantity: 1 }]);
    await page.goto(`${env.server.url}/order/demo/receipt/${order.orderId}?receipt=${encodeURIComponent(order.receipt)}`);
    await page.waitForSelector('.receipt .order-number');
    expect(await pageWidth()).toBeLessThanOrEqual(320);
    // "€ 3.0" over "0" read as another amount: each amount keeps to one line (the item's name wraps).
    const linesPerAmount = await page.$$eval('.receipt-lines td.num', (cells) => cells.map((cell) => {
      const range = document.createRange();
      range.selectNodeContents(cell);
      return new Set([...range.getClientRects()].map((rect) => Math.round(rect.top))).size;
    }));
    expect(linesPerAmount.length).toBeGreaterThan(4);
    expect(linesPerAmount.every((lines) => lines === 1)).toBe(true);
    await context.close();
  });

  it('when the website is closed: ordering at the event, the menu without steppers, and a submit meeting 409 closed says so once', async () => {
    const manager = await fundraiserWith(env.server.url, 'bakesale', [{ itemId: 'cake', name: 'Carrot cake', priceCents: 350, stock: 10 }], true);
    const context = await phone(env.browser);
    const page = await context.newPage();
    await page.goto(`${env.server.url}/order/bakesale`);
    await page.click('button[aria-label="One more Carrot cake"]');
    await page.fill('#field-name', 'Late Larry');
    manager.act({ type: 'SetWebsiteOrdering', open: false });
    await eventually(async () => !(await catalogOf(env.server.url, 'bakesale')).websiteOpen, 5_000, 'the server to close website ordering');
    await page.click(submitButton);
    await page.waitForSelector('.closed-notice');
    expect(await page.$$eval('.notice', (all) => all.map((n) => n.textContent))).toEqual(['Online ordering is closed for this fundraiser right now. You can still order at the event.']);
    expect(await page.evaluate(() => document.activeElement?.classList.contains('closed-notice'))).toBe(true);

    await page.reload();
    await page.waitForSelector('.menu-item[data-item=cake]');
    expect(await page.innerText('.site-header .hint')).not.toMatch(/online/i);
    expect(await page.innerText('.site-header .hint')).toMatch(/at the event/);
    expect(await page.innerText('.menu-item[data-item=cake]')).toMatch(/Carrot cake[\s\S]*€\u00a03\.50[\s\S]*10 left/);
    expect(await page.$$('.menu-item .stepper, .menu-item input, .menu-item button')).toHaveLength(0);
    manager.close();
    await context.close();
  });

  it('shows a typed "1.5" as the 1 it counts once the field is left', async () => {
    const context = await phone(env.browser);
    const page = await context.newPage();
    await page.goto(`${env.server.url}/order/demo`);
    await page.fill('#qty-lemonade', '');
    await page.locator('#qty-lemonade').pressSequentially('1.5'); // key by key: "1" counts 1, and "1.5" changes nothing more
    await page.press('#qty-lemonade', 'Tab');
    expect(await page.inputValue('#qty-lemonade')).toBe('1');
    expect(await page.innerText('.order-total')).toBe('Total €\u00a02.50');
    await context.close();
  });

  it('stops "+" at what is left and marks a larger typed quantity before anything is sent; reads the menu again when looked at again', async () => {
    const manager = await fundraiserWith(env.server.url, 'fewcakes', [{ itemId: 'cake', name: 'Cake', priceCents: 300, stock: 2 }], true);
    const context = await phone(env.browser);
    const page = await context.newPage();
    const posts: string[] = [];
    page.on('request', (request) => void (request.method() === 'POST' && posts.push(request.url())));
    await page.goto(`${env.server.url}/order/fewcakes`);
    const plus = 'button[aria-label="One more Cake"]';
    await page.click(plus);
    expect(await page.isDisabled(plus)).toBe(false);
    await page.click(plus);
    expect(await page.isDisabled(plus)).toBe(true);
    await page.fill('#qty-cake', '5');
    await page.fill('#field-name', 'Hungry Hal');
    await page.click(submitButton);
    expect(await page.innerText('.menu-item[data-item=cake] .field-error')).toBe('Only 2 left.');
    expect(await focused(page)).toBe('qty-cake');
    expect(posts).toEqual([]);

    // The page is looked at again after the stock changed: it reads the menu again.
    manager.act({ type: 'ChangeItem', itemId: 'cake', stock: 5 });
    await eventually(async () => (await catalogOf(env.server.url, 'fewcakes')).items[0]!.available === 5, 5_000, 'the new stock on the server');
    await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
    await page.waitForSelector('.menu-item[data-item=cake] .left:text-is("5 left")');
    expect(await page.inputValue('#field-name')).toBe('Hungry Hal'); // what was typed stays
    manager.close();
    await context.close();
  });
});
