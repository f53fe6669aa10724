// Scale-out: two or three sync servers on one real PostgreSQL, stock y-websocket clients on
// each. Updates cross servers; nothing uncommitted crosses; a dropped announcement channel
// is caught up from the sequence; website orders stay serialized per fundraiser.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { attachProjection } from '../../sync-server/shared/doc-projection';
import { api, CLERK, MANAGER, until, type TestApp } from '../support/app';
import { startPostgres, type TestPostgres } from '../support/postgres';
import { cluster, deviceAt, eventIds, orderEvent, sql, storeUnannounced, whenSynced, type Device } from './support';

let postgres: TestPostgres;
beforeAll(async () => {
  postgres = await startPostgres();
}, 60_000);
afterAll(() => postgres?.stop());

let servers: TestApp[] = [];
let devices: Device[] = [];
afterEach(async () => {
  devices.forEach((d) => d.destroy());
  devices = [];
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

async function start(n: number, extra: Parameters<typeof cluster>[2] = {}) {
  const started = await cluster(postgres, n, extra);
  servers.push(...started.servers);
  return started;
}

function device(server: TestApp, actor = CLERK): Device {
  const d = deviceAt(server.url, server.token(actor));
  devices.push(d);
  return d;
}

const websiteOrder = (quantity: number) => ({ customer: { name: 'Anna Berg' }, lines: [{ itemId: 'spaghetti', quantity }] });

describe('fan-out between servers', () => {
  it('a device update accepted on one server reaches devices on the others, and a website order on any reaches all', async () => {
    const { servers: [a, b, c] } = await start(3);
    const [onA, onB, onC] = [device(a!), device(b!, MANAGER), device(c!)];
    const fromA = orderEvent(CLERK, 'A');
    onA.doc.getArray('replicated').push([fromA]);
    await until(onB.doc, () => eventIds(onB.doc).includes(fromA.id as string));
    await until(onC.doc, () => eventIds(onC.doc).includes(fromA.id as string));
    const fromC = orderEvent(CLERK, 'C');
    onC.doc.getArray('replicated').push([fromC]);
    await until(onA.doc, () => eventIds(onA.doc).includes(fromC.id as string));
    const placed = await api(b!, 'POST', '/api/fundraisers/demo/orders', websiteOrder(1));
    expect(placed.status).toBe(201);
    for (const d of [onA, onB, onC]) {
      const { projection } = attachProjection(d.doc);
      await until(d.doc, () => projection.order(placed.body.orderId) !== undefined);
    }
    // The same log everywhere: each server's live document holds every event once.
    const counts = await Promise.all([a, b, c].map((s) => s!.app.server.rooms.use('demo', async (room) => eventIds(room.doc).length)));
    expect(counts).toEqual([counts[0], counts[0], counts[0]]);
  });

  // With the slow poll off, so that each test shows the one mechanism it names.
  const NO_POLL = { reconcileIntervalMs: 0 };

  it('a lost announcement shows as a gap in the sequence at the next one, and the gap is filled from PostgreSQL', async () => {
    const { url, servers: [a, b] } = await start(2, NO_POLL);
    const [onA, onB] = [device(a!), device(b!)];
    await Promise.all([whenSynced(onA), whenSynced(onB)]);
    const unannounced = await storeUnannounced(url, CLERK, 'lost');
    const next = orderEvent(CLERK, 'next');
    onA.doc.getArray('replicated').push([next]);
    await until(onB.doc, () => eventIds(onB.doc).includes(next.id as string));
    expect(eventIds(onB.doc)).toContain(unannounced);
  });

  it('after the announcement channel dropped, a server catches up on what it may have missed', async () => {
    const { url, servers: [, b] } = await start(2, NO_POLL);
    const onB = device(b!);
    await whenSynced(onB);
    const unannounced = await storeUnannounced(url, CLERK, 'while-away');
    // Cut every LISTEN connection; on reconnecting, B must look for itself.
    await sql(url, `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN%'`);
    await until(onB.doc, () => eventIds(onB.doc).includes(unannounced));
  });

  it('the last update of a doc that then goes quiet, never announced, arrives by the slow poll', async () => {
    const { url, servers: [, b] } = await start(2, { reconcileIntervalMs: 50 });
    const onB = device(b!);
    await whenSynced(onB);
    const unannounced = await storeUnannounced(url, CLERK, 'quiet');
    await until(onB.doc, () => eventIds(onB.doc).includes(unannounced));
  });
});

describe('durable before visible, across servers', () => {
  it('an update whose commit fails in PostgreSQL reaches no other server; the next one does', async () => {
    const { url, servers: [a, b] } = await start(2);
    // Fails the transaction at COMMIT, after the row was written.
    await sql(url, `CREATE TABLE fail_commit (doc_key text PRIMARY KEY)`);
    await sql(url, `CREATE FUNCTION fail_commit() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF EXISTS (SELECT 1 FROM fail_commit) THEN RAISE EXCEPTION 'injected commit failure'; END IF; RETURN NULL; END $$`);
    await sql(url, `CREATE CONSTRAINT TRIGGER fail_commit AFTER INSERT ON kv DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION fail_commit()`);
    const onB = device(b!);
    const writer = device(a!);
    await whenSynced(writer);
    await sql(url, `INSERT INTO fail_commit VALUES ('armed')`);
    const lost = orderEvent(CLERK, 'uncommitted');
    const closed = new Promise((resolve) => writer.provider.once('connection-close', resolve));
    writer.doc.getArray('replicated').push([lost]);
    await closed; // server A could not store it and dropped the connection
    writer.destroy(); // and the writer gives up, so the update is never stored
    const rows = await sql<{ n: string }>(url, `SELECT count(*) AS n FROM kv WHERE position(convert_to($1, 'UTF8') in data) > 0`, [lost.id]);
    expect(Number(rows[0]!.n)).toBe(0);
    await sql(url, 'DELETE FROM fail_commit');
    const later = orderEvent(CLERK, 'committed');
    device(a!).doc.getArray('replicated').push([later]);
    await until(onB.doc, () => eventIds(onB.doc).includes(later.id as string));
    expect(eventIds(onB.doc)).not.toContain(lost.id);
  });
});

describe('website commands across servers', () => {
  it('two servers taking 200 concurrent orders for the last 50 units sell exactly 50, with unique order numbers', async () => {
    const { servers: [a, b] } = await start(2);
    for (let i = 0; i < 7; i++) expect((await api(a!, 'POST', '/api/fundraisers/demo/orders', websiteOrder(10))).status).toBe(201); // 120 - 70 = 50 left
    const answers = await Promise.all(Array.from({ length: 200 }, (_, i) => api(i % 2 ? a! : b!, 'POST', '/api/fundraisers/demo/orders', websiteOrder(1))));
    const sold = answers.filter((r) => r.status === 201);
    expect(sold).toHaveLength(50);
    expect(answers.filter((r) => r.status === 409).every((r) => r.body.error.code === 'sold_out')).toBe(true);
    expect(answers.filter((r) => r.status !== 201 && r.status !== 409)).toEqual([]);
    const numbers = sold.map((r) => r.body.orderNumber as string);
    expect(new Set(numbers).size).toBe(50);
    expect(new Set([...numbers, ...Array.from({ length: 7 }, (_, i) => `W-${i + 1}`)]).size).toBe(57);
    const available = await api(b!, 'GET', '/api/fundraisers/demo');
    expect(available.body.items.find((item: { itemId: string }) => item.itemId === 'spaghetti').available).toBe(0);
  });
});
