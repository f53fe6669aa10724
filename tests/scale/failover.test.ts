// Failover: a server in its own process is killed -9 behind a load balancer; its device
// reconnects (with jitter) through the balancer to the other server and nothing is lost —
// neither what the dead server had acknowledged nor what the device wrote meanwhile.
import type { ChildProcess } from 'node:child_process';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { attachProjection } from '../../sync-server/shared/doc-projection';
import { CLERK, MANAGER, startApp, until, type TestApp } from '../support/app';
import { startPostgres, type TestPostgres } from '../support/postgres';
import { balancer, deviceAt, eventIds, login, orderEvent, spawnServer, whenSynced, type Device } from './support';

let postgres: TestPostgres;
beforeAll(async () => {
  postgres = await startPostgres();
}, 60_000);
afterAll(() => postgres?.stop());

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

describe('failover', () => {
  it('kill -9 one server: its device reconnects through the balancer to another and loses nothing', async () => {
    const url = await postgres.createDatabase('failover');
    const doomed = await spawnServer(url);
    cleanup.push(() => killed(doomed.process));
    const survivor: TestApp = await startApp({ databaseUrl: url });
    cleanup.push(() => survivor.close());
    const lb = await balancer(() => [doomed.port, survivor.app.port]);
    cleanup.push(() => lb.close());

    const writer: Device = deviceAt(lb.url, await login(lb.url, 'clerk'));
    const observer: Device = deviceAt(survivor.url, survivor.token(MANAGER));
    cleanup.push(() => writer.destroy(), () => observer.destroy());
    await Promise.all([whenSynced(writer), whenSynced(observer)]);

    const before = [1, 2, 3].map(() => orderEvent(CLERK, 'before'));
    writer.doc.getArray('replicated').push(before);
    const website = await fetch(`${lb.url}/api/fundraisers/demo/orders`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ customer: { name: 'Anna' }, lines: [{ itemId: 'spaghetti', quantity: 1 }] }),
    });
    expect(website.status).toBe(201); // accepted by the server about to die
    const { orderId } = (await website.json()) as { orderId: string };
    await until(observer.doc, () => before.every((e) => eventIds(observer.doc).includes(e.id as string)));

    const closed = new Promise((resolve) => writer.provider.once('connection-close', resolve));
    doomed.process.kill('SIGKILL');
    await closed;
    const during = [1, 2, 3].map(() => orderEvent(CLERK, 'during'));
    writer.doc.getArray('replicated').push(during); // offline now; sent on reconnecting

    const all = [...before, ...during].map((e) => e.id as string);
    await until(observer.doc, () => all.every((id) => eventIds(observer.doc).includes(id)));
    const { projection } = attachProjection(observer.doc);
    expect(projection.order(orderId)).toBeDefined();
    await until(writer.doc, () => writer.provider.wsconnected);
    expect(eventIds(observer.doc).filter((id) => all.includes(id))).toHaveLength(all.length); // each once
  });
});

function killed(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}
