// A clerk opens the app with no link: after logging in it asks which fundraiser, from the
// account's list on the server, and the status bar switches between them; the app then opens
// the last one by itself. An account for one fundraiser goes straight to it. A manager may
// start a new id there. A device that cannot reach the server says what to do.
import { beforeAll, describe, expect, it } from 'vitest';
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
    await clerk.uncheck('#door-here'); // to collect later: one change, the order
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

    // On the other fundraiser's screen the unsent sale is still said, until that copy syncs.
    const elsewhere = await clerk.waitForSelector('[data-testid=pending-elsewhere]');
    expect(await elsewhere.innerText()).toMatch(/^This device holds 1 change for Spaghetti dinner \(demo\) that is not on the server yet\.\s+Open it to sync$/);
    await clerk.waitForSelector('[data-testid=pending]:text("0 not on the server")'); // waffles' own count
    await clerk.click('[data-testid=pending-elsewhere] button:has-text("Open it to sync")');
    await clerk.waitForURL(/\?fid=demo$/);
    expect(await syncClerk(clerk)).toMatch(/^Synced: sent 1,/);
    await clerk.selectOption('select[data-testid=fundraiser]', 'waffles');
    await clerk.waitForURL(/\?fid=waffles$/);
    await clerk.waitForSelector('.status-bar');
    expect(await clerk.$('[data-testid=pending-elsewhere]')).toBeNull();
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

  // A manager archived last summer's fair (it had an item with stock); the next one is open.
  describe('an archived fundraiser', () => {
    let token = '';
    const catalog = async () => (await (await fetch(`${env.server.url}/api/fundraisers/fair-2025`)).json()) as { items: unknown[]; archived?: boolean };
    beforeAll(async () => {
      ({ token } = (await post('/api/login', { username: 'manager', password: DEMO_PASSWORD })) as { token: string });
      await post('/api/fundraisers', { id: 'fair-2025', name: 'Summer fair 2025' }, token);
      await post('/api/fundraisers', { id: 'fair-2026', name: 'Summer fair 2026' }, token); // the next event: with two open, the app asks
      const context = await newContext(env.browser);
      const manager = await openDeviceApp(context, env.server.url, 'manager', 'manager', 'fair-2025');
      await manager.waitForSelector('[data-testid=connection]:text("Live")');
      await manager.click('button[role=tab]:has-text("Catalog")');
      await manager.fill('#new-item-id', 'cake');
      await manager.fill('#new-item-name', 'Cake');
      await manager.fill('#new-item-price', '2.50');
      await manager.fill('#new-item-stock', '40');
      await manager.click('form:has(#new-item-id) button[type=submit]');
      await eventually(async () => (await catalog()).items.length === 1, 5_000, 'the item to reach the server');
      await context.close();
      const archived = await fetch(`${env.server.url}/api/fundraisers/fair-2025`, { method: 'PATCH', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ archived: true }) });
      expect(archived.status).toBe(200);
    }, 60_000);

    it('is said to be archived on the door tablet opened by its link, loudly and for as long as it is open', async () => {
      const context = await newContext(env.browser, { phone: true });
      const clerk = await openDeviceApp(context, env.server.url, 'clerk', 'clerk', 'fair-2025');
      const notice = await clerk.waitForSelector('[data-testid=archived-fundraiser][data-state=full]');
      expect(await notice.innerText()).toContain('Summer fair 2025 is archived: its books are closed.');
      expect(await notice.getAttribute('role')).toBe('alert');
      expect(await clerk.$eval('select[data-testid=fundraiser]', (s) => (s as HTMLSelectElement).selectedOptions[0]?.textContent)).toBe('Summer fair 2025 (archived)');
      await clerk.click('[data-testid=archived-fundraiser] button:has-text("Open Summer fair 2026")');
      await clerk.waitForURL(/\?fid=fair-2026$/);
      await clerk.goBack();
      await clerk.click('[data-testid=archived-fundraiser] button:has-text("Keep working here anyway")');
      expect(await clerk.innerText('[data-testid=archived-fundraiser][data-state=kept]')).toContain('Summer fair 2025 is archived');
      await context.close();
    });

    it('is not reopened by itself when the app starts without a link', async () => {
      const context = await newContext(env.browser, { phone: true });
      const clerk = await openDeviceApp(context, env.server.url, 'clerk', 'clerk', 'fair-2025');
      // The list, kept on the device for offline starts, knows it is archived.
      await clerk.waitForFunction(() => /"id":"fair-2025"[^}]*"archived":true/.test(localStorage.getItem('fundraiser-orders:fundraiser-list') ?? ''));
      await clerk.goto(`${env.server.url}/clerk`);
      await clerk.waitForSelector('.choose-fundraiser .fundraiser-list');
      expect(clerk.url()).not.toContain('fid=');
      const offered = await clerk.$$eval('.fundraiser-list button', (b) => b.map((x) => x.textContent));
      expect(offered).toContain('Summer fair 2026');
      expect(offered).not.toContain('Summer fair 2025');
      await context.close();
    });

    it('opens when the manager types its id, saying it is archived, rather than offering to start it', async () => {
      const context = await newContext(env.browser);
      const manager = await openDeviceApp(context, env.server.url, 'manager', 'manager', 'fair-2026');
      const asked: string[] = [];
      manager.on('dialog', (dialog) => { asked.push(dialog.message()); void dialog.dismiss(); });
      await manager.waitForSelector('[data-testid=fundraiser-name]:text("Summer fair 2026")'); // the list came
      await manager.fill('.fid-picker input', 'fair-2025');
      await manager.press('.fid-picker input', 'Enter');
      await manager.waitForURL(/\?fid=fair-2025$/);
      expect(await (await manager.waitForSelector('[data-testid=archived-fundraiser][data-state=full]')).innerText()).toContain('Summer fair 2025 is archived: its books are closed.');
      expect(await manager.innerText('[data-testid=archived-badge]')).toMatch(/archived/i);
      expect(asked).toEqual([]);
      await context.close();
    });

    it('is named in the account\'s Fundraisers… form, not shown as its bare id', async () => {
      await post('/api/accounts', { username: 'fair.door', password: 'fair-door-secret', role: 'clerk', fundraisers: ['fair-2025'] }, token);
      const context = await newContext(env.browser);
      const manager = await openDeviceApp(context, env.server.url, 'manager', 'manager', 'fair-2026');
      await manager.waitForSelector('[data-testid=fundraiser-name]:text("Summer fair 2026")'); // the list came
      await manager.click('button[role=tab]:has-text("Accounts")');
      await manager.click('tr[data-account="fair.door"] button:has-text("Fundraisers")');
      const box = await manager.waitForSelector('.scope-form .account-fundraisers label:has(input[value=fair-2025])');
      expect((await box.innerText()).trim()).toBe('Summer fair 2025 (archived)');
      expect(await manager.isChecked('.scope-form .account-fundraisers input[value=fair-2025]')).toBe(true);
      await context.close();
    });

    it('has a website that says it is over, without what is left; a closed one still says to order at the event', async () => {
      expect((await catalog()).archived).toBe(true);
      const context = await newContext(env.browser, { phone: true });
      const site = await context.newPage();
      await site.goto(`${env.server.url}/order/fair-2025`);
      expect(await site.innerText('.closed-notice')).toContain('This fundraiser is over');
      expect(await site.innerText('.menu')).toContain('Cake');
      expect(await site.$$('.menu .left')).toHaveLength(0);
      await site.goto(`${env.server.url}/order/fair-2026`);
      expect(await site.innerText('.closed-notice')).toContain('You can still order at the event.');
      await context.close();
    });
  });

  it('refuses a new id no link could carry beside the manager\'s fundraiser field, saying which characters it may have', async () => {
    const context = await newContext(env.browser);
    const manager = await openDeviceApp(context, env.server.url, 'manager', 'manager', 'demo');
    const asked: string[] = [];
    manager.on('dialog', (dialog) => { asked.push(dialog.message()); void dialog.dismiss(); });
    await manager.fill('.fid-picker input', 'Christmas market');
    await manager.press('.fid-picker input', 'Enter');
    expect(await manager.innerText('#fid-picker-error')).toMatch(/cannot be a fundraiser id: use 1 to 64 letters, digits or _ \. : @ -/);
    expect(await manager.getAttribute('.fid-picker input', 'aria-describedby')).toBe('fid-picker-error');
    expect(await manager.inputValue('.fid-picker input')).toBe('Christmas market'); // to be put right
    expect(asked).toEqual([]);
    expect(manager.url()).toMatch(/\?fid=demo$/);
    await manager.fill('.fid-picker input', 'christmas-market');
    expect(await manager.$('#fid-picker-error')).toBeNull();
    await context.close();
  });
});
