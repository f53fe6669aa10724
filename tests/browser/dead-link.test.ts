// A link that dies without a close (venue wifi drops, a NAT forgets the connection): the
// manager's "● Live" goes within the watchdog's time (client/device/link-watchdog.ts), not
// after y-websocket's 30 s, and comes back with what arrived meanwhile once the link does. The
// page reaches the server only through tests/support/freezable-proxy.ts, which freezes its TCP
// connections without closing them. The server's heartbeat interval is shortened to 1 s; the
// page learns it from the server's meta tag, the path the product's 5 s take.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { HEARTBEAT_SILENCE_INTERVALS } from '../../sync-server/shared/protocol';
import { startFreezableProxy, type FreezableProxy } from '../support/freezable-proxy';
import { launchBrowser, newContext, openDeviceApp, placeOrderOverHttp, startServer, type TestServer } from './support';

const HEARTBEAT_MS = 1_000;
const WATCHDOG_MS = HEARTBEAT_SILENCE_INTERVALS * HEARTBEAT_MS; // 2.5 s of silence
const env = {} as { server: TestServer; proxy: FreezableProxy; browser: Browser };

beforeAll(async () => {
  [env.server, env.browser] = await Promise.all([startServer({ syncOptions: { heartbeatIntervalMs: HEARTBEAT_MS } }), launchBrowser()]);
  env.proxy = await startFreezableProxy(env.server.url);
}, 120_000);
afterAll(async () => {
  await env.browser?.close();
  await env.proxy?.close();
  await env.server?.close();
});

const LIVE = '● Live';
const isLive = (live: string) => document.querySelector('[data-testid=connection]')?.textContent === live;

describe('a dead link on the manager', () => {
  it('"Live" goes within the watchdog time when the link freezes, and comes back with the orders placed meanwhile', async () => {
    const context = await newContext(env.browser);
    const manager = await openDeviceApp(context, env.proxy.via(env.server.url).replace(/\/$/, ''), 'manager', 'manager');
    await manager.waitForSelector('[data-testid=connection]:text("Live")');
    // Synced (the watchdog watches a connection from its first sync on): live mode stamps it.
    await manager.waitForFunction(() => localStorage.getItem('fundraiser-orders:last-sync:demo') !== null);

    env.proxy.freeze();
    const frozenAt = Date.now();
    // The last heartbeat came at most 1.2 intervals before the freeze; the check runs every 0.2 s.
    await manager.waitForFunction((live) => document.querySelector('[data-testid=connection]')?.textContent !== live, LIVE, { timeout: WATCHDOG_MS + 1_500 });
    const shownAfter = Date.now() - frozenAt;
    expect(await manager.innerText('[data-testid=connection]')).toMatch(/^○ (Offline:|Connecting…) working on this device$/);
    expect(shownAfter).toBeGreaterThan(WATCHDOG_MS - 1.2 * HEARTBEAT_MS);

    const placed = await placeOrderOverHttp(env.server.url, 'Frozen Frieda', [{ itemId: 'lemonade', quantity: 1 }]);
    env.proxy.thaw();
    await manager.waitForFunction(isLive, LIVE, { timeout: 10_000 });
    await manager.waitForSelector(`.order-row[data-order="${placed.orderNumber}"]`);
    await context.close();
  });
});
