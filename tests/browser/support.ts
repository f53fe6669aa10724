// What every browser test needs: the real server on a free port with its own data directory,
// real Chromium, and a few steps (log in, place an order over HTTP) written once.
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { AppConfig } from '../../sync-server/app';
import { DIST, ROOT, ensureBuilt } from './build';

export const DEMO_PASSWORD = 'test-demo-password';
export const SCREENSHOTS = join(ROOT, 'docs', 'screenshots');

/** The pictures in docs/screenshots are taken by the tests, but rewritten only on request
 *  (`UPDATE_SCREENSHOTS=1 npm test`), so an ordinary run leaves the checkout clean. */
export async function keepScreenshot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<void> {
  if (process.env.UPDATE_SCREENSHOTS !== '1') return;
  await page.screenshot({ path: join(SCREENSHOTS, name), ...options });
}

export interface TestServer { url: string; close(): Promise<void> }

export async function startServer(extra: Partial<AppConfig> = {}): Promise<TestServer> {
  await ensureBuilt();
  const dataDir = mkdtempSync(join(tmpdir(), 'fundraiser-browser-'));
  const { createApp } = (await import(process.env.FUNDRAISER_APP_MODULE ?? '../../sync-server/app')) as typeof import('../../sync-server/app');
  const app = await createApp({ port: 0, host: '127.0.0.1', dataDir, demoPassword: DEMO_PASSWORD, distDir: DIST, orderRateLimit: 0, ...extra });
  return {
    url: app.url.replace(/\/$/, ''),
    close: async () => {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** One real server and one Chromium for a test file: started before its tests, closed after. */
export function serverAndBrowser(extra: Partial<AppConfig> = {}): { server: TestServer; browser: Browser } {
  const env = {} as { server: TestServer; browser: Browser };
  beforeAll(async () => {
    [env.server, env.browser] = await Promise.all([startServer(extra), launchBrowser()]);
  }, 120_000);
  afterAll(async () => {
    await env.browser?.close();
    await env.server?.close();
  });
  return env;
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** `timezoneId`: the device's own zone (IANA), where it must differ from the club's. */
export async function newContext(browser: Browser, options: { phone?: boolean; timezoneId?: string } = {}): Promise<BrowserContext> {
  const context = await browser.newContext({
    ...(options.phone ? { viewport: { width: 412, height: 900 }, deviceScaleFactor: 1, hasTouch: true, isMobile: true } : { viewport: { width: 1280, height: 860 } }),
    ...(options.timezoneId ? { timezoneId: options.timezoneId } : {}),
  });
  context.setDefaultTimeout(10_000);
  return context;
}

/** Opens a device app and logs in through its form. */
export async function openDeviceApp(context: BrowserContext, base: string, app: 'manager' | 'clerk', username: 'manager' | 'clerk', fid = 'demo'): Promise<Page> {
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`[${app} page error]`, error));
  await page.goto(`${base}/${app}?fid=${fid}`);
  await page.fill('#login-username', username);
  await page.fill('#login-password', DEMO_PASSWORD);
  await page.click('button[type=submit]');
  await page.waitForSelector(app === 'clerk' ? '.status-bar' : '.app-header');
  return page;
}

export interface PlacedOrder { orderId: string; orderNumber: string; totalCents: number; receipt: string }

export async function placeOrderOverHttp(base: string, name: string, lines: { itemId: string; quantity: number }[]): Promise<PlacedOrder> {
  const response = await fetch(`${base}/api/fundraisers/demo/orders`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ customer: { name }, lines, idempotencyKey: `test-${crypto.randomUUID()}` }),
  });
  if (response.status !== 201) throw new Error(`placing an order answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as PlacedOrder;
}

/** The order as its customer reads it with the receipt (the website's GET). */
export async function customerViewOverHttp(base: string, order: PlacedOrder): Promise<{ status: string; paidCents: number; totalCents: number }> {
  const response = await fetch(`${base}/api/fundraisers/demo/orders/${order.orderId}?receipt=${encodeURIComponent(order.receipt)}`);
  return (await response.json()) as { status: string; paidCents: number; totalCents: number };
}

export async function cancelOverHttp(base: string, order: PlacedOrder): Promise<Response> {
  return fetch(`${base}/api/fundraisers/demo/orders/${order.orderId}/cancel?receipt=${encodeURIComponent(order.receipt)}`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}',
  });
}

/** Clicks "Sync now" on a clerk page and waits for the report; returns its text. */
export async function syncClerk(page: Page): Promise<string> {
  // Runs are counted on the sync line: the last report may be hidden (new work since).
  const before = Number(await (await page.waitForSelector('.sync-line')).getAttribute('data-runs'));
  await page.click('.sync-button');
  const report = await page.waitForSelector(`[data-testid=sync-report][data-run="${before + 1}"]`, { timeout: 20_000 });
  return report.innerText();
}

export async function searchClerk(page: Page, text: string): Promise<void> {
  await page.fill('input.search', text);
}

/** Waits until the page's service worker controls it, so a reload can come from the cache. */
export async function waitForShellWorker(page: Page): Promise<void> {
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
}

/** Polls a condition (no fixed sleeps): resolves with its first truthy value, or fails after `timeoutMs`. */
export async function eventually<T>(condition: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 5_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await condition();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Reloads `page` and returns what its init script left in `window.__first` at the first render. */
export async function reloadAndFirstRender<T>(page: Page): Promise<T> {
  await page.reload({ waitUntil: 'commit' });
  const handle = await page.waitForFunction(() => (window as unknown as { __first?: T }).__first);
  return (await handle.jsonValue()) as T;
}
