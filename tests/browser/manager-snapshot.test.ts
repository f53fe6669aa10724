// The manager opens from the read-model snapshot too (client/device/read-model-store.ts): a
// reload renders the order list from it before the Y.Doc is loaded, with everything else (the
// other tabs, the order detail, the CSV export) unavailable until the doc is loaded; then the
// loaded doc shows the same list and the detail opens.
import { describe, expect, it } from 'vitest';
import type { BrowserContext } from 'playwright-core';
import { newContext, openDeviceApp, placeOrderOverHttp, reloadAndFirstRender, serverAndBrowser } from './support';

const env = serverAndBrowser();

interface FirstRender { rows: string[]; doc: string | null; from: string | null; enabledTabs: string[]; csvDisabled: boolean; loadingNotice: boolean }

/** Records, before the page's scripts run, the first render of the manager's order rows. */
async function recordFirstRender(context: BrowserContext): Promise<void> {
  await context.addInitScript(`(() => {
    const observer = new MutationObserver(() => {
      const rows = Array.from(document.querySelectorAll('.order-row .name')).map((n) => n.textContent);
      if (rows.length === 0) return;
      const app = document.querySelector('.device-app');
      const csv = Array.from(document.querySelectorAll('button')).find((b) => b.textContent === 'Export CSV');
      window.__first = {
        rows, doc: app && app.getAttribute('data-doc'), from: app && app.getAttribute('data-opened-from'),
        enabledTabs: Array.from(document.querySelectorAll('button[role=tab]')).filter((b) => !b.disabled).map((b) => b.textContent.replace(/ \\(.*/, '')),
        csvDisabled: Boolean(csv && csv.disabled), loadingNotice: document.querySelector('[data-testid=doc-loading]') !== null,
      };
      observer.disconnect();
    });
    observer.observe(document, { subtree: true, childList: true, characterData: true });
  })();`);
}

describe('manager read-model snapshot', () => {
  it('a reload renders the order list from the snapshot, only the list until the doc is loaded, then the same list and the detail', async () => {
    const [mia, max] = [await placeOrderOverHttp(env.server.url, 'Snap Mia', [{ itemId: 'veggie', quantity: 1 }]), await placeOrderOverHttp(env.server.url, 'Snap Max', [{ itemId: 'lemonade', quantity: 3 }])];
    const context = await newContext(env.browser);
    await recordFirstRender(context);
    const manager = await openDeviceApp(context, env.server.url, 'manager', 'manager');
    await manager.waitForSelector(`.order-row[data-order="${max.orderNumber}"]`);
    await manager.waitForSelector(`.order-row[data-order="${mia.orderNumber}"]`);
    await manager.waitForSelector('[data-testid=connection]:text("Live")');
    await manager.evaluate(() => window.dispatchEvent(new Event('pagehide'))); // writes the snapshot now
    await manager.waitForSelector('.device-app:not([data-snapshots-written="0"])');
    const rows = await manager.$$eval('.order-row .name', (names) => names.map((n) => n.textContent));

    const first = await reloadAndFirstRender<FirstRender>(manager);
    expect(first).toEqual({ rows, doc: 'loading', from: 'snapshot', enabledTabs: ['Orders'], csvDisabled: true, loadingNotice: true });
    expect(rows).toEqual(['Snap Max', 'Snap Mia']);
    await manager.waitForSelector('.device-app[data-doc=loaded][data-snapshot-matched=true]');
    expect(await manager.$$eval('.order-row .name', (names) => names.map((n) => n.textContent))).toEqual(rows);
    await manager.click(`.order-row[data-order="${mia.orderNumber}"]`);
    await manager.waitForSelector('.order-detail:has-text("Snap Mia")');
    expect(await manager.isDisabled('button[role=tab]:has-text("New order")')).toBe(false);
    await context.close();
  });
});
