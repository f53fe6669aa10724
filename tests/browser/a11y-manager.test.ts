// The manager's app by keyboard and screen reader, on a tablet: one h1 and one main; the tabs
// follow the ARIA tabs pattern; opening an order takes focus to it; the final questions focus
// their safe answer and take Escape as "no"; results are said in the live region; errors are
// focused and tied to their fields; names in the list wrap at their spaces.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openDeviceApp, placeOrderOverHttp, serverAndBrowser } from './support';
import { description, expectAnnounced, expectFocus } from './a11y-support';

const env = serverAndBrowser();

describe('manager by keyboard and screen reader', () => {
  it('takes focus to the order opened and back to what asked; says what was done', async () => {
    const zoe = await placeOrderOverHttp(env.server.url, 'Zoë Keyboard', [{ itemId: 'spaghetti', quantity: 1 }]);
    const manager = await tabletManager();
    expect(await manager.evaluate(() => [document.querySelectorAll('h1').length, document.querySelectorAll('main').length])).toEqual([1, 1]);

    const row = `.order-row[data-order="${zoe.orderNumber}"]`;
    await manager.focus(row);
    await manager.keyboard.press('Enter');
    await expectFocus(manager, '.order-detail h2'); // not 200 rows of Tab away
    expect(await manager.getAttribute(row, 'aria-current')).toBe('true');

    const detail = '.order-detail';
    await manager.focus(`${detail} .actions button:has-text("Check in")`);
    await manager.keyboard.press('Enter');
    await expectFocus(manager, '[data-testid=confirm] button:has-text("Not yet")'); // the safe answer
    await manager.keyboard.press('Escape');
    await manager.waitForSelector('[data-testid=confirm]', { state: 'detached' });
    await expectFocus(manager, `${detail} .actions button:has-text("Check in")`);

    await manager.keyboard.press('Enter');
    await manager.keyboard.press('Shift+Tab'); // "Yes, check in"
    await manager.keyboard.press('Enter');
    await expectAnnounced(manager, `${zoe.orderNumber} checked in.`);
    await expectFocus(manager, `${detail} h2`); // "Check in" is disabled now

    await manager.click(`${detail} .actions button:has-text("Record payment")`);
    await expectFocus(manager, '#detail-pay-amount');
    await manager.fill('#detail-pay-amount', 'abc');
    await manager.keyboard.press('Enter');
    expect(await description(manager, '#detail-pay-amount')).toBe('Enter an amount like 12.50.');
    await manager.fill('#detail-pay-amount', '5');
    await manager.keyboard.press('Enter');
    await expectAnnounced(manager, `€\u00a05.00 paid by cash for ${zoe.orderNumber}.`);
    await expectFocus(manager, `${detail} .actions button:has-text("Record payment")`);

    await manager.click(`${detail} .actions button:has-text("Change customer")`);
    await expectFocus(manager, '#customer-change-name');
    await manager.fill('#customer-change-name', '');
    await manager.click(`${detail} button:has-text("Save customer")`);
    await expectFocus(manager, '#customer-change-name');
    expect(await description(manager, '#customer-change-name')).toBeTruthy();
    await manager.click(`${detail} .editor button:has-text("Close")`);
    await expectFocus(manager, `${detail} .actions button:has-text("Change customer")`);

    await manager.click('button[role=tab]:has-text("New order")');
    await expectFocus(manager, '#book-qty-spaghetti');
    await manager.fill('#book-qty-lemonade', '1');
    await manager.fill('#book-name', 'Phoned Phil');
    await manager.keyboard.press('Enter');
    await expectFocus(manager, '.order-detail h2'); // the new order, on the Orders tab
    const booked = (await manager.innerText('.order-detail h2')).replace('Order ', '');
    await expectAnnounced(manager, `Order ${booked} booked for Phoned Phil.`);
    await manager.context().close();
  });

  it('has ARIA tabs, named controls, a chart in words, and an error focused beside its field', async () => {
    await placeOrderOverHttp(env.server.url, 'Maximiliane Schönberger', [{ itemId: 'tiramisu', quantity: 1 }]);
    const manager = await tabletManager();
    await manager.waitForSelector('button[role=tab]:not([disabled]):has-text("Catalog")');
    await manager.focus('button[role=tab]:has-text("Orders")');
    await manager.keyboard.press('ArrowRight');
    await expectFocus(manager, 'button[role=tab][aria-selected=true][tabindex="0"]:has-text("Conflicts")');
    const panelLabel = await manager.getAttribute('[role=tabpanel]', 'aria-labelledby', { timeout: 1_000 });
    expect(await manager.innerText(`[id="${panelLabel}"]`)).toMatch(/^Conflicts/);
    await manager.keyboard.press('ArrowLeft');
    await manager.keyboard.press('End');
    await expectFocus(manager, 'button[role=tab][aria-selected=true]:has-text("New order")');
    await manager.keyboard.press('Home');
    await expectFocus(manager, 'button[role=tab][aria-selected=true]:has-text("Orders")');

    expect(await wordsBrokenInNames(manager)).toEqual([]); // 1024 px wide: names wrap at spaces

    await manager.click('button[role=tab]:has-text("Dashboard")');
    expect(await manager.getAttribute('svg.chart', 'aria-label')).toMatch(/Tiramisu: \d+ sold of 25 in stock, €/);
    for (const tab of ['Devices', 'Accounts']) {
      await manager.click(`button[role=tab]:text-is("${tab}")`);
      await manager.waitForSelector('table th');
      expect(await manager.$$eval('table th', (ths) => ths.filter((th) => !th.textContent?.trim()).length)).toBe(0);
    }

    await manager.click('button[role=tab]:has-text("Catalog")');
    const saves = await manager.$$eval('.item-row button[type=submit]', (bs) => bs.map((b) => b.getAttribute('aria-label') ?? b.textContent));
    expect(new Set(saves).size).toBe(saves.length);
    expect(saves).toContain('Save Tiramisu');
    const sold = Number(/\((\d+) sold\)/.exec(await manager.innerText('label[for=item-tiramisu-stock]'))![1]);
    await manager.fill('#item-tiramisu-stock', String(sold - 1));
    await manager.click('.item-row[data-item=tiramisu] button[type=submit]');
    await expectFocus(manager, '#item-tiramisu-stock');
    expect(await description(manager, '#item-tiramisu-stock')).toBe(`${sold} ${sold === 1 ? 'is' : 'are'} already sold.`);
    await manager.context().close();
  });
});

async function tabletManager(): Promise<Page> {
  const context = await env.browser.newContext({ viewport: { width: 1024, height: 768 } });
  context.setDefaultTimeout(10_000);
  const manager = await openDeviceApp(context, env.server.url, 'manager', 'manager');
  await manager.waitForSelector('button[role=tab]:not([disabled]):has-text("New order")'); // the doc is loaded
  return manager;
}

/** The list's names whose words are split across lines (each word's box must be one line). */
function wordsBrokenInNames(page: Page): Promise<string[]> {
  return page.$$eval('.order-row .name', (names) => names.flatMap((name) => {
    const text = name.firstChild;
    if (!text || text.nodeType !== Node.TEXT_NODE) return [];
    const broken: string[] = [];
    for (const match of (text.textContent ?? '').matchAll(/\S+/g)) {
      const range = document.createRange();
      range.setStart(text, match.index);
      range.setEnd(text, match.index + match[0].length);
      if (range.getClientRects().length > 1) broken.push(`${name.textContent}: ${match[0]}`);
    }
    return broken;
  }));
}
