// Group commit of website orders (sync-server/api/order-batch.ts): orders that arrive while
// a commit is in flight are decided together and stored in ONE storage write, each against
// the units the orders before it took; a failed write fails every member and relays nothing.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { WebsiteOrderRequest } from '../../sync-server/api/fundraisers';
import { FaultyStorageAdapter } from '../../sync-server/storage/faulty';
import { SqliteStorageAdapter } from '../../sync-server/storage/sqlite';
import { device, MANAGER, startApp, until, type TestApp } from '../support/app';
import { HoldingAdapter } from './storage-wrappers';

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

async function start(): Promise<{ test: TestApp; holding: HoldingAdapter; faulty: FaultyStorageAdapter }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fo-group-'));
  const faulty = new FaultyStorageAdapter(new SqliteStorageAdapter(dir));
  const holding = new HoldingAdapter(faulty);
  const test = await startApp({ storage: holding }, dir);
  cleanup.push(() => test.close());
  return { test, holding, faulty };
}

const order = (name: string, itemId = 'spaghetti', extra: Partial<WebsiteOrderRequest> = {}): WebsiteOrderRequest => ({
  customer: { name }, lines: [{ itemId, quantity: 1 }], ...extra,
});

/** Places `first` and holds its commit open, so that the orders placed next queue behind it. */
async function behindAHeldCommit(test: TestApp, holding: HoldingAdapter, first: WebsiteOrderRequest) {
  const gate = holding.holdNextBatch();
  const placed = test.app.fundraisers.placeOrder('demo', first);
  await gate.reached;
  return { placed, release: gate.release };
}

describe('group commit of website orders', () => {
  it('orders that arrive during a commit are stored together in one write, with consecutive numbers', async () => {
    const { test, holding } = await start();
    const held = await behindAHeldCommit(test, holding, order('First'));
    const committed = holding.committed;
    const queued = Array.from({ length: 10 }, (_, i) => test.app.fundraisers.placeOrder('demo', order(`Queued ${i}`)));
    held.release();
    const answers = await Promise.all([held.placed, ...queued]);
    expect(answers.map((a) => a?.ok && a.status)).toEqual(Array(11).fill(201));
    expect(holding.committed - committed).toBe(2); // the held order's write, then one for the ten
    const numbers = answers.map((a) => (a?.ok ? Number(a.value.orderNumber.slice(2)) : NaN));
    expect(numbers).toEqual(numbers.map((_, i) => numbers[0]! + i));
  });

  it('a batch never sells more than is left: each order is decided against the ones before it', async () => {
    const { test, holding } = await start();
    const held = await behindAHeldCommit(test, holding, order('First', 'tiramisu'));
    const queued = Array.from({ length: 30 }, (_, i) => test.app.fundraisers.placeOrder('demo', order(`Queued ${i}`, 'tiramisu')));
    held.release();
    const answers = await Promise.all(queued);
    expect(answers.filter((a) => a?.ok)).toHaveLength(24); // 25 units, the held order took one
    expect(answers.slice(24).map((a) => a && !a.ok && a.error.code)).toEqual(Array(6).fill('sold_out'));
    const item = await test.app.fundraisers.read('demo', (p) => p.item('tiramisu'));
    expect(item).toMatchObject({ sold: 25, available: 0 });
  });

  it('the same idempotency key twice in one batch: one order, the first answer twice', async () => {
    const { test, holding } = await start();
    const held = await behindAHeldCommit(test, holding, order('First'));
    const body = order('Twice', 'spaghetti', { idempotencyKey: 'batch-key-0001' });
    const [a, b] = [test.app.fundraisers.placeOrder('demo', body), test.app.fundraisers.placeOrder('demo', body)];
    held.release();
    const [first, second] = await Promise.all([a, b, held.placed]);
    expect(second?.ok && second.value).toEqual(first?.ok && first.value); // a replay answers 200, as it does serially
    const orders = await test.app.fundraisers.read('demo', (p) => p.orders().filter((o) => o.customer.name === 'Twice'));
    expect(orders).toHaveLength(1);
  });

  it('a failed write fails every member of the batch; none is relayed, and no number is used up', async () => {
    const { test, holding, faulty } = await start();
    const manager = device(test, MANAGER);
    cleanup.push(() => manager.destroy());
    const seen = new Set<string>(); // customer names of every website order the manager ever held
    const website = manager.doc.getArray<{ data: { customer?: { name: string } } }>('website');
    manager.doc.on('update', () => website.forEach((e) => e.data.customer && seen.add(e.data.customer.name)));
    const held = await behindAHeldCommit(test, holding, order('First'));
    const queued = Array.from({ length: 5 }, (_, i) => test.app.fundraisers.placeOrder('demo', order(`Lost ${i}`)));
    faulty.failWrite(2); // write 1 is the held order's, write 2 the batch behind it
    held.release();
    const first = await held.placed;
    const outcomes = await Promise.allSettled(queued);
    expect(outcomes.map((o) => o.status)).toEqual(Array(5).fill('rejected'));
    const after = await test.app.fundraisers.placeOrder('demo', order('After'));
    expect(after?.ok && first?.ok && Number(after.value.orderNumber.slice(2))).toBe(first?.ok && Number(first.value.orderNumber.slice(2)) + 1);
    await until(manager.doc, () => seen.has('After'));
    expect(seen.has('First')).toBe(true);
    expect([...seen].filter((name) => name.startsWith('Lost'))).toEqual([]); // seen: every name the manager ever held
    const names = await test.app.fundraisers.read('demo', (p) => p.orders().map((o) => o.customer.name).filter((n) => n.startsWith('Lost')));
    expect(names).toEqual([]);
  });
});
