// A revoked device: a manager revokes one device session; its open socket is closed with
// 4401 at once, it cannot reconnect or read over HTTP, the revocation survives a restart,
// and every other session (even of the same user) carries on.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { api, DEMO_PASSWORD, startApp, type TestApp } from '../support/app';
import { addAccount, connectDevice, PASSWORD, placedBy, providerClosed, startServer, synced, withTimeout } from '../server/helpers';
import type { Actor } from '../../domain';

const CLERK: Actor = { role: 'clerk', userId: 'clerk', deviceId: 'door-phone' };

let test: TestApp;
beforeAll(async () => {
  test = await startApp();
});
afterAll(() => test?.close());

interface Login { token: string; jti: string }

async function login(username: 'manager' | 'clerk'): Promise<Login> {
  const { status, body } = await api(test, 'POST', '/api/login', { username, password: DEMO_PASSWORD });
  expect(status).toBe(200);
  const jti = (JSON.parse(Buffer.from(body.token.split('.')[0], 'base64url').toString()) as { jti: string }).jti;
  return { token: body.token, jti };
}

function device(token: string) {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(`${test.url.replace('http', 'ws')}/sync`, 'demo', doc, {
    params: { token }, WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket, disableBc: true,
  });
  const closes: number[] = [];
  provider.on('connection-close', (event: CloseEvent | null) => closes.push(event?.code ?? -1));
  const synced = () => withTimeout(new Promise<void>((r) => (provider.synced ? r() : provider.once('sync', () => r()))), 10_000, 'sync');
  const nextClose = () => withTimeout(new Promise<number>((r) => provider.once('connection-close', (e: CloseEvent | null) => r(e?.code ?? -1))), 3_000, 'close within 3 s');
  return { doc, provider, closes, synced, nextClose, destroy: () => (provider.destroy(), doc.destroy()) };
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const revoke = (jti: string, token: string) => api(test, 'POST', `/api/devices/${jti}/revoke`, {}, bearer(token));

describe('revoking a device', () => {
  it('closes its socket with 4401 at once; it cannot reconnect or read; other sessions carry on', async () => {
    const manager = await login('manager');
    const lost = await login('clerk');
    const spare = await login('clerk'); // the same clerk on another phone
    const listed = await api(test, 'GET', '/api/devices', undefined, bearer(manager.token));
    expect(listed.body.devices.map((d: { jti: string }) => d.jti)).toEqual(expect.arrayContaining([lost.jti, spare.jti]));

    const stolen = device(lost.token);
    const other = device(spare.token);
    await Promise.all([stolen.synced(), other.synced()]);
    const closed = stolen.nextClose();
    const answer = await revoke(lost.jti, manager.token);
    expect(answer.status).toBe(200);
    expect(answer.body.device).toMatchObject({ jti: lost.jti, revokedBy: 'manager' });
    expect(await closed).toBe(4401);
    expect(stolen.provider.shouldConnect).toBe(false); // 44xx is terminal for the stock client

    // It writes and tries again: refused at the upgrade, nothing of it reaches the server.
    const stolenEvent = placedBy(CLERK);
    stolen.doc.getArray('replicated').push([stolenEvent]);
    const refused = stolen.nextClose();
    stolen.provider.connect();
    expect(await refused).toBe(4401);
    expect((await api(test, 'GET', '/api/fundraisers/demo/orders', undefined, bearer(lost.token))).status).toBe(401);

    // The other phone of the same clerk still syncs, and sees nothing from the stolen one.
    const event = placedBy(CLERK, { actor: { ...CLERK, deviceId: 'spare-phone' } });
    other.doc.getArray('replicated').push([event]);
    const orders = await waitForOrders(spare.token, (ids) => ids.includes((event.data as { orderId: string }).orderId));
    expect(orders).not.toContain((stolenEvent.data as { orderId: string }).orderId);
    expect(other.closes).toEqual([]);
    stolen.destroy();
    other.destroy();
  });

  it('stays revoked after a restart', async () => {
    const manager = await login('manager');
    const lost = await login('clerk');
    expect((await revoke(lost.jti, manager.token)).status).toBe(200);
    test = await test.restart();
    const again = device(lost.token);
    expect(await again.nextClose()).toBe(4401);
    again.destroy();
    const listed = await api(test, 'GET', '/api/devices', undefined, bearer(manager.token));
    expect(listed.body.devices.find((d: { jti: string }) => d.jti === lost.jti)).toMatchObject({ revokedBy: 'manager' });
  });

  it('only a manager may revoke; an unknown id is a 404', async () => {
    const clerk = await login('clerk');
    const manager = await login('manager');
    expect((await revoke(manager.jti, clerk.token)).status).toBe(403);
    expect((await api(test, 'POST', `/api/devices/${clerk.jti}/revoke`, {})).status).toBe(401);
    expect((await revoke('no-such-session', manager.token)).status).toBe(404);
    expect((await api(test, 'GET', '/api/devices', undefined, bearer(clerk.token))).status).toBe(403);
    // a manager may revoke their own session: the token is refused from then on
    expect((await revoke(manager.jti, manager.token)).status).toBe(200);
    expect((await api(test, 'GET', '/api/devices', undefined, bearer(manager.token))).status).toBe(401);
  });
});

async function waitForOrders(token: string, done: (ids: string[]) => boolean): Promise<string[]> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const { body } = await api(test, 'GET', '/api/fundraisers/demo/orders', undefined, bearer(token));
    const ids = (body.orders as { orderId: string }[]).map((o) => o.orderId);
    if (done(ids)) return ids;
    if (Date.now() > deadline) throw new Error('the order did not arrive');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('revoking through another server process', () => {
  it('two processes over one store: a revocation made on one closes the socket held by the other within seconds', async () => {
    const first = await startServer({ revocationPollMs: 200 });
    const second = await startServer({ revocationPollMs: 200 }, first.dir); // the same data directory
    try {
      await addAccount(first.server, 'tom', CLERK);
      await addAccount(first.server, 'mia', { role: 'manager', userId: 'u-mia', deviceId: 'mia' });
      const loginAt = async (url: string, username: string) => {
        const response = await fetch(`${url}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: PASSWORD }) });
        return ((await response.json()) as { token: string }).token;
      };
      const clerkToken = await loginAt(second.server.url, 'tom');
      const managerToken = await loginAt(first.server.url, 'mia');
      const jti = (JSON.parse(Buffer.from(clerkToken.split('.')[0]!, 'base64url').toString()) as { jti: string }).jti;
      const phone = connectDevice(second, CLERK, { token: clerkToken });
      await synced(phone);
      const closed = providerClosed(phone, 5_000);
      const answer = await fetch(`${first.server.url}/api/devices/${jti}/revoke`, { method: 'POST', headers: { authorization: `Bearer ${managerToken}` } });
      expect(answer.status).toBe(200);
      expect(await closed).toEqual({ code: 4401, reason: 'device revoked' });
      phone.destroy();
    } finally {
      await second.close();
      await first.close();
    }
  });
});
