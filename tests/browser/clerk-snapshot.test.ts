// The clerk's read-model snapshot (client/device/read-model-store.ts): a reload renders the
// list from it before the Y.Doc is loaded, the loaded doc then shows the same state, and the
// actions work once it is loaded; a snapshot that does not cover what IndexedDB holds (another
// tab wrote after it) or that is damaged is not used: the full load runs as before.
import { describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { DEMO_PASSWORD, newContext, openDeviceApp, placeOrderOverHttp, reloadAndFirstRender, searchClerk, serverAndBrowser, syncClerk } from './support';

const env = serverAndBrowser();

interface FirstRender { hint: string; doc: string | null; from: string | null; newOrderDisabled: boolean; loadingNotice: boolean }

/** Records, before the page's scripts run, the first render of the clerk's order count. */
async function recordFirstRender(context: BrowserContext): Promise<void> {
  await context.addInitScript(`(() => {
    const observer = new MutationObserver(() => {
      const hint = document.querySelector('p.hint');
      if (!hint || !/^\\d+ orders/.test(hint.textContent || '')) return;
      const app = document.querySelector('.device-app');
      const newOrder = Array.from(document.querySelectorAll('button')).find((b) => b.textContent === '+ New order');
      window.__first = {
        hint: hint.textContent, doc: app && app.getAttribute('data-doc'), from: app && app.getAttribute('data-opened-from'),
        newOrderDisabled: Boolean(newOrder && newOrder.disabled), loadingNotice: document.querySelector('[data-testid=doc-loading]') !== null,
      };
      observer.disconnect();
    });
    observer.observe(document, { subtree: true, childList: true, characterData: true });
  })();`);
}

/** Writes the snapshot now (the page writes one when it is hidden or left) and waits for it. */
async function saveSnapshot(page: Page): Promise<void> {
  const before = Number(await page.getAttribute('.device-app', 'data-snapshots-written'));
  await page.evaluate(() => window.dispatchEvent(new Event('pagehide')));
  await page.waitForSelector(`.device-app[data-snapshots-written="${before + 1}"]`);
}

async function cardsFor(page: Page, query: string): Promise<string> {
  await searchClerk(page, query);
  await page.waitForSelector('.results .checkin-card');
  return page.innerText('.results');
}

/** Rewrites the stored snapshot record through `change` (a function's source, run in the page). */
async function editSnapshot(page: Page, change: string): Promise<void> {
  await page.evaluate(`new Promise((resolve, reject) => {
    const open = indexedDB.open('fundraiser-orders:demo');
    open.onsuccess = () => {
      const tx = open.result.transaction('custom', 'readwrite');
      const store = tx.objectStore('custom');
      const get = store.get('read-model-snapshot');
      get.onsuccess = () => store.put((${change})(get.result), 'read-model-snapshot');
      tx.oncomplete = () => (open.result.close(), resolve(true));
      tx.onerror = () => reject(tx.error);
    };
  })`);
}

describe('clerk read-model snapshot', () => {
  it('a reload renders the list from the snapshot, the loaded doc shows the same, and actions work once it is loaded', async () => {
    const [sam, sue] = [await placeOrderOverHttp(env.server.url, 'Snap Sam', [{ itemId: 'spaghetti', quantity: 1 }]), await placeOrderOverHttp(env.server.url, 'Snap Sue', [{ itemId: 'lemonade', quantity: 2 }])];
    const context = await newContext(env.browser);
    await recordFirstRender(context);
    const clerk = await openDeviceApp(context, env.server.url, 'clerk', 'clerk');
    await syncClerk(clerk);
    await searchClerk(clerk, sam.orderNumber);
    await clerk.click(`.checkin-card[data-order="${sam.orderNumber}"] button:has-text("Check in")`);
    await clerk.waitForSelector('[data-testid=pending]:text("1 not on the server")');
    await saveSnapshot(clerk);
    const hint = await clerk.innerText('p.hint');
    const cards = await cardsFor(clerk, 'snap');

    const first = await reloadAndFirstRender<FirstRender>(clerk);
    expect(first).toEqual({ hint, doc: 'loading', from: 'snapshot', newOrderDisabled: true, loadingNotice: true });
    await clerk.waitForSelector('.device-app[data-doc=loaded][data-snapshot-matched=true]');
    expect(await clerk.innerText('p.hint')).toBe(hint);
    expect(await cardsFor(clerk, 'snap')).toBe(cards);
    await clerk.waitForSelector('[data-testid=pending]:text("1 not on the server")');
    expect(await clerk.$('[data-testid=doc-loading]')).toBeNull();

    // The doc replaced the snapshot without copying its orders (order-state.ts): a check-in
    // counts from the snapshot's state, and an order synced in goes first in newest-first order.
    expect(hint).toMatch(/^2 orders on this device · 1 checked in$/);
    await searchClerk(clerk, sue.orderNumber);
    await clerk.click(`.checkin-card[data-order="${sue.orderNumber}"] button:has-text("Check in")`);
    await clerk.waitForSelector(`.checkin-card[data-order="${sue.orderNumber}"] [data-status=checked_in]`);
    await clerk.waitForSelector('p.hint:text("2 orders on this device · 2 checked in")');
    const sid = await placeOrderOverHttp(env.server.url, 'Snap Sid', [{ itemId: 'lemonade', quantity: 1 }]);
    expect(await syncClerk(clerk)).toMatch(/^Synced: sent 2,/);
    await clerk.waitForSelector('p.hint:text("3 orders on this device · 2 checked in")');
    await cardsFor(clerk, 'snap');
    expect(await clerk.$$eval('.results .checkin-card', (cards) => cards.map((c) => c.getAttribute('data-order')))).toEqual([sid.orderNumber, sue.orderNumber, sam.orderNumber]);
    await context.close();
  });

  it('a snapshot that does not cover the stored log, or is damaged, is not used: the full load shows the state', async () => {
    const context = await newContext(env.browser);
    await recordFirstRender(context);
    const clerk = await openDeviceApp(context, env.server.url, 'clerk', 'clerk');
    await syncClerk(clerk);
    await saveSnapshot(clerk);
    await editSnapshot(clerk, '(record) => (window.__clerkSnapshot = record)'); // kept as it is
    // Another tab (the manager, live) stores a new website order in the same IndexedDB; it
    // writes its own snapshot too, so the clerk's is put back to be the one found.
    const manager = await context.newPage();
    await manager.goto(`${env.server.url}/manager?fid=demo`);
    await manager.click('button:has-text("Log out")'); // the clerk's login is this origin's session
    await manager.fill('#login-username', 'manager');
    await manager.fill('#login-password', DEMO_PASSWORD);
    await manager.click('button[type=submit]');
    const late = await placeOrderOverHttp(env.server.url, 'Late Lou', [{ itemId: 'veggie', quantity: 1 }]);
    await manager.waitForSelector(`.order-row[data-order="${late.orderNumber}"]`);
    await manager.close();
    // The manager's last write is created synchronously in its pagehide, before this one: IndexedDB runs them in that order.
    await editSnapshot(clerk, '() => window.__clerkSnapshot');

    expect((await reloadAndFirstRender<FirstRender>(clerk)).from).toBe('doc');
    await cardsFor(clerk, late.orderNumber);
    await clerk.waitForSelector('.device-app:not([data-snapshots-written="0"])'); // the full load writes a new one

    await editSnapshot(clerk, '(record) => ({ ...record, model: { ...record.model, ids: "not a column" } })');
    const hint = await clerk.innerText('p.hint');
    const damaged = await reloadAndFirstRender<FirstRender>(clerk);
    expect(damaged).toEqual({ hint, doc: 'loaded', from: 'doc', newOrderDisabled: false, loadingNotice: false });
    await cardsFor(clerk, late.orderNumber);
    await context.close();
  });
});
