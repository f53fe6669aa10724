// Offline changes the server will not take even in pieces (one writer's run over its message
// limit, here set to 2 KiB): the clerk is told so, the events stay on the device, and the
// export holds them for the manager.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { createApp, type App } from '../../sync-server/app';
import { DIST, ensureBuilt } from './build';
import { DEMO_PASSWORD, launchBrowser, newContext, openDeviceApp, syncClerk } from './support';

let browser: Browser;
let app: App;
let dataDir: string;
beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'fundraiser-too-large-'));
  await ensureBuilt();
  [browser, app] = await Promise.all([launchBrowser(), createApp({
    port: 0, host: '127.0.0.1', dataDir, demoPassword: DEMO_PASSWORD, distDir: DIST, orderRateLimit: 0, log: () => {},
    syncOptions: { limits: { maxMessageBytes: 2 * 1024 } },
  })]);
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await app?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** A walk-in: the order and its check-in. */
async function doorOrder(clerk: Page, name: string): Promise<void> {
  await clerk.click('button:has-text("+ New order")');
  await clerk.fill('#door-qty-lemonade', '1');
  await clerk.fill('#door-name', name);
  await clerk.click('.new-order button[type=submit]');
  await clerk.waitForSelector(`.checkin-card:has-text("${name}")`);
}

describe('offline changes too large for the server', () => {
  it('are reported as not synced, kept on the device, and exported for the manager', async () => {
    const context = await newContext(browser, { phone: true });
    const clerk = await openDeviceApp(context, app.url.replace(/\/$/, ''), 'clerk', 'clerk');
    expect(await syncClerk(clerk)).toMatch(/^Synced: sent 0/);
    await context.setOffline(true);
    const names = Array.from({ length: 12 }, (_, i) => `Large Larry ${i}`);
    for (const name of names) await doorOrder(clerk, name);
    await context.setOffline(false);

    expect(await syncClerk(clerk)).toMatch(/too large to send at once/);
    await clerk.waitForSelector('[data-testid=too-large]');
    await clerk.waitForSelector('[data-testid=pending]:text("24 not on the server")');
    expect(await app.fundraisers.read('demo', (p) => p.orders().filter((o) => o.customer.name.startsWith('Large Larry')).length)).toBe(0);
    const [download] = await Promise.all([clerk.waitForEvent('download'), clerk.click('[data-testid=too-large] button:has-text("Export this device\'s events")')]);
    const exported = JSON.parse(readFileSync((await download.path())!, 'utf8')) as { replicated: { type: string; data: { customer?: { name: string } } }[] };
    const placed = exported.replicated.filter((e) => e.type === 'OrderPlaced').map((e) => e.data.customer?.name);
    expect(placed).toEqual(expect.arrayContaining(names));
    await context.close();
  });
});
