// A manager signs a lost clerk phone out from the Devices tab; the phone's next sync is refused
// and says so, its unsynced work stays on it, and logging in again (the rightful clerk) syncs it.
import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, keepScreenshot, newContext, openDeviceApp, syncClerk, serverAndBrowser } from './support';

const env = serverAndBrowser();

describe('revoking a device from the manager app', () => {
  it('signs the clerk phone out; its sync is refused with a clear message and its work is kept', async () => {
    const clerkContext = await newContext(env.browser, { phone: true });
    const clerk = await openDeviceApp(clerkContext, env.server.url, 'clerk', 'clerk');
    await syncClerk(clerk);
    await clerk.click('button:has-text("+ New order")');
    await clerk.fill('#door-qty-lemonade', '1');
    await clerk.fill('#door-name', 'Kept Kim');
    await clerk.click('.new-order button[type=submit]');
    await clerk.waitForSelector('[data-testid=pending]:text("2 not on the server")'); // the walk-in and its check-in

    const managerContext = await newContext(env.browser);
    const manager = await openDeviceApp(managerContext, env.server.url, 'manager', 'manager');
    await manager.click('button[role=tab]:has-text("Devices")');
    await manager.waitForSelector('tr[data-user=manager]:has-text("(this device)")');
    expect(await manager.innerText('tr[data-user=clerk] .last-seen')).toMatch(/^(just now|\d+ s ago) · demo$/); // its sync above
    expect(await manager.innerText('tr[data-user=manager] .last-seen')).toBe('connected now · demo'); // this live app
    manager.once('dialog', (dialog) => void dialog.accept());
    await manager.click('tr[data-user=clerk][data-status=active] button:has-text("Revoke")');
    await manager.waitForSelector('tr[data-user=clerk][data-status=revoked]');
    await keepScreenshot(manager, 'manager-devices.png');

    expect(await syncClerk(clerk)).toMatch(/A manager signed this device out/);
    await clerk.waitForSelector('[data-testid=login-problem]:has-text("A manager signed this device out")');
    await clerk.waitForSelector('[data-testid=pending]:text("2 not on the server")');

    await clerk.click('.device-notices button:has-text("Log in again")');
    await clerk.fill('#login-password', DEMO_PASSWORD);
    await clerk.click('.device-notices button[type=submit]');
    await clerk.waitForSelector('[data-testid=login-problem]', { state: 'detached' });
    // Logging in again syncs at once: the report that sent it there does not stay standing.
    await clerk.waitForSelector('[data-testid=sync-report]:text-matches("^Synced: sent 2,")');
    await Promise.all([clerkContext.close(), managerContext.close()]);
  });
});
