// A manager gives a new clerk their own login from the Accounts tab; the clerk logs in on
// another phone and syncs; the manager disables the account: the clerk's next sync says the
// device was signed out, and logging in again is refused. A new password and re-enabling let
// the clerk back in. Offline, the panel says so.
import { describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { keepScreenshot, newContext, openDeviceApp, serverAndBrowser, syncClerk } from './support';

const env = serverAndBrowser();

async function logInAs(context: BrowserContext, username: string, password: string): Promise<Page> {
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error('[clerk page error]', error));
  await page.goto(`${env.server.url}/clerk?fid=demo`);
  await page.fill('#login-username', username);
  await page.fill('#login-password', password);
  await page.click('button[type=submit]');
  await page.waitForSelector('.status-bar');
  return page;
}

describe('accounts in the manager app', () => {
  it('adds a clerk who logs in and syncs; disabling signs the clerk out and refuses a new login; a new password lets them back', async () => {
    const managerContext = await newContext(env.browser);
    const manager = await openDeviceApp(managerContext, env.server.url, 'manager', 'manager');
    await manager.click('button[role=tab]:has-text("Accounts")');
    await manager.waitForSelector('tr[data-account=manager]:has-text("(you)")');

    // Refused by the server: the errors show beside their fields.
    await manager.fill('#account-username', 'door anna');
    await manager.fill('#account-password', 'short');
    await manager.click('.account-form button[type=submit]');
    await manager.waitForSelector('#account-username-error');
    expect(await manager.innerText('#account-password-error')).toMatch(/at least 8/);
    await manager.fill('#account-username', 'door.anna');
    await manager.fill('#account-password', 'anna-secret-1');
    await manager.click('.account-form button[type=submit]');
    await manager.waitForSelector('tr[data-account="door.anna"][data-status=enabled]');
    await manager.fill('#account-username', 'door.anna');
    await manager.fill('#account-password', 'another-secret');
    await manager.click('.account-form button[type=submit]');
    expect(await (await manager.waitForSelector('#account-username-error')).innerText()).toMatch(/taken/);

    const clerkContext = await newContext(env.browser, { phone: true });
    const clerk = await logInAs(clerkContext, 'door.anna', 'anna-secret-1');
    expect(await syncClerk(clerk)).toMatch(/^Synced/);

    manager.once('dialog', (dialog) => void dialog.accept());
    await manager.click('tr[data-account="door.anna"] button:has-text("Disable")');
    await manager.waitForSelector('tr[data-account="door.anna"][data-status=disabled]');
    expect(await manager.innerText('[data-testid=account-changes] li >> nth=0')).toMatch(/manager disabled door\.anna$/);
    await keepScreenshot(manager, 'manager-accounts.png');

    expect(await syncClerk(clerk)).toMatch(/A manager signed this device out/);
    await clerk.click('.device-notices button:has-text("Log in again")');
    await clerk.fill('#login-password', 'anna-secret-1');
    await clerk.click('.device-notices button[type=submit]');
    expect(await (await clerk.waitForSelector('#login-password-error')).innerText()).toMatch(/wrong password/);

    // A new password, then enabled again: the clerk gets back in with it.
    await manager.click('tr[data-account="door.anna"] button:has-text("Change password")');
    manager.on('dialog', (dialog) => void dialog.accept());
    await manager.fill('#password-door_anna', 'tiny');
    await manager.click('.password-form button[type=submit]');
    expect(await (await manager.waitForSelector('#password-door_anna-error')).innerText()).toMatch(/at least 8/);
    await manager.fill('#password-door_anna', 'anna-second-secret');
    await manager.click('.password-form button[type=submit]');
    await manager.waitForSelector('.password-form', { state: 'detached' });
    await manager.click('tr[data-account="door.anna"] button:has-text("Enable")');
    await manager.waitForSelector('tr[data-account="door.anna"][data-status=enabled]');
    await clerk.fill('#login-password', 'anna-second-secret'); // the old one is refused: tests/server/accounts.test.ts
    await clerk.click('.device-notices button[type=submit]');
    await clerk.waitForSelector('[data-testid=login-problem]', { state: 'detached' });
    expect(await syncClerk(clerk)).toMatch(/^Synced/);

    await managerContext.setOffline(true);
    await manager.waitForSelector('[data-testid=accounts-offline]');
    expect(await manager.isDisabled('.account-form button[type=submit]')).toBe(true);
    await Promise.all([clerkContext.close(), managerContext.close()]);
  });

  it('limits a new account to the fundraisers ticked, none ticked refused beside the choice; later lets it open every one', async () => {
    const context = await newContext(env.browser);
    const manager = await openDeviceApp(context, env.server.url, 'manager', 'manager');
    await manager.click('button[role=tab]:has-text("Accounts")');
    expect(await manager.getAttribute('#account-username', 'autocapitalize')).toBe('none'); // phones would type "Demo.door"
    await manager.fill('#account-username', 'demo.door');
    await manager.fill('#account-password', 'demo-door-secret');
    await manager.check('.account-scope input[type=radio] >> nth=1');
    await manager.click('.account-form button[type=submit]');
    expect(await (await manager.waitForSelector('#account-fundraisers-error')).innerText()).toMatch(/at least one/);
    await manager.check('.account-fundraisers input[value=demo]');
    await manager.waitForSelector('#account-fundraisers-error', { state: 'detached' });
    await keepScreenshot(manager, 'manager-accounts-scope.png');
    await manager.click('.account-form button[type=submit]');
    const row = await manager.waitForSelector('tr[data-account="demo.door"][data-status=enabled]');
    expect(await row.innerText()).toMatch(/clerk \(Spaghetti dinner \(demo\)\)/); // its fundraiser by name
    expect(await manager.isChecked('.account-scope input[type=radio] >> nth=0')).toBe(true); // the form is reset

    // Later the account may open every fundraiser: asked first, as it signs the person out.
    await manager.click('tr[data-account="demo.door"] button:has-text("Fundraisers")');
    expect(await manager.isChecked('.scope-form .account-fundraisers input[value=demo]')).toBe(true); // what it has now
    await manager.check('.scope-form .account-scope input[type=radio] >> nth=0');
    const asked = manager.waitForEvent('dialog').then(async (dialog) => { const message = dialog.message(); await dialog.accept(); return message; });
    await manager.click('.scope-form button[type=submit]');
    expect(await asked).toMatch(/^Change which fundraisers demo.door may open\? They are signed out/);
    await manager.waitForSelector('tr[data-account="demo.door"] td[data-label=Role]:text-is("clerk")');
    await manager.waitForSelector('[data-testid=account-changes] li:has-text("changed the fundraisers of demo.door")');
    await context.close();
  });
});
