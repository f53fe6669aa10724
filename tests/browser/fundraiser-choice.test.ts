// A clerk opens the app with no link: after logging in it asks which fundraiser, from the
// account's list on the server, and the status bar switches between them; the app then opens
// the last one by itself. An account for one fundraiser goes straight to it. A manager may
// start a new id there. A device that cannot reach the server says what to do.
import { describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { DEMO_PASSWORD, eventually, keepScreenshot, newContext, openDeviceApp, serverAndBrowser, syncClerk } from './support';

const env = serverAndBrowser();

async function post(path: string, body: unknown, token?: string): Promise<{ token?: string }> {
  const response = await fetch(`${env.server.url}${path}`, {
    method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${path} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as { token?: string };
}

async function logInWithoutLink(context: BrowserContext, app: 'clerk' | 'manager', username: string, password = DEMO_PASSWORD): Promise<Page> {
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`[${app} page error]`, error));
  await page.goto(`${env.server.url}/${app}`);
  expect(await page.innerText('form.login')).not.toMatch(/Fundraiser:/);
  expect(await page.getAttribute('#login-username', 'autocapitalize')).toBe('none'); // a phone's keyboard would capitalize the name
  await page.fill('#login-username', username);
  await page.fill('#login-password', password);
  await page.click('button[type=submit]');
  return page;
}

describe('choosing a fundraiser', () => {
  it('lists the account\'s fundraisers for a clerk without a link; the status bar switches; the app reopens the last one', async () => {
    const { token } = await post('/api/login', { username: 'manager', password: DEMO_PASSWORD });
    await post('/api/fundraisers', { id: 'waffles', name: 'Waffle sale' }, token);
    const context = await newContext(env.browser, { phone: true });
    const clerk = await logInWithoutLink(context, 'clerk', 'clerk');
    await clerk.waitForSelector('.choose-fundraiser button:has-text("Waffle sale")');
    expect(await clerk.$$eval('.fundraiser-list button', (buttons) => buttons.map((b) => b.textContent))).toEqual(['Spaghetti dinner (demo)', 'Waffle sale']);
    expect(await clerk.$('#new-fundraiser-id')).toBeNull(); // a clerk cannot start one
    await keepScreenshot(clerk, 'clerk-choose-fundraiser.png');

    await clerk.click('.fundraiser-list button:has-text("Waffle sale")');
    await clerk.waitForURL(/\?fid=waffles$/);
    await clerk.waitForSelector('.status-bar select[data-testid=fundraiser]');
    expect(await clerk.$eval('select[data-testid=fundraiser]', (s) => (s as HTMLSelectElement).selectedOptions[0]?.textContent)).toBe('Waffle sale');

    await clerk.selectOption('select[data-testid=fundraiser]', 'demo');
    await clerk.waitForURL(/\?fid=demo$/);
    await clerk.waitForSelector('.status-bar');
    await clerk.goto(`${env.server.url}/clerk`);
    await clerk.waitForSelector('.status-bar');
    expect(await clerk.$eval('select[data-testid=fundraiser]', (s) => (s as HTMLSelectElement).value)).toBe('demo');

    // With a sale not yet synced, switching asks in its own words (declined: it stays); once
    // agreed, the tab's "leave site?" does not ask again (Playwright would dismiss it: no switch).
    expect(await syncClerk(clerk)).toMatch(/^Synced/); // the catalog
    await clerk.click('button:has-text("+ New order")');
    await clerk.fill('#door-qty-lemonade', '1');
    await clerk.fill('#door-name', 'Walk-in Wanda');
    await clerk.click('.new-order button[type=submit]');
    await clerk.waitForSelector('[data-testid=pending]:text("1 not on the server")');
    const asked: string[] = [];
    clerk.once('dialog', (dialog) => { asked.push(`${dialog.type()}: ${dialog.message()}`); void dialog.dismiss(); });
    await clerk.selectOption('select[data-testid=fundraiser]', 'waffles');
    expect(asked).toEqual(['confirm: 1 change(s) to demo are only on this device. They stay here and sync when you open demo again. Switch?']);
    expect(await clerk.$eval('select[data-testid=fundraiser]', (s) => (s as HTMLSelectElement).value)).toBe('demo');
    clerk.on('dialog', (dialog) => { asked.push(dialog.type()); void (dialog.type() === 'confirm' ? dialog.accept() : dialog.dismiss()); });
    await clerk.selectOption('select[data-testid=fundraiser]', 'waffles');
    await clerk.waitForURL(/\?fid=waffles$/);
    expect(asked.slice(1)).toEqual(['confirm']);
    await context.close();
  });

  it('opens the only fundraiser of an account at once', async () => {
    const { token } = await post('/api/login', { username: 'manager', password: DEMO_PASSWORD });
    await post('/api/accounts', { username: 'waffle.door', password: 'waffle-door-1', role: 'clerk', fundraisers: ['waffles'] }, token);
    const context = await newContext(env.browser, { phone: true });
    const clerk = await logInWithoutLink(context, 'clerk', 'waffle.door', 'waffle-door-1');
    await clerk.waitForURL(/\?fid=waffles$/);
    await clerk.waitForSelector('.status-bar');
    expect(await clerk.innerText('.status-bar [data-testid=fundraiser]')).toBe('Waffle sale');

    // A link to a fundraiser the account may not open does not open an empty look-alike of it,
    // which would only fail at its first sync, nor another one without a word: it says so, and
    // offers the one it may open.
    const linked = await context.newPage();
    await linked.goto(`${env.server.url}/clerk?fid=demo`);
    expect(await linked.innerText('[data-testid=not-allowed]')).toContain('may not open fundraiser demo');
    await linked.click('.fundraiser-list button:has-text("Waffle sale")');
    await linked.waitForURL(/\?fid=waffles$/);
    await linked.waitForSelector('.status-bar');
    await context.close();
  });

  it('a clerk following a link with a mistyped id is told there is no such fundraiser, and offered the real ones', async () => {
    const context = await newContext(env.browser, { phone: true });
    const clerk = await openDeviceApp(context, env.server.url, 'clerk', 'clerk', 'dmeo');
    expect(await clerk.innerText('[data-testid=unknown-fundraiser]')).toContain('There is no fundraiser "dmeo" on the server: check the link.');
    await clerk.click('[data-testid=unknown-fundraiser] button:has-text("Spaghetti dinner")');
    await clerk.waitForURL(/\?fid=demo$/);
    await clerk.waitForSelector('.status-bar');
    expect(await clerk.$('[data-testid=unknown-fundraiser]')).toBeNull();
    await context.close();
  });

  it('lets a manager start a new id, refusing one no link could carry', async () => {
    const context = await newContext(env.browser);
    const manager = await logInWithoutLink(context, 'manager', 'manager');
    await manager.waitForSelector('.fundraiser-list');
    await manager.fill('#new-fundraiser-id', 'bake sale');
    await manager.click('.new-fundraiser button[type=submit]');
    expect(await manager.innerText('#new-fundraiser-id-error')).toMatch(/letters, digits/);
    await manager.fill('#new-fundraiser-id', 'bake-sale');
    await manager.click('.new-fundraiser button[type=submit]');
    await manager.waitForURL(/\?fid=bake-sale$/);
    await manager.waitForSelector('.app-header');
    expect(await manager.inputValue('.fid-picker input')).toBe('bake-sale');
    await context.close();
  });

  it('leaves an archived fundraiser out of the lists and closes its website ordering: the manager archives it, a clerk no longer gets to choose it', async () => {
    const context = await newContext(env.browser);
    const manager = await openDeviceApp(context, env.server.url, 'manager', 'manager', 'waffles');
    await manager.waitForSelector('[data-testid=connection]:text("Live")');
    await manager.click('button[role=tab]:has-text("Catalog")');
    await manager.click('button:has-text("Open website ordering")');
    await manager.waitForSelector('[data-testid=website-state]:text("open")');
    await manager.check('[data-testid=archived]');
    await manager.waitForSelector('[data-testid=website-state]:text("closed")'); // nobody watches an archived one
    await eventually(async () => ((await (await fetch(`${env.server.url}/api/fundraisers/waffles`)).json()) as { websiteOpen: boolean }).websiteOpen === false, 5_000, 'the website to close');
    await eventually(async () => (await manager.$$eval('#known-fundraisers option', (o) => o.map((x) => (x as HTMLOptionElement).value))).every((id) => id !== 'waffles'), 5_000, 'waffles to leave the datalist');
    expect(await manager.innerText('[data-testid=fundraiser-name]')).toBe('Waffle sale'); // still named where it is open

    const clerkContext = await newContext(env.browser, { phone: true });
    const clerk = await logInWithoutLink(clerkContext, 'clerk', 'clerk');
    await clerk.waitForURL(/\?fid=demo$/); // the only one left on the list opens at once
    await manager.uncheck('[data-testid=archived]'); // back for the tests after this one
    await eventually(async () => (await manager.$$eval('#known-fundraisers option', (o) => o.map((x) => (x as HTMLOptionElement).value))).includes('waffles'), 5_000, 'waffles to come back');
    await Promise.all([context.close(), clerkContext.close()]);
  });

  it('says what to do when the server cannot be reached to list them', async () => {
    const context = await newContext(env.browser, { phone: true });
    await context.route('**/api/fundraisers', (route) => route.abort('internetdisconnected'));
    const clerk = await logInWithoutLink(context, 'clerk', 'clerk');
    const problem = await clerk.waitForSelector('.choose-fundraiser [role=alert]');
    expect(await problem.innerText()).toMatch(/cannot reach the server.*link your manager sent/);
    await context.unroute('**/api/fundraisers'); // the network is back: trying again lists them
    await clerk.click('.choose-fundraiser button:has-text("Try again")');
    await clerk.waitForSelector('.fundraiser-list button:has-text("Waffle sale")');
    await context.close();
  });
});
