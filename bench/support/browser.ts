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
  // A page closed mid-row once, cause unknown: say so if the renderer crashes or the browser goes.
  let closing = false;
  page.on('crash', () => console.error('  [bench] the clerk page crashed (renderer)'));
  browser.on('disconnected', () => closing || console.error('  [bench] the browser disconnected before the row closed it'));
  await page.goto(`${app.url}/clerk?fid=demo`);
  await page.fill('#login-username', 'clerk');
  await page.fill('#login-password', DEMO_PASSWORD);
  await page.click('button[type=submit]');
  await page.waitForSelector('.status-bar');
  await page.click('.sync-button');
  await page.waitForSelector('[data-testid=sync-report][data-run="1"]');
  const orders = await ordersShown(page);
  await page.waitForFunction(snapshotHolds(orders), undefined, { polling: 200, timeout: 180_000 });
  await page.evaluate(IDB_BARRIER);
  return {
    app, browser, context, page, orders,
    close: async () => {
      closing = true;
      await browser.close();
      await app.close();
    },
  };
}

/** True once the clerk's read-model snapshot (client/device/read-model-store.ts) holds `orders` orders. */
const snapshotHolds = (orders: number) => `new Promise((resolve, reject) => {
  const open = indexedDB.open('fundraiser-orders:demo');
  open.onerror = () => reject(open.error);
  open.onsuccess = () => {
    const get = open.result.transaction(['custom'], 'readonly').objectStore('custom').get('read-model-snapshot');
    get.onsuccess = () => { open.result.close(); resolve(get.result?.model?.ids?.length === ${orders}); };
    get.onerror = () => reject(get.error);
  };
})`;

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
  const match = /^(\d+) orders?/.exec(text ?? '');
  if (!match) throw new Error(`the clerk page shows no order count: ${JSON.stringify(text)}`);
  return Number(match[1]);
}

export interface ColdOpen {
  /** ms from navigation start to the first render of the list holding all `orders`. */
  ms: number;
  /** Where that first render came from: the read-model snapshot, or the loaded doc. */
  from: string;
  /** ms from navigation start until the doc is loaded (check-in, payment, new order usable). */
  loadedMs: number;
  /** Main-thread tasks over 50 ms (longtask entries) between the first render and the doc loaded: the longest, and their sum, in ms. */
  blocked: { longestMs: number; totalMs: number; tasks: number };
  /** The page's `fundraiser:*` performance marks (client/device/fundraiser-doc.ts), ms from navigation start. */
  marks: Record<string, number>;
}

/**
 * Reloads the clerk page and measures the first render of the list holding all `orders` (a
 * MutationObserver installed before the page's scripts run). Then waits for the doc to load
 * and checks the list it shows is the one first rendered (and, from a snapshot, that the doc
 * is exactly what the snapshot covered), and for the snapshot the page writes after loading,
 * so that each reload starts as a clerk's next open would.
 */
export async function coldOpen(page: Page, orders: number): Promise<ColdOpen> {
  await page.reload({ waitUntil: 'commit' });
  const handle = await page.waitForFunction(() => (window as unknown as { __firstRender?: unknown }).__firstRender, undefined, { polling: 100, timeout: 180_000 });
  const first = (await handle.jsonValue()) as { at: number; hint: string; from: string };
  await page.waitForSelector('.device-app[data-doc=loaded]', { timeout: 180_000 });
  const loaded = await page.textContent('p.hint');
  if (loaded !== first.hint) throw new Error(`first render showed ${JSON.stringify(first.hint)}, the loaded doc ${JSON.stringify(loaded)}`);
  const shown = await ordersShown(page);
  if (shown !== orders) throw new Error(`after reload the clerk shows ${shown} orders, not ${orders}`);
  if (first.from === 'snapshot' && (await page.getAttribute('.device-app', 'data-snapshot-matched')) !== 'true') throw new Error('the loaded doc is not what the snapshot covered');
  await page.waitForSelector('.device-app:not([data-snapshots-written="0"])', { timeout: 180_000 });
  await page.evaluate(IDB_BARRIER);
  const loadedMs = await page.evaluate(() => (window as unknown as { __docLoaded: number }).__docLoaded);
  const { tasks, marks } = (await page.evaluate(PAGE_TIMINGS)) as { tasks: { start: number; ms: number }[]; marks: Record<string, number> };
  const after = tasks.filter((t) => t.start + t.ms > first.at && t.start < loadedMs).map((t) => t.ms);
  const blocked = { longestMs: Math.max(0, ...after), totalMs: after.reduce((a, b) => a + b, 0), tasks: after.length };
  return { ms: first.at, from: first.from, loadedMs, blocked, marks };
}

const PAGE_TIMINGS = `({
  tasks: window.__longTasks || [],
  marks: Object.fromEntries(performance.getEntriesByType('mark').filter((m) => m.name.startsWith('fundraiser:')).map((m) => [m.name.slice(11), Math.round(m.startTime)])),
})`;

/**
 * Installs the first-render probe for `coldOpen`; call once per context. A string, not a
 * function: tsx compiles functions with helpers (`__name`) that do not exist in the page.
 */
export async function installFirstRenderProbe(context: BrowserContext, orders: number): Promise<void> {
  await context.addInitScript(`(() => {
    window.__longTasks = [];
    try {
      new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__longTasks.push({ start: e.startTime, ms: e.duration }); })
        .observe({ type: 'longtask', buffered: true });
    } catch {}
    const probe = () => {
      const hint = document.querySelector('p.hint');
      if (hint && hint.textContent && hint.textContent.startsWith('${orders} orders')) {
        const app = document.querySelector('.device-app');
        window.__firstRender = { at: performance.now(), hint: hint.textContent, from: app ? app.getAttribute('data-opened-from') : 'unknown' };
        return true;
      }
      return false;
    };
    const observer = new MutationObserver(() => { if (probe()) observer.disconnect(); });
    observer.observe(document, { subtree: true, childList: true, characterData: true });
    const loaded = new MutationObserver(() => {
      if (!document.querySelector('.device-app[data-doc=loaded]')) return;
      window.__docLoaded = performance.now();
      loaded.disconnect();
    });
    loaded.observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-doc'] });
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
