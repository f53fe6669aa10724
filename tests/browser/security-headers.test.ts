// Every answer carries the security headers (sync-server/security-headers.ts): no framing by
// another site, no referrer leaving the site with a receipt's link, no sniffing, and a content
// policy of the site's own scripts and styles. The three apps then work under that policy:
// Chromium reports nothing it refused while each is used.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { newContext, openDeviceApp, serverAndBrowser, syncClerk } from './support';

const env = serverAndBrowser();

/** What Chromium refused under the content policy, as the page's console says it. */
function refusals(page: Page): string[] {
  const seen: string[] = [];
  page.on('console', (message) => { if (/Content Security Policy/i.test(message.text())) seen.push(message.text()); });
  return seen;
}

describe('security headers', () => {
  it('are on pages, assets and API answers', async () => {
    for (const path of ['/order/demo', '/manager', '/icon.svg', '/api/fundraisers/demo', '/no-such-page']) {
      const response = await fetch(`${env.server.url}${path}`);
      expect(response.headers.get('x-frame-options'), path).toBe('DENY');
      expect(response.headers.get('content-security-policy'), path).toContain("frame-ancestors 'none'");
      expect(response.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(response.headers.get('referrer-policy'), path).toBe('same-origin');
    }
  });

  it('the website, the manager app (every tab) and the clerk app run under the content policy', async () => {
    const context = await newContext(env.browser);
    const customer = await context.newPage();
    const refusedOnOrderPage = refusals(customer);
    await customer.goto(`${env.server.url}/order/demo`);
    await customer.waitForSelector('form');

    const manager = await openDeviceApp(context, env.server.url, 'manager', 'manager');
    const refusedInManager = refusals(manager);
    await manager.reload();
    await manager.waitForSelector('[data-testid=connection]:text("Live")');
    for (const tab of await manager.$$eval('button[role=tab]', (tabs) => tabs.map((t) => t.textContent ?? ''))) {
      await manager.click(`button[role=tab]:has-text("${tab.trim()}")`);
    }

    const clerkContext = await newContext(env.browser); // its own login
    const clerk = await openDeviceApp(clerkContext, env.server.url, 'clerk', 'clerk');
    const refusedInClerk = refusals(clerk);
    await clerk.reload();
    await syncClerk(clerk);
    expect({ refusedOnOrderPage, refusedInManager, refusedInClerk }).toEqual({ refusedOnOrderPage: [], refusedInManager: [], refusedInClerk: [] });
    await Promise.all([context.close(), clerkContext.close()]);
  }, 60_000);
});
