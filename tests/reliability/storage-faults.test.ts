// Storage faults under the whole product (createApp over SQLite, wrapped in the fault
// injector): no acknowledgement without a durable write, nothing applied from a failed
// write, the store opens after every fault, and a damaged record quarantines that one
// fundraiser (records left in place, others keep serving) rather than serving a truncated doc.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { Actor } from '../../domain';
import { createApp, type App } from '../../sync-server/app';
import type { BatchOp } from '../../sync-server/storage/adapter';
import { updateKey } from '../../sync-server/storage/doc-store';
import { FaultyStorageAdapter } from '../../sync-server/storage/faulty';
import { SqliteStorageAdapter } from '../../sync-server/storage/sqlite';
import { api, CLERK, device, MANAGER, type Device, type TestApp } from '../support/app';
import { placedBy, waitForDoc, withTimeout } from '../server/helpers';

let cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const fn of cleanup.reverse()) await fn();
  cleanup = [];
});

interface Booted extends TestApp { faulty: FaultyStorageAdapter; restart(): Promise<Booted> }

/** The product on `dir`, its storage behind a fault injector; restart() boots again on the same dir. */
async function boot(dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fo-faults-')), compactEvery?: number): Promise<Booted> {
  const faulty = new FaultyStorageAdapter(new SqliteStorageAdapter(dir));
  const app: App = await createApp({
    port: 0, host: '127.0.0.1', dataDir: dir, demoPassword: 'faults', orderRateLimit: 0, storage: faulty, log: () => {},
    ...(compactEvery ? { compactEvery } : {}),
  });
  let closed = false;
  const close = async () => {
    if (!closed) await app.close();
    closed = true;
  };
  cleanup.push(close);
  const token = (actor: Actor) => app.server.tokens.issue({ sub: actor.userId, role: actor.role as 'manager' | 'clerk' }).token;
  return { app, url: app.url, dir, faulty, token, close, restart: async () => (await close(), boot(dir, compactEvery)) };
}

function connect(test: TestApp, actor: Actor, fid = 'demo'): Device {
  const d = device(test, actor, fid);
  cleanup.push(() => d.destroy());
  return d;
}

const ready = (d: Device) => (d.provider.synced ? Promise.resolve() : withTimeout(new Promise<void>((resolve) => d.provider.once('sync', () => resolve())), 10_000, 'sync'));
const closedWith = (d: Device) => withTimeout(new Promise<{ code: number }>((resolve) => d.provider.once('connection-close', (e: CloseEvent | null) => resolve({ code: e?.code ?? -1 }))), 10_000, 'close');
const order = (name = 'Ada') => ({ customer: { name }, lines: [{ itemId: 'lemonade', quantity: 1 }] });
const event = (actor: Actor) => placedBy(actor) as { id: string };
const isDocUpdate = (ops: readonly BatchOp[]) => ops.some((op) => op.key[0] === 'doc' && op.key[2] === 'u');
const isCompaction = (ops: readonly BatchOp[]) => ops.some((op) => op.key[0] === 'doc' && op.key[2] === 's');
const staffOrders = async (t: TestApp) =>
  (await api(t, 'GET', '/api/fundraisers/demo/orders', undefined, { authorization: `Bearer ${t.token(MANAGER)}` })).body.orders as { orderId: string }[];
const replicatedIds = (doc: Y.Doc) => doc.getArray<{ id: string }>('replicated').toArray().map((e) => e.id);

describe('a write that fails is never acknowledged', () => {
  it.each(['fail', 'tear'] as const)("website order, store %s: no 201, nothing applied, the next order and a restart are fine", async (mode) => {
    const t = await boot();
    const before = (await staffOrders(t)).length;
    t.faulty.failNextMatching(isDocUpdate, mode);
    const refused = await api(t, 'POST', '/api/fundraisers/demo/orders', order('Lost'));
    expect(refused.status).toBeGreaterThanOrEqual(500);
    expect(await staffOrders(t)).toHaveLength(before);
    const placed = await api(t, 'POST', '/api/fundraisers/demo/orders', order('Kept'));
    expect(placed.status).toBe(201);
    const again = await t.restart();
    const orders = await staffOrders(again);
    expect(orders.filter((o) => o.orderId === placed.body.orderId)).toHaveLength(1);
    expect(orders).toHaveLength(before + 1);
  });

  it('disk full (ENOSPC): devices are told to retry, orders are refused, nothing applied; once space is back everything arrives once', async () => {
    const t = await boot();
    const [a, b] = [connect(t, CLERK), connect(t, MANAGER)];
    await Promise.all([ready(a), ready(b)]);
    t.faulty.diskFull(true);
    const closed = closedWith(a);
    const edit = event(CLERK);
    a.doc.getArray('replicated').push([edit]);
    expect((await closed).code).toBe(4500);
    const refused = await api(t, 'POST', '/api/fundraisers/demo/orders', order());
    expect(refused.status).toBeGreaterThanOrEqual(500);
    expect(replicatedIds(b.doc)).not.toContain(edit.id);
    expect((await staffOrders(t)).some((o) => o.orderId === refused.body.orderId)).toBe(false);
    t.faulty.diskFull(false);
    await waitForDoc(b.doc, (doc) => replicatedIds(doc).includes(edit.id));
    expect(replicatedIds(b.doc).filter((id) => id === edit.id)).toHaveLength(1);
    expect((await api(t, 'POST', '/api/fundraisers/demo/orders', order())).status).toBe(201);
  });

  it('the store opens, and serves reads, while the disk is still full after a restart', async () => {
    const t = await boot();
    const placed = await api(t, 'POST', '/api/fundraisers/demo/orders', order());
    const dir = t.dir;
    await t.close();
    const faulty = new FaultyStorageAdapter(new SqliteStorageAdapter(dir)).diskFull(true);
    const app = await createApp({ port: 0, host: '127.0.0.1', dataDir: dir, demoPassword: 'faults', orderRateLimit: 0, storage: faulty, log: () => {} });
    cleanup.push(() => app.close());
    const receipt = await fetch(`${app.url}/api/fundraisers/demo/orders/${placed.body.orderId}?receipt=${placed.body.receipt}`);
    expect(receipt.status).toBe(200);
  });
});

describe('compaction', () => {
  it('a failed compaction leaves the log loadable: everything is there after a restart, and the next compaction runs', async () => {
    const t = await boot(undefined, 5);
    t.faulty.failNextMatching(isCompaction);
    const [a, b] = [connect(t, CLERK), connect(t, MANAGER)];
    await Promise.all([ready(a), ready(b)]);
    const edits = Array.from({ length: 14 }, () => event(CLERK));
    for (const e of edits) a.doc.getArray('replicated').push([e]); // one update each: compaction is due twice
    await waitForDoc(b.doc, (doc) => edits.every((e) => replicatedIds(doc).includes(e.id)));
    const again = await t.restart();
    const c = connect(again, MANAGER);
    await ready(c);
    for (const e of edits) expect(replicatedIds(c.doc).filter((id) => id === e.id)).toHaveLength(1);
    const rows = await again.faulty.loadRange(['doc', 'demo']);
    expect(rows.some((row) => row.key[2] === 's')).toBe(true); // a later compaction succeeded
  });
});

describe('a lying disk (the write is skipped, yet reported done)', () => {
  it("loses the server's copy of the last update, and the device that still holds it sends it again", async () => {
    const t = await boot();
    const a = connect(t, CLERK);
    await ready(a);
    t.faulty.failNextMatching(isDocUpdate, 'skip');
    const edit = event(CLERK);
    a.doc.getArray('replicated').push([edit]);
    const b = connect(t, MANAGER);
    await waitForDoc(b.doc, (doc) => replicatedIds(doc).includes(edit.id));
    a.provider.disconnect();
    const again = await t.restart();
    const lost = connect(again, MANAGER);
    await ready(lost);
    expect(replicatedIds(lost.doc)).not.toContain(edit.id); // the lie, made visible
    const healed = device(again, CLERK);
    cleanup.push(() => healed.destroy());
    Y.applyUpdate(healed.doc, Y.encodeStateAsUpdate(a.doc)); // the device's local store
    await waitForDoc(lost.doc, (doc) => replicatedIds(doc).includes(edit.id));
  });
});

describe('a damaged record', () => {
  // One server, four fundraisers: 'demo' (website orders) and 'torn' and 'gap' (device
  // edits) get one record damaged each while the server is down; 'fine' is left alone.
  const damage: Record<string, (bytes: Uint8Array) => { op: 'save'; data: Uint8Array } | { op: 'remove' }> = {
    demo: (bytes) => ({ op: 'save', data: bytes.map((b) => b ^ 0xa5) }), // garbage bytes
    torn: (bytes) => ({ op: 'save', data: bytes.slice(0, Math.floor(bytes.length / 2)) }), // its first half
    gap: () => ({ op: 'remove' }), // a missing record
  };

  it('garbage, torn or missing: quarantines that fundraiser only, leaves its records in place; the others keep serving', async () => {
    const t = await boot();
    for (const name of ['A', 'B', 'C']) expect((await api(t, 'POST', '/api/fundraisers/demo/orders', order(name))).status).toBe(201);
    for (const fid of ['torn', 'gap', 'fine']) await threeEdits(t, fid);
    const dir = t.dir;
    await t.close();

    const raw = new SqliteStorageAdapter(dir);
    const before = new Map<string, unknown>();
    for (const [fid, damageOf] of Object.entries(damage)) {
      const victim = updateKey(fid, 2); // demo: the first website order (the seed is update 1)
      const op = damageOf((await raw.load(victim))!);
      await (op.op === 'save' ? raw.save(victim, op.data) : raw.remove(victim));
      before.set(fid, await raw.loadRange(['doc', fid]));
    }
    await raw.close();

    const again = await boot(dir);
    // The catalog can still come from the read model stored at the clean shutdown (derived
    // from the log before it was damaged); the first command loads the log and finds it.
    const command = await api(again, 'POST', '/api/fundraisers/demo/orders', order('D'));
    expect([command.status, command.body.error.code]).toEqual([503, 'unavailable']);
    const catalog = await api(again, 'GET', '/api/fundraisers/demo');
    expect([catalog.status, catalog.body.error.code]).toEqual([503, 'unavailable']);
    for (const fid of Object.keys(damage)) {
      const refused = connect(again, MANAGER, fid);
      expect((await closedWith(refused)).code, fid).toBe(4500);
      refused.destroy();
      expect(await again.faulty.loadRange(['doc', fid]), fid).toEqual(before.get(fid)); // nothing moved or overwritten
      expect((await again.faulty.loadRange(['quarantine', fid])).length, fid).toBeGreaterThan(0);
    }
    const fine = connect(again, MANAGER, 'fine');
    await waitForDoc(fine.doc, (doc) => doc.getArray('replicated').length === 3);
    fine.doc.getArray('replicated').push([event(MANAGER)]);
    const reader = connect(again, CLERK, 'fine');
    await waitForDoc(reader.doc, (doc) => doc.getArray('replicated').length === 4);
  });
});

/** Three device edits, each its own stored update, seen relayed by a second device. */
async function threeEdits(t: TestApp, fid: string): Promise<void> {
  const writer = connect(t, CLERK, fid);
  const seen = connect(t, MANAGER, fid);
  await Promise.all([ready(writer), ready(seen)]);
  for (let n = 1; n <= 3; n++) {
    writer.doc.getArray('replicated').push([event(CLERK)]);
    await waitForDoc(seen.doc, (doc) => doc.getArray('replicated').length === n);
  }
  writer.destroy();
  seen.destroy();
}
