// The clerk at the door with no network: the app shell and all data survive an offline reload;
// work done offline syncs on demand, and the conflict with an online cancellation shows on
// both the clerk's and the manager's screens.
import { describe, expect, it } from 'vitest';
import { keepScreenshot, cancelOverHttp, newContext, openDeviceApp, placeOrderOverHttp, searchClerk, syncClerk, waitForShellWorker, serverAndBrowser, eventually } from './support';

const env = serverAndBrowser();

describe('clerk /clerk offline', () => {
  it('reloads offline with its data, checks in and sells offline, then syncs the conflict to both devices', async () => {
    const olivia = await placeOrderOverHttp(env.server.url, 'Olivia Offline', [{ itemId: 'spaghetti', quantity: 2 }]);
    const clerkContext = await newContext(env.browser, { phone: true });
    const clerk = await openDeviceApp(clerkContext, env.server.url, 'clerk', 'clerk');
    expect(await syncClerk(clerk)).toMatch(/^Synced: sent 0, received \d+/);
    await waitForShellWorker(clerk);
    // The damaged-record check's worker script is in the shell cache as soon as the service
    // worker is active: its install caches the scripts the bundles name, not only the HTML's.
    expect(await clerk.evaluate(async () => {
      const cache = await caches.open('fundraiser-orders-shell-v1');
      return (await cache.keys()).some((request) => request.url.includes('damaged-records.worker'));
    })).toBe(true);

    await clerkContext.setOffline(true);
    await clerk.reload();
    await clerk.waitForSelector('[data-testid=network]:text("Offline")');
    expect(await clerk.evaluate(() => fetch('/healthz').then(() => 'reached', () => 'offline'))).toBe('offline');
    const navigation = await clerk.evaluate(() => (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).workerStart);
    expect(navigation).toBeGreaterThan(0); // the page came through the service worker
    await searchClerk(clerk, 'olivia');
    const card = `.checkin-card[data-order="${olivia.orderNumber}"]`;
    await clerk.click(`${card} button:has-text("Check in")`);
    await clerk.waitForSelector(`${card} [data-status=checked_in]`);
    await clerk.waitForSelector('[data-testid=pending]:text("1 not on the server")');
    expect(await clerk.getAttribute('.device-app', 'data-damaged-check')).toBe('worker'); // not the main-thread fallback, offline too

    await clerk.click('button:has-text("+ New order")');
    expect(await clerk.innerText('.new-order .line-input[data-item=tiramisu] label .hint')).toMatch(/\d+ left at the last sync$/); // not a live count
    await clerk.fill('#door-qty-lemonade', '3');
    await clerk.fill('#door-name', 'Walk-in Walter');
    await clerk.check('input[name=door-pay] >> nth=1'); // paid now, cash
    await clerk.click('.new-order button[type=submit]');
    await clerk.waitForSelector('.checkin-card:has-text("Walk-in Walter") [data-status=checked_in]'); // a walk-in is here: booked, paid and in
    expect(await clerk.innerText('.checkin-card:has-text("Walk-in Walter") .money')).toContain('paid');
    await clerk.waitForSelector('[data-testid=pending]:text("4 not on the server")');
    await clerk.click('button:has-text("Takings (cash box)")'); // the cash sale, offline, in the clerk's cash box
    const mine = await (await clerk.waitForSelector('[data-testid=takings] tr.you')).innerText();
    expect(mine).toMatch(/^clerk \(you\)\s+€\u00a0[\d.]+\s+1 payment\s+€\u00a0[\d.]+\s+1 payment$/); // cash, total
    expect(await clerk.innerText('[data-testid=device-takings]')).toMatch(/^Taken on this device: cash €\u00a0[\d.]+ \(1 payment\)$/);
    await clerk.click('button:has-text("Hide takings")');

    expect((await cancelOverHttp(env.server.url, olivia)).status).toBe(200); // meanwhile, online
    const managerContext = await newContext(env.browser);
    const manager = await openDeviceApp(managerContext, env.server.url, 'manager', 'manager');
    await manager.waitForSelector(`.order-row[data-order="${olivia.orderNumber}"] [data-status=cancelled]`);

    await clerkContext.setOffline(false);
    expect(await syncClerk(clerk)).toMatch(/^Synced: sent 4, received \d+ changes?; 1 new conflict/);
    await clerk.waitForSelector('[data-testid=pending]:text("0 not on the server")');
    await searchClerk(clerk, olivia.orderNumber);
    await clerk.waitForSelector(`${card} [data-status=checked_in]`);
    const onCard = await (await clerk.waitForSelector(`${card} [data-conflict=overruled]`)).innerText();
    expect(onCard).toContain('the customer on the website cancelled it'); // who did what, in words…
    expect(onCard).not.toContain('[event'); // …without the event ids, which the manager's inbox keeps
    expect(onCard).not.toContain(' UTC'); // …in this device's own clock
    expect(onCard).toContain("The device's change stands over the customer's."); // …and what to do about it
    await clerk.click('[data-testid=conflict-count]');
    await clerk.waitForSelector(`.clerk-conflicts .conflict[data-kind=overruled]`);
    const warning = await clerk.$('[data-testid=storage-warning] button');
    await warning?.click(); // headless Chromium refuses persistent storage: the warning is read and put away
    await keepScreenshot(clerk, 'clerk.png', { fullPage: true });

    await manager.waitForSelector(`.order-row[data-order="${olivia.orderNumber}"] [data-status=checked_in]`);
    // Olivia's receipt says why her cancelled order came back, not only that it did.
    const receipt = await managerContext.newPage();
    await receipt.goto(`${env.server.url}/order/demo/receipt/${olivia.orderId}?receipt=${encodeURIComponent(olivia.receipt)}`);
    expect(await (await receipt.waitForSelector('[data-testid=cancellation-overruled]')).innerText()).toMatch(/^You cancelled this order, but the club had already taken it on/);
    expect(await receipt.innerText('[data-testid=receipt-status]')).toBe('Checked in');
    await manager.click('button[role=tab]:has-text("Conflicts (1)")');
    const inbox = await manager.waitForSelector(`.conflict[data-kind=overruled]`);
    await (await inbox.$('summary:has-text("Events")'))!.click();
    expect(await inbox.innerText()).toMatch(/Events\s+\S+, \S+/); // the two events' ids, on request
    await keepScreenshot(manager, 'manager-conflicts.png');
    await manager.click('.conflict button:has-text("Open order")');
    await manager.waitForSelector(`.order-detail[data-order="${olivia.orderNumber}"] [data-status=checked_in]`);
    await Promise.all([clerkContext.close(), managerContext.close()]);
  });
});
