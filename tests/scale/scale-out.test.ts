// Scale-out: three sync servers on one real PostgreSQL, stock y-websocket clients on each.
// Updates cross servers; nothing uncommitted crosses; lost announcements and a dropped
// channel are caught up from the sequence; website orders stay serialized per fundraiser.
// One cluster for the file (starting servers is the slow part); the slow poll is off on it,
// so that each test shows the one mechanism it names.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { attachProjection } from '../../sync-server/shared/doc-projection';
import { api, CLERK, MANAGER, startApp, until, type TestApp } from '../support/app';
import { startPostgres, type TestPostgres } from '../support/postgres';
import { cluster, deviceAt, eventIds, orderEvent, sql, storeUnannounced, whenSynced, type Device } from './support';

let postgres: TestPostgres;
let url: string;
let a: TestApp, b: TestApp, c: TestApp;
const extraServers: TestApp[] = [];
beforeAll(async () => {
  postgres = await startPostgres();
  const started = await cluster(postgres, 3, { reconcileIntervalMs: 0 });
  url = started.url;
  [a, b, c] = started.servers as [TestApp, TestApp, TestApp];
}, 60_000);
afterAll(async () => {
  await Promise.all([a, b, c, ...extraServers].map((s) => s?.close()));
  await postgres?.stop();
});

let devices: Device[] = [];
afterEach(() => {
  devices.forEach((d) => d.destroy());
  devices = [];
});

function device(server: TestApp, actor = CLERK): Device {
  const d = deviceAt(server.url, server.token(actor));
  devices.push(d);
  return d;
}

const websiteOrder = (quantity: number) => ({ customer: { name: 'Anna Berg' }, lines: [{ itemId: 'spaghetti', quantity }] });

describe('fan-out between servers', () => {
  it('a device update accepted on one server reaches devices on the others, and a website order on any reaches all', async () => {
    const [onA, onB, onC] = [device(a), device(b, MANAGER), device(c)];
    const fromA = orderEvent(CLERK, 'A');
    onA.doc.getArray('replicated').push([fromA]);
    await until(onB.doc, () => eventIds(onB.doc).includes(fromA.id as string));
    await until(onC.doc, () => eventIds(onC.doc).includes(fromA.id as string));
    const fromC = orderEvent(CLERK, 'C');
    onC.doc.getArray('replicated').push([fromC]);
    await until(onA.doc, () => eventIds(onA.doc).includes(fromC.id as string));
    const placed = await api(b, 'POST', '/api/fundraisers/demo/orders', websiteOrder(1));
    expect(placed.status).toBe(201);
    for (const d of [onA, onB, onC]) {
      const { projection } = attachProjection(d.doc);
      await until(d.doc, () => projection.order(placed.body.orderId) !== undefined);
    }
    // The same log everywhere: each server's live document holds every event once.
    const counts = await Promise.all([a, b, c].map((s) => s!.app.server.rooms.use('demo', async (room) => eventIds(room.doc).length)));
    expect(counts).toEqual([counts[0], counts[0], counts[0]]);
  });

  it('a lost announcement shows as a gap in the sequence at the next one, and the gap is filled from PostgreSQL', async () => {
    const [onA, onB] = [device(a), device(b)];
    await Promise.all([whenSynced(onA), whenSynced(onB)]);
    const unannounced = await storeUnannounced(url, CLERK, 'lost');
    const next = orderEvent(CLERK, 'next');
    onA.doc.getArray('replicated').push([next]);
    await until(onB.doc, () => eventIds(onB.doc).includes(next.id as string));
    expect(eventIds(onB.doc)).toContain(unannounced);
  });

  it('after the announcement channel dropped, a server catches up on what it may have missed', async () => {
    const onB = device(b);
    await whenSynced(onB);
    const unannounced = await storeUnannounced(url, CLERK, 'while-away');
    // Cut every LISTEN connection; on reconnecting, B must look for itself.
    await sql(url, `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN%'`);
    await until(onB.doc, () => eventIds(onB.doc).includes(unannounced));
  });

  it('the last update of a doc that then goes quiet, never announced, arrives by the slow poll', async () => {
    const polling = await startApp({ databaseUrl: url, reconcileIntervalMs: 50 });
    extraServers.push(polling);
    const onD = device(polling);
    await whenSynced(onD);
    const unannounced = await storeUnannounced(url, CLERK, 'quiet');
    await until(onD.doc, () => eventIds(onD.doc).includes(unannounced));
  });
});

describe('durable before visible, across servers', () => {
  it('an update whose commit fails in PostgreSQL reaches no other server; the next one does', async () => {
    // Fails the transaction at COMMIT, after the row was written; removed again at the end.
    await sql(url, `CREATE TABLE fail_commit (doc_key text PRIMARY KEY)`);
    await sql(url, `CREATE FUNCTION fail_commit() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF EXISTS (SELECT 1 FROM fail_commit) THEN RAISE EXCEPTION 'injected commit failure'; END IF; RETURN NULL; END $$`);
    await sql(url, `CREATE CONSTRAINT TRIGGER fail_commit AFTER INSERT ON kv DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION fail_commit()`);
    const onB = device(b);
    const writer = device(a);
    await whenSynced(writer);
    await sql(url, `INSERT INTO fail_commit VALUES ('armed')`);
    const lost = orderEvent(CLERK, 'uncommitted');
    const closed = new Promise((resolve) => writer.provider.once('connection-close', resolve));
    writer.doc.getArray('replicated').push([lost]);
    await closed; // server A could not store it and dropped the connection
    writer.destroy(); // and the writer gives up, so the update is never stored
    const rows = await sql<{ n: string }>(url, `SELECT count(*) AS n FROM kv WHERE position(convert_to($1, 'UTF8') in data) > 0`, [lost.id]);
    expect(Number(rows[0]!.n)).toBe(0);
    await sql(url, 'DROP TRIGGER fail_commit ON kv');
    const later = orderEvent(CLERK, 'committed');
    device(a).doc.getArray('replicated').push([later]);
    await until(onB.doc, () => eventIds(onB.doc).includes(later.id as string));
    expect(eventIds(onB.doc)).not.toContain(lost.id);
  });
});

describe('website reads across servers', () => {
  it('a server answering from its stored read model sees an order another server stored after it', async () => {
    const reader = await startApp({ databaseUrl: url, reconcileIntervalMs: 0, syncOptions: { idleUnloadMs: 40 } });
    extraServers.push(reader);
    const tiramisuLeft = async () => (await api(reader, 'GET', '/api/fundraisers/demo')).body.items.find((i: { itemId: string }) => i.itemId === 'tiramisu').available;
    const before = await tiramisuLeft();
    await expect.poll(() => reader.app.server.rooms.isLoaded('demo'), { timeout: 5_000, interval: 20 }).toBe(false);
    const loads = reader.app.server.rooms.loadCount;
    expect(await tiramisuLeft()).toBe(before); // from the stored model, now held in memory
    expect(reader.app.server.rooms.loadCount).toBe(loads);
    const placed = await api(b, 'POST', '/api/fundraisers/demo/orders', { customer: { name: 'Anna Berg' }, lines: [{ itemId: 'tiramisu', quantity: 1 }] });
    expect(placed.status).toBe(201);
    expect(await tiramisuLeft()).toBe(before - 1);
  });
});

describe('website commands across servers', () => {
  const earlier = new Set<string>();
  const spaghettiLeft = async (server: TestApp): Promise<number> =>
    (await api(server, 'GET', '/api/fundraisers/demo')).body.items.find((item: { itemId: string }) => item.itemId === 'spaghetti').available;

  /** Sells through server A until `left` units remain, remembering the numbers handed out. */
  async function sellDownTo(left: number): Promise<void> {
    for (let available = await spaghettiLeft(a); available > left; available = await spaghettiLeft(a)) {
      const placed = await api(a, 'POST', '/api/fundraisers/demo/orders', websiteOrder(Math.min(10, available - left)));
      expect(placed.status).toBe(201);
      earlier.add(placed.body.orderNumber);
    }
  }

  it('one idempotency key sent to three servers at once gives one order and the same answer everywhere', async () => {
    const body = { customer: { name: 'Retry Rita' }, lines: [{ itemId: 'lemonade', quantity: 2 }], idempotencyKey: 'scale-retry-0001' };
    const answers = await Promise.all([a, b, c, a, b, c].map((s) => api(s, 'POST', '/api/fundraisers/demo/orders', body)));
    expect(answers.map((r) => r.status).every((status) => status === 201 || status === 200)).toBe(true);
    expect(new Set(answers.map((r) => JSON.stringify(r.body))).size).toBe(1);
    const staff = await api(c, 'GET', '/api/fundraisers/demo/orders', undefined, { authorization: `Bearer ${c.token(MANAGER)}` });
    expect(staff.body.orders.filter((o: { orderId: string }) => o.orderId === answers[0]!.body.orderId)).toHaveLength(1);
    expect(staff.body.orders.filter((o: { customer?: { name: string } }) => o.customer?.name === 'Retry Rita')).toHaveLength(1);
  });

  it('two servers taking 200 concurrent orders for the last 50 units sell exactly 50, with unique order numbers', async () => {
    await sellDownTo(50);
    const answers = await Promise.all(Array.from({ length: 200 }, (_, i) => api(i % 2 ? a : b, 'POST', '/api/fundraisers/demo/orders', websiteOrder(1))));
    const sold = answers.filter((r) => r.status === 201);
    expect(sold).toHaveLength(50);
    expect(answers.filter((r) => r.status === 409).every((r) => r.body.error.code === 'sold_out')).toBe(true);
    expect(answers.filter((r) => r.status !== 201 && r.status !== 409)).toEqual([]);
    const numbers = sold.map((r) => r.body.orderNumber as string);
    expect(new Set(numbers).size).toBe(50);
    expect(numbers.some((n) => earlier.has(n))).toBe(false);
    expect(await spaghettiLeft(b)).toBe(0);
  });
});
