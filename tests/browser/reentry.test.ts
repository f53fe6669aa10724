// The manager re-enters a clerk's export after a restore: the file's work that the server's
// copy lacks (a payment and check-in of a website order, a walk-in order) is listed, recorded
// again as the manager's changes, reaches the server, and a second pass finds nothing left.
import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, keepScreenshot, newContext, openDeviceApp, placeOrderOverHttp, serverAndBrowser } from './support';

const env = serverAndBrowser();

const CLERK = { role: 'clerk', userId: 'clerk', deviceId: 'door-tablet' };
const MANAGER = { role: 'manager', userId: 'manager', deviceId: 'old-laptop' };
const at = '2026-11-30T19:00:00.000Z';

/** A clerk's export as DeviceShell writes it: the whole copy, here with the door's work the restore lost. */
function clerkExport(fid: string, rita: { orderId: string; orderNumber: string; totalCents: number }): string {
  const unit = rita.totalCents / 2;
  const e = (id: string, type: string, data: object, actor = CLERK) => ({ id, at, actor, type, data });
  return JSON.stringify({
    fid, exportedAt: at, epoch: 'before-restore',
    website: [e('w1', 'OrderPlaced', { orderId: rita.orderId, orderNumber: rita.orderNumber, customer: { name: 'Rita Restore' }, lines: [{ itemId: 'spaghetti', quantity: 2, unitPriceCents: unit }] }, { role: 'website', userId: 'website', deviceId: 'server' })],
    replicated: [
      e('d1', 'ItemDefined', { itemId: 'spaghetti', name: 'Spaghetti', priceCents: unit, stock: null }, MANAGER),
      e('c1', 'PaymentRecorded', { orderId: rita.orderId, paymentId: 'pay-rita', amountCents: rita.totalCents, method: 'cash' }),
      e('c2', 'OrderCheckedIn', { orderId: rita.orderId }),
      e('c3', 'OrderPlaced', { orderId: 'walk-in-1', orderNumber: 'T9-1', customer: { name: 'Wanda Walk-in' }, lines: [{ itemId: 'spaghetti', quantity: 1, unitPriceCents: unit }] }),
      e('c4', 'PaymentRecorded', { orderId: 'walk-in-1', paymentId: 'pay-wanda', amountCents: unit, method: 'card' }),
    ],
    damagedRecords: [],
  });
}

describe("re-entering a device's export", () => {
  it('lists what the server lacks, records it as the manager, and finds nothing the second time', async () => {
    const rita = await placeOrderOverHttp(env.server.url, 'Rita Restore', [{ itemId: 'spaghetti', quantity: 2 }]);
    const context = await newContext(env.browser);
    const manager = await openDeviceApp(context, env.server.url, 'manager', 'manager');
    await manager.waitForSelector(`.order-row[data-order="${rita.orderNumber}"] [data-status=placed]`);
    await manager.click('button[role=tab]:has-text("Devices")');
    const file = (fid: string) => ({ name: 'door-tablet.json', mimeType: 'application/json', buffer: Buffer.from(clerkExport(fid, rita)) });

    await manager.setInputFiles('[data-testid=reentry-file]', file('other-fundraiser'));
    expect(await manager.innerText('.reenter .notice.error')).toBe('This export is of fundraiser "other-fundraiser", not "demo". Open that fundraiser to re-enter it.');

    await manager.setInputFiles('[data-testid=reentry-file]', file('demo'));
    const found = await manager.innerText('[data-testid=reentry-found]');
    expect(found).toContain('door-tablet.json holds work on 2 orders that this copy lacks:');
    expect(found).toContain(`${rita.orderNumber} Rita Restore: take ${(rita.totalCents / 100).toFixed(2)} cash, check it in`);
    expect(found).toMatch(/T9-1 Wanda Walk-in: place the order \(1 × Spaghetti; [\d.]+ in all\), take [\d.]+ card/);
    await keepScreenshot(manager, 'manager-reentry.png');
    await manager.click('button:has-text("Re-enter 2 orders")');
    expect(await manager.innerText('[data-testid=reentry-outcomes]')).toMatch(/^T9-1 re-entered: place the order \(1 × Spaghetti; [\d.]+ in all\), take [\d.]+ card\nW-\d+ re-entered: take [\d.]+ cash, check it in$/); // by number
    await manager.waitForSelector('[data-testid=announcement]:text("2 of 2 orders re-entered.")');
    expect(await manager.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('reentry-outcomes');

    // On the server: the website order paid and checked in, the walk-in placed, by the manager.
    await manager.waitForSelector('[data-testid=pending]:text("0 not on the server")');
    const orders = await staffOrders(env.server.url);
    expect(orders.find((o) => o.orderId === rita.orderId)).toMatchObject({ status: 'checked_in', paidCents: rita.totalCents });
    expect(orders.find((o) => o.orderId === 'walk-in-1')).toMatchObject({ orderNumber: 'T9-1', status: 'paid', placedBy: { role: 'manager' } });

    await manager.setInputFiles('[data-testid=reentry-file]', file('demo'));
    expect(await manager.innerText('[data-testid=reentry-found]')).toBe('Nothing to re-enter: this copy has everything door-tablet.json holds.');
    await context.close();
  });
});

async function staffOrders(base: string): Promise<{ orderId: string; orderNumber: string; status: string; paidCents: number; placedBy: { role: string } }[]> {
  const login = await fetch(`${base}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'manager', password: DEMO_PASSWORD }) });
  const { token } = await login.json() as { token: string };
  const answer = await fetch(`${base}/api/fundraisers/demo/orders`, { headers: { authorization: `Bearer ${token}` } });
  return ((await answer.json()) as { orders: never[] }).orders;
}
