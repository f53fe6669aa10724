// A clerk in real Chromium holding a fundraiser of a given size in its IndexedDB: the
// product serves the built pages, the fundraiser's events are written into its store, and
// the clerk logs in and syncs once, as at the door before the evening starts.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import * as Y from 'yjs';
import { DIST, ensureBuilt } from '../../tests/browser/build';
import { launchBrowser } from '../../tests/browser/support';
import { startApp, DEMO_PASSWORD } from './app';
import type { BenchApp } from './app';
import { docOf } from './events';
import type { Log } from './events';

export interface ClerkWithData {
  app: BenchApp;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** Orders the clerk's page counts once synced. */
  orders: number;
  close(): Promise<void>;
}

export async function clerkWithData(log: Log): Promise<ClerkWithData> {
  await ensureBuilt();
  const app = await startApp({ distDir: DIST });
  await app.app.server.docStore.appendUpdate('demo', Y.encodeStateAsUpdate(docOf(log)));
  const browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  context.setDefaultTimeout(180_000);
  const page = await context.newPage();
  await page.goto(`${app.url}/clerk?fid=demo`);
  await page.fill('#login-username', 'clerk');
  await page.fill('#login-password', DEMO_PASSWORD);
  await page.click('button[type=submit]');
  await page.waitForSelector('.status-bar');
  await page.click('.sync-button');
  await page.waitForSelector('[data-testid=sync-report][data-run="1"]');
  await page.evaluate(IDB_BARRIER);
  const orders = await ordersShown(page);
  return {
    app, browser, context, page, orders,
    close: async () => {
      await browser.close();
      await app.close();
    },
  };
}

/**
 * Resolves once y-indexeddb's writes so far are committed: a read transaction on its store
 * completes only after the write transactions created before it. A string: see below.
 */
const IDB_BARRIER = `new Promise((resolve, reject) => {
  const open = indexedDB.open('fundraiser-orders:demo');
  open.onerror = () => reject(open.error);
  open.onsuccess = () => {
    const tx = open.result.transaction(['updates'], 'readonly');
    tx.objectStore('updates').count();
    tx.oncomplete = () => { open.result.close(); resolve(true); };
    tx.onerror = () => reject(tx.error);
  };
})`;

export async function ordersShown(page: Page): Promise<number> {
  const text = await page.textContent('p.hint');
  const match = /^(\d+) orders/.exec(text ?? '');
  if (!match) throw new Error(`the clerk page shows no order count: ${JSON.stringify(text)}`);
  return Number(match[1]);
}

/**
 * Reloads the clerk page and returns ms from navigation start to the first render of the
 * list holding all `orders` (a MutationObserver installed before the page's scripts run).
 */
export async function coldOpen(page: Page, orders: number): Promise<number> {
  await page.reload({ waitUntil: 'commit' });
  const handle = await page.waitForFunction(() => (window as unknown as { __firstRender?: number }).__firstRender, undefined, { polling: 100, timeout: 180_000 });
  const at = (await handle.jsonValue()) as number;
  const shown = await ordersShown(page);
  if (shown !== orders) throw new Error(`after reload the clerk shows ${shown} orders, not ${orders}`);
  return at;
}

/**
 * Installs the first-render probe for `coldOpen`; call once per context. A string, not a
 * function: tsx compiles functions with helpers (`__name`) that do not exist in the page.
 */
export async function installFirstRenderProbe(context: BrowserContext, orders: number): Promise<void> {
  await context.addInitScript(`(() => {
    const probe = () => {
      const hint = document.querySelector('p.hint');
      if (hint && hint.textContent && hint.textContent.startsWith('${orders} orders')) {
        window.__firstRender = performance.now();
        return true;
      }
      return false;
    };
    const observer = new MutationObserver(() => { if (probe()) observer.disconnect(); });
    observer.observe(document, { subtree: true, childList: true, characterData: true });
  })();`);
}

/** The baseline in the same page: JSON.parse of the events + a plain reduce by orderId, in ms. */
export async function parseAndReduceInPage(page: Page, json: string, runs: number): Promise<number[]> {
  return page.evaluate(({ text, n }) => {
    const out: number[] = [];
    for (let i = 0; i <= n; i++) {
      const start = performance.now();
      const events = JSON.parse(text) as { data?: { orderId?: string } }[];
      const byOrder = events.reduce((m, e) => {
        const id = e?.data?.orderId ?? '';
        const list = m.get(id);
        if (list) list.push(e);
        else m.set(id, [e]);
        return m;
      }, new Map<string, unknown[]>());
      if (byOrder.size === 0) throw new Error('nothing parsed');
      if (i > 0) out.push(performance.now() - start); // the first is a warm-up
    }
    return out;
  }, { text: json, n: runs });
}
