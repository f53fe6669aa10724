// A device's own storage going wrong: IndexedDB wiped or holding damaged records is detected
// and reported, what still reads is kept, and a sync brings the rest back from the server; and
// a server whose copy of the fundraiser was re-created (another epoch) is refused before any
// merge, with the device's events offered as an export.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createApp } from '../../sync-server/app';
import type { App } from '../../sync-server/app';
import { DIST, ensureBuilt } from './build';
import { DEMO_PASSWORD, keepScreenshot, launchBrowser, newContext, openDeviceApp, placeOrderOverHttp, searchClerk, syncClerk } from './support';

let browser: Browser;
const dirs: string[] = [];
const apps: App[] = [];

beforeAll(async () => {
  [browser] = await Promise.all([launchBrowser(), ensureBuilt()]);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await Promise.all(apps.map((app) => app.close().catch(() => {})));
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** A server on a fresh data directory; `port` reuses an origin (IndexedDB is per origin). */
async function serve(port = 0): Promise<{ app: App; url: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'fundraiser-device-storage-'));
  dirs.push(dataDir);
  const app = await createApp({ port, host: '127.0.0.1', dataDir, demoPassword: DEMO_PASSWORD, distDir: DIST, orderRateLimit: 0, log: () => {} });
  apps.push(app);
  return { app, url: app.url.replace(/\/$/, '') };
}

/** A walk-in booked at the door: two events on the device, the order and its check-in. */
async function doorOrder(clerk: Page, name: string): Promise<string> {
  await clerk.click('button:has-text("+ New order")');
  await clerk.fill('#door-qty-lemonade', '1');
  await clerk.fill('#door-name', name);
  await clerk.click('.new-order button[type=submit]');
  return (await clerk.getAttribute(`.checkin-card:has-text("${name}")`, 'data-order'))!;
}

/** Adds `count` records to y-indexeddb's `updates` store that do not decode: bytes, then a string. */
const addDamagedRecords = (page: Page, count: number) => page.evaluate((n) => new Promise<void>((resolve, reject) => {
  const open = indexedDB.open('fundraiser-orders:demo');
  open.onsuccess = () => {
    const tx = open.result.transaction('updates', 'readwrite');
    const damaged = [new Uint8Array([250, 251, 252, 253, 254, 255, 1, 2, 3]), 'not an update at all'];
    for (let i = 0; i < n; i++) tx.objectStore('updates').add(damaged[i % 2]);
    tx.oncomplete = () => (open.result.close(), resolve());
    tx.onerror = () => reject(tx.error);
  };
}), count);

/** Replaces the largest record of the `updates` store in place (same key) with bytes that do not decode. */
const damageLargestInPlace = (page: Page) => page.evaluate(() => new Promise<void>((resolve, reject) => {
  const open = indexedDB.open('fundraiser-orders:demo');
  open.onsuccess = () => {
    const tx = open.result.transaction('updates', 'readwrite');
    const store = tx.objectStore('updates');
    const keys = store.getAllKeys();
    const values = store.getAll();
    values.onsuccess = () => {
      const sizes = (values.result as Uint8Array[]).map((value) => value.length);
      store.put(new Uint8Array([250, 251, 252, 253, 254, 255, 1, 2, 3]), keys.result[sizes.indexOf(Math.max(...sizes))]);
    };
    tx.oncomplete = () => (open.result.close(), resolve());
    tx.onerror = () => reject(tx.error);
  };
}));

/** Writes `value` under `key` in y-indexeddb's `custom` store. */
const putCustom = (page: Page, key: string, value: unknown) => page.evaluate(([k, v]) => new Promise<void>((resolve, reject) => {
  const open = indexedDB.open('fundraiser-orders:demo');
  open.onsuccess = () => {
    const tx = open.result.transaction('custom', 'readwrite');
    tx.objectStore('custom').put(v, k as string);
    tx.oncomplete = () => (open.result.close(), resolve());
    tx.onerror = () => reject(tx.error);
  };
}), [key, value] as const);

/** How many records y-indexeddb's `updates` store holds now. */
const storedRecords = (page: Page) => page.evaluate(() => new Promise<number>((resolve, reject) => {
  const open = indexedDB.open('fundraiser-orders:demo');
  open.onsuccess = () => {
    const count = open.result.transaction('updates', 'readonly').objectStore('updates').count();
    count.onsuccess = () => (open.result.close(), resolve(count.result));
    count.onerror = () => reject(count.error);
  };
}));

/** How many stored records the damaged-record check decoded when the page opened. */
async function decodedOnOpen(page: Page): Promise<number> {
  await page.waitForSelector('.device-app[data-damaged-check-decoded]');
  return Number(await page.getAttribute('.device-app', 'data-damaged-check-decoded'));
}

const localStoreNotice = (page: Page, kind: string) => page.waitForSelector(`[data-testid=local-store][data-kind=${kind}]`);

describe('device storage', () => {
  it('a wiped IndexedDB is reported, and a sync brings back everything, own events included', async () => {
    const { url } = await serve();
    const website = await placeOrderOverHttp(url, 'Wiped Wendy', [{ itemId: 'spaghetti', quantity: 1 }]);
    const context = await newContext(browser, { phone: true });
    const clerk = await openDeviceApp(context, url, 'clerk', 'clerk');
    await syncClerk(clerk);
    const door = await doorOrder(clerk, 'Door Dora');
    expect(await syncClerk(clerk)).toMatch(/^Synced: sent 2,/);
    const held = await clerk.evaluate(() => Number(localStorage.getItem('fundraiser-orders:local-events:demo')));
    expect(held).toBeGreaterThan(2);

    await clerk.goto(`${url}/healthz`); // same origin, no app holding the database open
    await clerk.evaluate(() => new Promise((resolve, reject) => Object.assign(indexedDB.deleteDatabase('fundraiser-orders:demo'), { onsuccess: resolve, onerror: reject })));
    await clerk.goto(`${url}/clerk?fid=demo`);
    const notice = await localStoreNotice(clerk, 'lost');
    expect(await notice.innerText()).toContain(`it held ${held} events, 0 loaded`);

    expect(await syncClerk(clerk)).toMatch(/^Synced: sent 0, received \d+/);
    const recovered = await localStoreNotice(clerk, 'recovered');
    expect(await recovered.innerText()).toContain('Recovered: everything it held is back from the server.');
    for (const number of [website.orderNumber, door]) {
      await searchClerk(clerk, number);
      await clerk.waitForSelector(`.checkin-card[data-order="${number}"]`);
    }
    await context.close();
  });

  it('damaged records are set aside, the rest loads, and nothing it held is missing', async () => {
    const { url } = await serve();
    const website = await placeOrderOverHttp(url, 'Damaged Dan', [{ itemId: 'veggie', quantity: 2 }]);
    const context = await newContext(browser, { phone: true });
    const clerk = await openDeviceApp(context, url, 'clerk', 'clerk');
    await syncClerk(clerk);
    const door = await doorOrder(clerk, 'Offline Olga'); // not synced: exists only here
    await clerk.waitForSelector('[data-testid=pending]:text("2 not on the server")');
    await addDamagedRecords(clerk, 2);
    await clerk.reload();
    const notice = await localStoreNotice(clerk, 'recovered');
    expect(await notice.innerText()).toContain('2 damaged record(s) were set aside');
    expect(await clerk.getAttribute('.device-app', 'data-damaged-check')).toBe('worker'); // off the main thread
    expect(await notice.innerText()).toContain('Nothing it held is missing.');
    await clerk.waitForSelector('[data-testid=pending]:text("2 not on the server")');
    for (const number of [website.orderNumber, door]) {
      await searchClerk(clerk, number);
      await clerk.waitForSelector(`.checkin-card[data-order="${number}"]`);
    }
    expect(await syncClerk(clerk)).toMatch(/^Synced: sent 2,/);
    // Without Worker (an older browser), the same check runs on the main thread.
    await addDamagedRecords(clerk, 1);
    await clerk.addInitScript('delete window.Worker;');
    await clerk.reload();
    expect(await (await localStoreNotice(clerk, 'recovered')).innerText()).toContain('1 damaged record(s) were set aside');
    expect(await clerk.getAttribute('.device-app', 'data-damaged-check')).toBe('main');
    await context.close();
  });

  it('the damaged-record check decodes only bytes it has not seen decode, and still sets aside a verified record damaged in place', async () => {
    const { url } = await serve();
    const website = await placeOrderOverHttp(url, 'Hashed Hanna', [{ itemId: 'veggie', quantity: 1 }]);
    const context = await newContext(browser, { phone: true });
    const clerk = await openDeviceApp(context, url, 'clerk', 'clerk');
    await syncClerk(clerk);
    await clerk.reload();
    const firstCheck = await decodedOnOpen(clerk);
    expect(firstCheck).toBeGreaterThan(0); // the synced records are new to it
    await clerk.reload();
    expect(await decodedOnOpen(clerk)).toBe(0); // the same bytes: hashed, not decoded
    expect(await clerk.getAttribute('.device-app', 'data-damaged-check')).toBe('worker');

    // Every record stored before the reload is decoded again: an unreadable list is not trusted, nor another Yjs's.
    for (const list of ['not a list of hashes', { decoder: 'yjs@0.0.1 lib0@0.0.1', sha256: [] }]) {
      await putCustom(clerk, 'verified-records', list);
      const stored = await storedRecords(clerk);
      expect(stored).toBeGreaterThan(0);
      await clerk.reload();
      expect(await decodedOnOpen(clerk)).toBeGreaterThanOrEqual(stored);
    }

    await damageLargestInPlace(clerk); // the synced update, verified before, now other bytes under its key
    await clerk.reload();
    expect(await (await localStoreNotice(clerk, 'damaged')).innerText()).toContain('1 damaged record(s) were set aside');
    expect(await syncClerk(clerk)).toMatch(/^Synced: sent 0, received \d+/);
    await localStoreNotice(clerk, 'recovered');
    await searchClerk(clerk, website.orderNumber);
    await clerk.waitForSelector(`.checkin-card[data-order="${website.orderNumber}"]`);
    await context.close();
  });

  it('a re-created server copy (another epoch) is refused before any merge; the export holds the device events', async () => {
    const first = await serve();
    const context = await newContext(browser, { phone: true });
    const clerk = await openDeviceApp(context, first.url, 'clerk', 'clerk');
    await syncClerk(clerk);
    const door = await doorOrder(clerk, 'Epoch Emma');
    await clerk.waitForSelector('[data-testid=pending]:text("2 not on the server")');

    // The server loses its data and starts again, seeded afresh, on the same address.
    await first.app.close();
    const second = await serve(first.app.port);
    expect(await syncClerk(clerk)).toMatch(/login has expired/); // a new server, a new token key
    await clerk.click('.device-notices button:has-text("Log in again")');
    await clerk.fill('#login-password', DEMO_PASSWORD);
    await clerk.click('.device-notices button[type=submit]');
    await clerk.waitForSelector('.device-notices [role=alert]:has-text("login has expired")', { state: 'detached' });
    expect(await syncClerk(clerk)).toMatch(/re-created or restored/);
    await clerk.waitForSelector('[data-testid=epoch-mismatch]');
    await keepScreenshot(clerk, 'clerk-epoch-mismatch.png');
    await clerk.waitForSelector('[data-testid=pending]:text("2 not on the server")');
    const onServer = await second.app.fundraisers.read('demo', (p) => p.orders().map((o) => o.orderNumber));
    expect(onServer).toEqual([]); // nothing of the device's copy was merged

    const [download] = await Promise.all([clerk.waitForEvent('download'), clerk.click('button:has-text("Export this device\'s events")')]);
    const exported = JSON.parse(readFileSync((await download.path())!, 'utf8')) as { fid: string; replicated: { type: string; data: { orderNumber?: string } }[] };
    expect(exported.fid).toBe('demo');
    expect(exported.replicated.some((e) => e.type === 'OrderPlaced' && e.data.orderNumber === door)).toBe(true);

    // Another tab holding the database open: the deletion waits for it, and says so.
    const otherTab = await context.newPage();
    await otherTab.goto(`${first.url}/icon.svg`);
    await otherTab.evaluate((name) => new Promise<void>((resolve, reject) => {
      const request = indexedDB.open(name);
      request.onsuccess = () => resolve(void ((globalThis as { held?: IDBDatabase }).held = request.result));
      request.onerror = () => reject(request.error);
    }), 'fundraiser-orders:demo');
    clerk.once('dialog', (dialog) => void dialog.accept());
    await clerk.click('button:has-text("Start over from the server")');
    expect(await (await clerk.waitForSelector('[data-testid=start-over-state]')).innerText()).toContain('Another tab of this app still has this fundraiser open');
    await otherTab.evaluate(() => (globalThis as { held?: IDBDatabase }).held!.close());
    await clerk.waitForSelector('[data-testid=epoch-mismatch]', { state: 'detached' });
    await clerk.waitForSelector('.status-bar');
    expect(await syncClerk(clerk)).toMatch(/^Synced: sent 0, received \d+/);
    expect(await clerk.$('[data-testid=local-store]')).toBeNull();
    await context.close();
  });
});
