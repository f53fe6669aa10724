// The clientID pool (client/device/client-id.ts) in real Chromium, with real localStorage and
// Web Locks: tabs of one device that write past a full run move to fresh ids, and no tab
// ever writes again with an id that has written a full run (retired) or whose writes its
// copy lacks (that would reuse clocks the server already holds, with other content).
// Each "tab" is a page of one context; its copy of the document is handed over as a Yjs
// update, as IndexedDB would load it. The page is served by Playwright on http://127.0.0.1.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { build } from 'vite';
import { resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { eventually, launchBrowser, newContext } from './support';
import { CLIENT_ID_RUN as RUN } from '../../client/device/own-writes';

const ORIGIN = 'http://127.0.0.1:47913';
const OWNER = 'demo:u-clerk';
const POOL_KEY = `fundraiser-orders:client-ids:${OWNER}`;
let browser: Browser;
let bundle: string;

beforeAll(async () => {
  [browser, bundle] = await Promise.all([launchBrowser(), bundleTabCode()]);
}, 60_000);
afterAll(async () => browser?.close());

/** client-id.ts and own-writes.ts with Yjs, as one script that sets window.TabCode. */
async function bundleTabCode(): Promise<string> {
  const out = await build({
    configFile: false, logLevel: 'silent',
    build: { write: false, minify: false, lib: { entry: resolve(import.meta.dirname, 'client-id-tab.ts'), formats: ['iife'], name: 'TabCode' } },
  });
  const [result] = Array.isArray(out) ? out : [out];
  const chunk = (result as { output: { type: string; code?: string }[] }).output.find((o) => o.type === 'chunk');
  return chunk!.code!;
}

interface Tab { page: Page; chosen: number; reused: boolean; lost: number[] }

async function openTab(context: BrowserContext, state: number[]): Promise<Tab> {
  const page = await context.newPage();
  await page.route(`${ORIGIN}/**`, (route) => route.fulfill({ contentType: 'text/html', body: `<!doctype html><script>${bundle}</script>` }));
  await page.goto(`${ORIGIN}/tab`);
  const opened = await page.evaluate(async ([owner, update]) => window.TabCode.open(owner, update), [OWNER, state] as const);
  return { page, ...opened };
}

const write = (tab: Tab, count: number) => tab.page.evaluate((n) => window.TabCode.write(n), count);
const writers = (tab: Tab) => tab.page.evaluate(() => window.TabCode.writers());
const stateOf = (tab: Tab) => tab.page.evaluate(() => window.TabCode.state());
const pool = (page: Page) => page.evaluate((key) => JSON.parse(localStorage.getItem(key) ?? '[]') as { id: number; clock: number }[], POOL_KEY);

it('moves a tab to a fresh id after a full run, and never hands out a retired id or one whose writes the copy lacks', async () => {
  const context = await newContext(browser);
  const first = await openTab(context, []);
  await write(first, RUN + 200);
  const [a1, a2] = (await writers(first)).map((w) => w.client);
  expect(await writers(first)).toEqual([{ client: first.chosen, count: RUN }, { client: a2, count: 200 }]);
  // the fresh id joins the pool once its lock is held, with the clock it reached
  await eventually(async () => (await pool(first.page)).some((e) => e.id === a2 && e.clock === 200), 5_000, 'the fresh id in the pool');
  const copyPastOneRun = await stateOf(first);
  await first.page.close(); // a reload: its locks go

  const second = await openTab(context, copyPastOneRun);
  expect({ chosen: second.chosen, reused: second.reused }).toEqual({ chosen: a2, reused: true }); // not a1: retired
  const third = await openTab(context, copyPastOneRun); // open at the same time: a2 is locked
  expect(third.reused).toBe(false);
  expect([a1, a2]).not.toContain(third.chosen);

  await write(second, RUN - 199); // a2 from 200 to a full run, then one more under a fresh id
  const b1 = (await writers(second)).at(-1)!;
  expect((await writers(second)).map((w) => w.count)).toEqual([RUN, RUN, 1]);
  await eventually(async () => (await pool(second.page)).some((e) => e.id === b1.client && e.clock === 1), 5_000, 'b1 in the pool');
  await Promise.all([second.page.close(), third.page.close()]);

  // An old copy (IndexedDB lost the later writes): a2 is retired, b1 has writes the copy lacks.
  const fourth = await openTab(context, copyPastOneRun);
  expect([a1, a2, b1.client]).not.toContain(fourth.chosen);
  expect(fourth.lost.sort()).toEqual([a2, b1.client].sort()); // both still noticed as lost own writes
  await write(fourth, 1);
  expect((await writers(fourth)).at(-1)).toEqual({ client: fourth.chosen, count: 1 });
  await context.close();
});

declare global {
  interface Window { TabCode: typeof import('./client-id-tab') }
}
