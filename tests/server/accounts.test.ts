// Account management (contract extension, sync-server/api/accounts-api.ts): a manager of the
// whole club adds accounts, sets passwords, disables and enables them. A password change or a
// disable signs the user out everywhere: their open sockets close with 4401 before the answer.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { api, DEMO_PASSWORD, startApp, type TestApp } from '../support/app';
import { withTimeout } from './helpers';
import { HoldingAdapter } from './storage-wrappers';
import { SqliteStorageAdapter } from '../../sync-server/storage/sqlite';
import { AccountAdmin } from '../../sync-server/accounts';
import { hashPassword } from '../../sync-server/auth';

let test: TestApp;
let manager: string;
beforeAll(async () => {
  test = await startApp();
  manager = await login('manager', DEMO_PASSWORD);
});
afterAll(() => test?.close());

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const asManager = (method: string, url: string, body?: unknown, token = manager) => api(test, method, url, body, bearer(token));
const addAccount = (username: string, role: 'manager' | 'clerk', password = 'first-password-1') =>
  asManager('POST', '/api/accounts', { username, password, role });

async function login(username: string, password: string): Promise<string> {
  const { status, body } = await tryLogin(username, password);
  expect(status).toBe(200);
  return body.token as string;
}

function tryLogin(username: string, password: string) {
  return api(test, 'POST', '/api/login', { username, password });
}

/** A stock y-websocket device with `token`, synced; `closed` resolves with the next close code. */
async function openDevice(token: string) {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(`${test.url.replace('http', 'ws')}/sync`, 'demo', doc, {
    params: { token }, WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket, disableBc: true,
  });
  await withTimeout(new Promise<void>((r) => provider.once('sync', () => r())), 10_000, 'sync');
  const closed = withTimeout(new Promise<number>((r) => provider.once('connection-close', (e: CloseEvent | null) => r(e?.code ?? -1))), 3_000, 'close');
  return { closed, destroy: () => (provider.destroy(), doc.destroy()) };
}

describe('account management', () => {
  it('lists accounts by username without hashes; 401 without a token, 403 for a clerk or a restricted manager', async () => {
    const listed = await asManager('GET', '/api/accounts');
    expect(listed.status).toBe(200);
    expect(listed.body.accounts.slice(0, 2)).toEqual([
      { username: 'clerk', userId: 'clerk', role: 'clerk', disabled: false },
      { username: 'manager', userId: 'manager', role: 'manager', disabled: false },
    ]);
    expect(JSON.stringify(listed.body)).not.toContain('scrypt');
    expect((await api(test, 'GET', '/api/accounts')).status).toBe(401);
    expect((await asManager('GET', '/api/accounts', undefined, 'forged.token')).status).toBe(401);
    const clerk = await login('clerk', DEMO_PASSWORD);
    expect((await asManager('GET', '/api/accounts', undefined, clerk)).status).toBe(403);
    expect((await asManager('POST', '/api/accounts/clerk/disable', {}, clerk)).status).toBe(403);
    const restricted = test.app.server.tokens.issue({ sub: 'manager', role: 'manager', fids: ['demo'] }).token;
    expect((await asManager('GET', '/api/accounts', undefined, restricted)).status).toBe(403);
    expect((await asManager('POST', '/api/accounts', { username: 'x', password: 'long-enough', role: 'clerk' }, restricted)).status).toBe(403);
  });

  it('adds an account that can log in; a taken username is 409; bad bodies are 400 with field issues', async () => {
    const created = await asManager('POST', '/api/accounts', { username: 'door.anna', password: 'anna-secret-1', role: 'clerk', fundraisers: ['demo'] });
    expect(created.status).toBe(201);
    expect(created.body.account).toEqual({ username: 'door.anna', userId: 'door.anna', role: 'clerk', fundraisers: ['demo'], disabled: false });
    const anna = await tryLogin('door.anna', 'anna-secret-1');
    expect(anna.body).toMatchObject({ role: 'clerk', userId: 'door.anna' });
    expect((await addAccount('door.anna', 'manager')).body.error.code).toBe('exists');

    const bad = await asManager('POST', '/api/accounts', { username: 'no spaces', password: 'short', role: 'treasurer', admin: true });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('invalid_request');
    const paths = (bad.body.error.issues as { path: string }[]).map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['username', 'password', 'role', '']));
    expect((await asManager('POST', '/api/accounts', 'not json')).status).toBe(400);
    for (const dots of ['.', '..']) { // a URL path drops them: such an account could never be disabled
      expect((await asManager('POST', '/api/accounts', { username: dots, password: 'dots-secret-1', role: 'clerk' })).status).toBe(400);
    }
    expect((await asManager('GET', '/api/accounts')).body.accounts.map((a: { username: string }) => a.username)).toContain('door.anna');
  });

  it('a password change refuses the old password, accepts the new one, and signs the user out everywhere (4401)', async () => {
    expect((await addAccount('bob', 'clerk', 'bob-old-password')).status).toBe(201);
    const phone = await openDevice(await login('bob', 'bob-old-password'));
    const tablet = await login('bob', 'bob-old-password');
    const changed = await asManager('POST', '/api/accounts/bob/password', { password: 'bob-new-password' });
    expect(changed.status).toBe(200);
    expect(await phone.closed).toBe(4401);
    expect((await api(test, 'GET', '/api/fundraisers/demo/orders', undefined, bearer(tablet))).status).toBe(401);
    expect((await tryLogin('bob', 'bob-old-password')).status).toBe(401);
    expect((await tryLogin('bob', 'bob-new-password')).status).toBe(200);
    expect((await asManager('POST', '/api/accounts/bob/password', { password: 'short' })).status).toBe(400);
    expect((await asManager('POST', '/api/accounts/nobody/password', { password: 'long-enough' })).status).toBe(404);
    phone.destroy();
  });

  it('a manager setting their own password stays logged in where they did it; their other sessions are signed out', async () => {
    expect((await addAccount('nina', 'manager', 'nina-old-password')).status).toBe(201);
    const here = await login('nina', 'nina-old-password');
    const laptop = await openDevice(await login('nina', 'nina-old-password'));
    const changed = await asManager('POST', '/api/accounts/nina/password', { password: 'nina-new-password' }, here);
    expect(changed.status).toBe(200);
    expect(await laptop.closed).toBe(4401);
    expect((await asManager('GET', '/api/accounts', undefined, here)).status).toBe(200); // the session it was done from
    expect((await asManager('POST', '/api/accounts/nina/password', { password: 'nina-third-password' })).status).toBe(200);
    expect((await asManager('GET', '/api/accounts', undefined, here)).status).toBe(401); // another manager's change signs out every session
    expect((await asManager('POST', '/api/accounts/nina/disable')).status).toBe(200); // the tests below count the managers
    laptop.destroy();
  });

  it('a disabled account cannot log in and is signed out (4401); enabling lets it in again; 404 unknown', async () => {
    expect((await addAccount('carl', 'clerk', 'carl-password')).status).toBe(201);
    const phone = await openDevice(await login('carl', 'carl-password'));
    const disabled = await asManager('POST', '/api/accounts/carl/disable', {});
    expect(disabled.body).toEqual({ account: { username: 'carl', userId: 'carl', role: 'clerk', disabled: true } });
    expect(await phone.closed).toBe(4401);
    const refused = await tryLogin('carl', 'carl-password');
    expect(refused).toMatchObject({ status: 401, body: { error: { code: 'bad_credentials' } } });
    expect((await asManager('POST', '/api/accounts/carl/enable', {})).body.account.disabled).toBe(false);
    expect((await tryLogin('carl', 'carl-password')).status).toBe(200);
    expect((await asManager('POST', '/api/accounts/nobody/disable', {})).status).toBe(404);
    expect((await asManager('GET', '/api/accounts/carl/disable')).status).toBe(405);
    phone.destroy();
  });

  it('keeps one enabled manager: no disabling oneself, nor the last one', async () => {
    expect((await asManager('POST', '/api/accounts/manager/disable', {})).body.error.code).toBe('own_account');
    expect((await addAccount('mia', 'manager', 'mia-password')).status).toBe(201);
    const mia = await login('mia', 'mia-password');
    expect((await asManager('POST', '/api/accounts/manager/disable', {}, mia)).status).toBe(200);
    expect((await tryLogin('manager', DEMO_PASSWORD)).status).toBe(401);
    expect((await asManager('GET', '/api/accounts', undefined, manager)).status).toBe(401); // signed out when disabled
    expect((await asManager('POST', '/api/accounts/manager/enable', {}, mia)).status).toBe(200);
    manager = await login('manager', DEMO_PASSWORD);
    expect((await asManager('POST', '/api/accounts/mia/disable', {})).status).toBe(200);
    expect((await asManager('POST', '/api/accounts/manager/disable', {}, manager)).body.error.code).toBe('own_account');
    // A manager token that is not the target's (say one signed for an operator) still may not disable the last one.
    const operator = test.app.server.tokens.issue({ sub: 'operator', role: 'manager' }).token;
    expect((await asManager('POST', '/api/accounts/manager/disable', {}, operator))).toMatchObject({ status: 409, body: { error: { code: 'last_manager' } } });
    expect((await asManager('POST', '/api/accounts/mia/enable', {})).status).toBe(200);
  });

  it('two managers disabling each other at the same moment: the lock lets only one through', async () => {
    const admin = new AccountAdmin(test.app.server); // the server's own records, storage, sessions and rooms
    await admin.setDisabled('mia', true, 'manager');
    await admin.create({ username: 'ida', role: 'manager', passwordHash: await hashPassword('ida-password') }, 'manager');
    await admin.create({ username: 'leo', role: 'manager', passwordHash: await hashPassword('leo-password') }, 'manager');
    expect(await admin.setDisabled('manager', true, 'ida')).toMatchObject({ disabled: true });
    // ida and leo are the last two enabled managers: without the lock both reads would see the other enabled.
    const outcomes = await Promise.all([admin.setDisabled('leo', true, 'ida'), admin.setDisabled('ida', true, 'leo')]);
    expect(outcomes.filter((o) => o === 'last_manager')).toHaveLength(1);
    const enabled = (await admin.list()).filter((a) => a.role === 'manager' && !a.disabled);
    expect(enabled).toHaveLength(1);
  });

  it('names ignore case: "Door.Anna" logs in as door.anna and cannot be added beside it; two older names differing only in case need the exact one', async () => {
    expect((await tryLogin('Door.Anna', 'anna-secret-1')).body).toMatchObject({ role: 'clerk', userId: 'door.anna' });
    const fresh = test.app.server.tokens.issue({ sub: 'manager', role: 'manager' }).token; // earlier tests signed `manager` out
    const again = await asManager('POST', '/api/accounts', { username: 'DOOR.ANNA', password: 'first-password-1', role: 'clerk' }, fresh);
    expect(again.status).toBe(409);
    expect(again.body.error.issues[0].message).toMatch(/ignore upper and lower case/);
    for (const username of ['twin', 'Twin']) { // made before names were kept unique in any case
      await test.app.server.storage.save(['acct', username], new TextEncoder().encode(JSON.stringify({ username, userId: username, role: 'clerk', passwordHash: await hashPassword('twin-password') })));
    }
    expect((await tryLogin('Twin', 'twin-password')).body.userId).toBe('Twin');
    expect((await tryLogin('TWIN', 'twin-password')).status).toBe(401);

    await test.app.server.storage.save(['acct', 'broken'], new TextEncoder().encode('{not json')); // one damaged record…
    expect((await tryLogin('DOOR.anna', 'anna-secret-1')).status).toBe(200); // …does not stop the others' logins
    await test.app.server.storage.saveBatch([{ op: 'remove', key: ['acct', 'broken'] }]);
  });

  it('keeps who changed which account: the newest changes first, in the list', async () => {
    const fresh = test.app.server.tokens.issue({ sub: 'manager', role: 'manager' }).token;
    expect((await asManager('POST', '/api/accounts', { username: 'logged.one', password: 'first-password-1', role: 'clerk' }, fresh)).status).toBe(201);
    expect((await asManager('POST', '/api/accounts/logged.one/password', { password: 'second-password-2' }, fresh)).status).toBe(200);
    expect((await asManager('POST', '/api/accounts/logged.one/disable', {}, fresh)).status).toBe(200);
    expect((await asManager('POST', '/api/accounts/logged.one/enable', {}, fresh)).status).toBe(200);
    expect((await asManager('POST', '/api/accounts/nobody/disable', {}, fresh)).status).toBe(404); // no change, no note
    const { changes } = (await asManager('GET', '/api/accounts', undefined, fresh)).body as { changes: { at: string; by: string; action: string; username: string }[] };
    expect(changes.slice(0, 4).map(({ by, action, username }) => [by, action, username])).toEqual([
      ['manager', 'enabled', 'logged.one'], ['manager', 'disabled', 'logged.one'], ['manager', 'password', 'logged.one'], ['manager', 'created', 'logged.one'],
    ]);
    expect(Date.parse(changes[0]!.at)).not.toBeNaN();
    expect(JSON.stringify(changes)).not.toContain('scrypt');
  });

  it('changes which fundraisers an account opens: signed out (4401), its next login is held to them; the last full manager and one\'s own account stay whole', async () => {
    const fresh = test.app.server.tokens.issue({ sub: 'manager', role: 'manager' }).token;
    expect((await asManager('POST', '/api/accounts', { username: 'door.ben', password: 'ben-password-1', role: 'clerk' }, fresh)).status).toBe(201);
    const phone = await openDevice(await login('door.ben', 'ben-password-1'));
    const limited = await asManager('POST', '/api/accounts/door.ben/fundraisers', { fundraisers: ['waffles'] }, fresh);
    expect(limited.body).toEqual({ account: { username: 'door.ben', userId: 'door.ben', role: 'clerk', fundraisers: ['waffles'], disabled: false } });
    expect(await phone.closed).toBe(4401); // its token still named every fundraiser
    const ben = await login('door.ben', 'ben-password-1');
    expect((await api(test, 'GET', '/api/fundraisers/demo/orders', undefined, bearer(ben))).status).toBe(403);
    expect((await asManager('POST', '/api/accounts/door.ben/fundraisers', { fundraisers: ['waffles'] }, fresh)).body.error.code).toBe('unchanged');
    expect((await asManager('POST', '/api/accounts/door.ben/fundraisers', { fundraisers: null }, fresh)).body.account).not.toHaveProperty('fundraisers');
    expect((await api(test, 'GET', '/api/fundraisers/demo/orders', undefined, bearer(await login('door.ben', 'ben-password-1')))).status).toBe(200);

    expect((await asManager('POST', '/api/accounts/manager/fundraisers', { fundraisers: ['demo'] }, fresh)).body.error.code).toBe('own_account');
    const operator = test.app.server.tokens.issue({ sub: 'operator', role: 'manager' }).token;
    const fullManagers = (await new AccountAdmin(test.app.server).list()).filter((a) => a.role === 'manager' && !a.disabled && !a.fundraisers);
    for (const other of fullManagers.slice(1)) await asManager('POST', `/api/accounts/${other.username}/disable`, {}, operator);
    expect((await asManager('POST', `/api/accounts/${fullManagers[0]!.username}/fundraisers`, { fundraisers: ['demo'] }, operator)).body.error.code).toBe('last_manager');
    for (const other of fullManagers.slice(1)) await asManager('POST', `/api/accounts/${other.username}/enable`, {}, operator);

    expect((await asManager('POST', '/api/accounts/door.ben/fundraisers', { fundraisers: [] }, fresh)).status).toBe(400);
    expect((await asManager('POST', '/api/accounts/nobody/fundraisers', { fundraisers: null }, fresh)).status).toBe(404);
    const { changes } = (await asManager('GET', '/api/accounts', undefined, fresh)).body as { changes: { action: string; username: string }[] };
    expect(changes.slice(0, 2).map((c) => [c.action, c.username])).toEqual([['fundraisers', 'door.ben'], ['fundraisers', 'door.ben']]);
  });

  it('an older account record without `disabled` still reads, as enabled', async () => {
    await test.app.server.storage.save(['acct', 'old'], new TextEncoder().encode(JSON.stringify({ username: 'old', userId: 'u-old', role: 'clerk', passwordHash: await hashPassword('old-password') })));
    expect((await new AccountAdmin(test.app.server).list()).find((a) => a.username === 'old')).toEqual({ username: 'old', userId: 'u-old', role: 'clerk', disabled: false });
    expect((await tryLogin('old', 'old-password')).body.userId).toBe('u-old');
  });
});

describe('a login racing an account change', () => {
  it('a login whose session is stored only after the account was disabled is refused, not handed a live token', async () => {
    const storage = new HoldingAdapter(new SqliteStorageAdapter(fs.mkdtempSync(path.join(os.tmpdir(), 'fo-accounts-'))));
    const racing = await startApp({ storage });
    try {
      await new AccountAdmin(racing.app.server).create({ username: 'dora', role: 'clerk', passwordHash: await hashPassword('dora-password') }, 'manager');
      const hold = storage.holdNextBatch(); // the login's session record
      const loggingIn = api(racing, 'POST', '/api/login', { username: 'dora', password: 'dora-password' });
      await hold.reached; // password checked, token issued, session not yet stored
      expect(await new AccountAdmin(racing.app.server).setDisabled('dora', true, 'manager')).toMatchObject({ disabled: true });
      hold.release();
      expect(await loggingIn).toMatchObject({ status: 401, body: { error: { code: 'bad_credentials' } } });
    } finally {
      await racing.close();
    }
  });
});
