// Account management with two server processes on one PostgreSQL: the last-manager check and
// its write hold the cross-process lock, and a password change made on one server signs the
// user out of the sockets the other server holds (its revocation poll).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccountAdmin } from '../../sync-server/accounts';
import { hashPassword } from '../../sync-server/auth';
import { api, DEMO_PASSWORD, type TestApp } from '../support/app';
import { startPostgres, type TestPostgres } from '../support/postgres';
import { withTimeout } from '../server/helpers';
import { cluster, deviceAt, whenSynced } from './support';

let postgres: TestPostgres;
let a: TestApp, b: TestApp;
beforeAll(async () => {
  postgres = await startPostgres();
  const started = await cluster(postgres, 2, { reconcileIntervalMs: 0, syncOptions: { revocationPollMs: 200 } });
  [a, b] = started.servers as [TestApp, TestApp];
}, 60_000);
afterAll(async () => {
  await Promise.all([a, b].map((s) => s?.close()));
  await postgres?.stop();
});

async function login(server: TestApp, username: string, password: string): Promise<string> {
  const { status, body } = await api(server, 'POST', '/api/login', { username, password });
  expect(status).toBe(200);
  return body.token as string;
}

describe('accounts across server processes', () => {
  it('two managers on two servers disabling each other at the same moment: only one gets through', async () => {
    const [onA, onB] = [new AccountAdmin(a.app.server), new AccountAdmin(b.app.server)]; // separate queues: only the database lock is shared
    await onA.create({ username: 'ida', role: 'manager', passwordHash: await hashPassword('ida-password') }, 'manager');
    await onA.create({ username: 'leo', role: 'manager', passwordHash: await hashPassword('leo-password') }, 'manager');
    expect(await onA.setDisabled('manager', true, 'ida')).toMatchObject({ disabled: true });
    const outcomes = await Promise.all([onA.setDisabled('leo', true, 'ida'), onB.setDisabled('ida', true, 'leo')]);
    expect(outcomes.filter((o) => o === 'last_manager')).toHaveLength(1);
    expect((await onB.list()).filter((acc) => acc.role === 'manager' && !acc.disabled)).toHaveLength(1);
    await onA.setDisabled('manager', false, 'ida');
  });

  it('a password change made on one server closes the user\'s socket on the other with 4401', async () => {
    const manager = await login(a, 'manager', DEMO_PASSWORD);
    const phone = deviceAt(b.url, await login(b, 'clerk', DEMO_PASSWORD));
    await withTimeout(whenSynced(phone), 10_000, 'sync');
    const closed = withTimeout(new Promise<number>((r) => phone.provider.once('connection-close', (e: CloseEvent | null) => r(e?.code ?? -1))), 5_000, 'close');
    const changed = await api(a, 'POST', '/api/accounts/clerk/password', { password: 'clerk-new-password' }, { authorization: `Bearer ${manager}` });
    expect(changed.status).toBe(200);
    expect(await closed).toBe(4401);
    expect((await api(b, 'POST', '/api/login', { username: 'clerk', password: DEMO_PASSWORD })).status).toBe(401);
    phone.destroy();
  });
});
