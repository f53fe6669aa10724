// PostgreSQL goes away under two running servers and comes back: nothing crashes, what
// cannot be stored is refused (never acknowledged, so the device keeps it and sends it
// again), and afterwards both servers serve and fan out again (pools reconnect; the LISTEN
// connection reconnects and resyncs).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, CLERK, until, type TestApp } from '../support/app';
import { startPostgres, type TestPostgres } from '../support/postgres';
import { cluster, deviceAt, eventIds, orderEvent, whenSynced, type Device } from './support';

let postgres: TestPostgres;
let servers: TestApp[] = [];
const devices: Device[] = [];
beforeAll(async () => {
  postgres = await startPostgres();
}, 60_000);
afterAll(async () => {
  devices.forEach((d) => d.destroy());
  await Promise.all(servers.map((s) => s.close()));
  await postgres?.stop();
});

const order = { customer: { name: 'Outage Olga' }, lines: [{ itemId: 'lemonade', quantity: 1 }] };

describe('a PostgreSQL outage', () => {
  it('is refused while it lasts; afterwards both servers serve again and the device’s update arrives', async () => {
    servers = (await cluster(postgres, 2, { reconcileIntervalMs: 0 })).servers;
    const [a, b] = servers as [TestApp, TestApp];
    const [onB, writer] = [deviceAt(b.url, b.token(CLERK)), deviceAt(a.url, a.token(CLERK))];
    devices.push(onB, writer);
    await Promise.all([whenSynced(onB), whenSynced(writer)]);

    await postgres.halt();
    expect((await api(a, 'POST', '/api/fundraisers/demo/orders', order)).status).toBe(503); // storage unavailable: retry later
    const closed = new Promise((resolve) => writer.provider.once('connection-close', resolve));
    const during = orderEvent(CLERK, 'during-outage');
    writer.doc.getArray('replicated').push([during]);
    await closed; // server A could not store it, so it did not accept it

    await postgres.resume();
    await expect.poll(async () => (await api(a, 'POST', '/api/fundraisers/demo/orders', order)).status, { timeout: 15_000 }).toBe(201);
    await until(onB.doc, () => eventIds(onB.doc).includes(during.id as string), 15_000);
  });
});
