// A clerk with unsynced work whose login the manager ends mid-shift: the notice says what to ask
// the manager and offers the export (a disabled account's password is refused like a wrong one);
// a login ended while the app was closed shows when it opens online, with no sync; and a sync
// cut off after the server stored the changes is reported by the retry as sent.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD, eventually, newContext, openDeviceApp, serverAndBrowser, syncClerk } from './support';
import { MessageType } from '../../sync-server/shared/protocol';

const env = serverAndBrowser();

async function managerToken(): Promise<string> {
  const login = await fetch(`${env.server.url}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'manager', password: DEMO_PASSWORD }) });
  return ((await login.json()) as { token: string }).token;
}

async function managerApi(path: string, body: unknown): Promise<number> {
  const response = await fetch(`${env.server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${await managerToken()}` }, body: JSON.stringify(body) });
  return response.status;
}

async function sellAtDoor(clerk: Page, name: string): Promise<void> {
  await clerk.click('button:has-text("+ New order")');
  await clerk.fill('#door-qty-lemonade', '1');
  await clerk.fill('#door-name', name);
  await clerk.uncheck('#door-here'); // to collect later: one change, the order
  await clerk.click('.new-order button[type=submit]');
}

async function reloginAsClerk(clerk: Page, password = DEMO_PASSWORD): Promise<void> {
  await clerk.click('[data-testid=login-problem] button:has-text("Log in again")');
  await clerk.fill('#login-password', password);
  await clerk.click('[data-testid=login-problem] button[type=submit]');
}

/** Whether the server holds an order of `name` (read with the manager's token). */
async function serverHas(name: string): Promise<boolean> {
  const answer = await fetch(`${env.server.url}/api/fundraisers/demo/orders`, { headers: { authorization: `Bearer ${await managerToken()}` } });
  return ((await answer.json()) as { orders: { customer: { name: string } }[] }).orders.some((order) => order.customer.name === name);
}

describe('a clerk signed out mid-shift with unsynced work', () => {
  it('disabled: the notice says to ask the manager to enable the account and offers the export; limited: to give the fundraiser back', async () => {
    const context = await newContext(env.browser, { phone: true });
    const clerk = await openDeviceApp(context, env.server.url, 'clerk', 'clerk');
    expect(await syncClerk(clerk)).toMatch(/^Synced/);
    await sellAtDoor(clerk, 'Unsent Una');
    await clerk.waitForSelector('[data-testid=pending]:text("1 not on the server")');

    expect(await managerApi('/api/accounts/clerk/disable', {})).toBe(200);
    expect(await syncClerk(clerk)).toMatch(/A manager signed this device out/);
    const notice = await clerk.waitForSelector('[data-testid=login-problem][data-problem=revoked]');
    expect(await notice.innerText()).toMatch(/If your password is refused, the manager may have changed it or disabled your account: ask them for the new password or to enable the account/);
    await reloginAsClerk(clerk);
    expect(await (await clerk.waitForSelector('#login-password-error')).innerText()).toMatch(/wrong password/); // no telling which accounts exist
    const [download] = await Promise.all([clerk.waitForEvent('download'), clerk.click('[data-testid=login-problem] button:has-text("Export this device\'s events")')]);
    const exported = JSON.parse(readFileSync((await download.path())!, 'utf8')) as { replicated: { type: string; data: { customer?: { name: string } } }[] };
    expect(exported.replicated.filter((e) => e.type === 'OrderPlaced').map((e) => e.data.customer?.name)).toContain('Unsent Una');

    // Enabled again but limited to another fundraiser: logging in again says what to ask for, at once.
    expect(await managerApi('/api/accounts/clerk/enable', {})).toBe(200);
    expect(await managerApi('/api/fundraisers', { id: 'waffles', name: 'Waffle sale' })).toBe(201);
    expect(await managerApi('/api/accounts/clerk/fundraisers', { fundraisers: ['waffles'] })).toBe(200);
    await clerk.click('[data-testid=login-problem] button[type=submit]');
    const forbidden = await clerk.waitForSelector('[data-testid=login-problem][data-problem=forbidden]');
    expect(await forbidden.innerText()).toMatch(/may not open fundraiser demo\. Your 1 unsynced change\(s\) are safe on this device but cannot be sent\. Ask a manager to give the account this fundraiser again/);
    await clerk.waitForSelector('[data-testid=login-problem] button:has-text("Export this device\'s events")');

    expect(await managerApi('/api/accounts/clerk/fundraisers', { fundraisers: null })).toBe(200);
    await reloginAsClerk(clerk);
    await clerk.waitForSelector('[data-testid=login-problem]', { state: 'detached' });
    await clerk.waitForSelector('[data-testid=sync-report]:text-matches("^Synced: sent 1,")');
    await context.close();
  });

  it('a login ended while the app was closed (or offline) shows as soon as it opens online, without a sync', async () => {
    const context = await newContext(env.browser, { phone: true });
    const clerk = await openDeviceApp(context, env.server.url, 'clerk', 'clerk');
    expect(await syncClerk(clerk)).toMatch(/^Synced/);
    await sellAtDoor(clerk, 'Pending Pia');
    await clerk.waitForSelector('[data-testid=pending]:text("1 not on the server")');

    expect(await managerApi('/api/accounts/clerk/password', { password: 'a-new-password' })).toBe(200);
    await clerk.reload();
    const notice = await clerk.waitForSelector('[data-testid=login-problem][data-problem=revoked]');
    expect(await notice.innerText()).toMatch(/log in again now, while you have network/);
    expect(await clerk.$('[data-testid=sync-report]')).toBeNull();
    await reloginAsClerk(clerk, 'a-new-password');
    await clerk.waitForSelector('[data-testid=sync-report]:text-matches("^Synced: sent 1,")');

    // Revoked while offline: told when the network comes back.
    await context.setOffline(true);
    expect(await managerApi('/api/accounts/clerk/password', { password: DEMO_PASSWORD })).toBe(200);
    await context.setOffline(false);
    await clerk.waitForSelector('[data-testid=login-problem][data-problem=revoked]');
    expect(await clerk.innerText('[data-testid=sync-report]')).toMatch(/^Synced: sent 1,/); // no sync ran
    await context.close();
  });
});

describe('a sync cut off after the server stored the changes', () => {
  it('says the server is not answering (not "when online"), and the retry reports the changes as sent', async () => {
    const context = await newContext(env.browser, { phone: true });
    // While `cut` is on, the connection breaks where the server's confirmation would reach the
    // device: the server answers only once it stored the changes, and the device never hears it.
    let cut = false;
    await context.routeWebSocket(/\/sync\//, (socket) => { // set before the page loads: it wraps the page's WebSocket
      const server = socket.connectToServer();
      server.onMessage((message) => {
        if (cut && typeof message !== 'string' && message[0] === MessageType.serverState) void socket.close();
        else socket.send(message);
      });
    });
    const clerk = await openDeviceApp(context, env.server.url, 'clerk', 'clerk');
    expect(await syncClerk(clerk)).toMatch(/^Synced/);
    for (const name of ['Cut Carla', 'Cut Conrad']) await sellAtDoor(clerk, name);
    await clerk.waitForSelector('[data-testid=pending]:text("2 not on the server")');

    cut = true;
    expect(await syncClerk(clerk)).toMatch(/^Sync did not finish: The server is not answering \(it may be restarting\)\. .*try again in a minute\. \(sent 0,/);
    await clerk.waitForSelector('[data-testid=pending]:text("2 not on the server")'); // not confirmed: the device cannot know
    await eventually(async () => (await serverHas('Cut Carla')) && (await serverHas('Cut Conrad')), 10_000, 'the server to store both orders');
    cut = false;
    expect(await syncClerk(clerk)).toMatch(/^Synced: sent 2, received 0 changes/);
    await clerk.waitForSelector('[data-testid=pending]:text("0 not on the server")');
    await context.close();
  });
});

describe('auto-sync on venue wifi that comes and goes', () => {
  it('tries again within seconds after a failed run, not at the next minute, and says the changes are kept', async () => {
    const context = await newContext(env.browser, { phone: true });
    let refuse = 0; // while above 0, a sync socket is closed at once, as a server restarting would
    await context.routeWebSocket(/\/sync\//, (socket) => {
      if (refuse > 0) return void (refuse--, socket.close({ code: 4500, reason: 'retry later' }));
      const server = socket.connectToServer();
      server.onMessage((message) => socket.send(message));
    });
    const clerk = await openDeviceApp(context, env.server.url, 'clerk', 'clerk');
    expect(await syncClerk(clerk)).toMatch(/^Synced/);
    await sellAtDoor(clerk, 'Blip Berta');
    await clerk.waitForSelector('[data-testid=pending]:text("1 not on the server")');
    refuse = 1;
    await clerk.check('.auto-sync input'); // runs at once, and meets the blip
    const failed = await clerk.waitForSelector('[data-testid=sync-report].bad');
    expect(await failed.innerText()).toMatch(/^Sync did not finish: .* Your 1 change is kept on this device\.$/);
    await clerk.waitForSelector('[data-testid=sync-report]:text-matches("^Synced: sent 1,")', { timeout: 20_000 }); // the retry, after 5 s
    await clerk.waitForSelector('[data-testid=pending]:text("0 not on the server")');
    await context.close();
  });
});
