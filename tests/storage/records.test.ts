import { describe, expect, it } from 'vitest';
import { DocStore } from '../../sync-server/storage/doc-store.js';
import { FaultyStorageAdapter, InjectedFaultError } from '../../sync-server/storage/faulty.js';
import { MemoryStorageAdapter } from '../../sync-server/storage/memory.js';
import { CorruptRecordError, Records, recordKeys, recordOps, type Account } from '../../sync-server/storage/records.js';

const alice: Account = { username: 'alice', userId: 'u1', role: 'seller', passwordHash: 'scrypt$abc', fundraisers: ['f1'] };
const text = (s: string) => new TextEncoder().encode(s);

describe('Records: accounts', () => {
  it('round-trips an account; a missing one is undefined', async () => {
    const records = new Records(new MemoryStorageAdapter());
    expect(await records.getAccount('alice')).toBeUndefined();
    await records.putAccount(alice);
    expect(await records.getAccount('alice')).toEqual(alice);
    expect(await records.listAccounts()).toEqual([alice]);
  });

  it('refuses to store an invalid account', async () => {
    const records = new Records(new MemoryStorageAdapter());
    await expect(records.putAccount({ ...alice, passwordHash: '' })).rejects.toThrow(/invalid record/);
    expect(await records.getAccount('alice')).toBeUndefined();
  });

  it.each([
    ['bytes that are not UTF-8', new Uint8Array([0xff, 0xfe])],
    ['text that is not JSON', text('{"username":')],
    ['JSON of the wrong shape', text('{"username":"alice","role":3}')],
    ['another account', text(JSON.stringify({ ...alice, username: 'bob' }))],
  ])('reports %s as CorruptRecordError naming the key', async (_label, data) => {
    const adapter = new MemoryStorageAdapter();
    await adapter.save(recordKeys.account('alice'), data);
    const read = new Records(adapter).getAccount('alice');
    await expect(read).rejects.toBeInstanceOf(CorruptRecordError);
    await expect(read).rejects.toThrow(/\["acct","alice"\]/);
  });
});

describe('Records: receipts and idempotency answers', () => {
  it('round-trips a receipt per fundraiser and order', async () => {
    const records = new Records(new MemoryStorageAdapter());
    await records.putReceipt('f1', 'o1', { secretHash: 'h1' });
    expect(await records.getReceipt('f1', 'o1')).toEqual({ secretHash: 'h1' });
    expect(await records.getReceipt('f2', 'o1')).toBeUndefined();
  });

  it('round-trips any JSON answer, telling a stored null from a missing key', async () => {
    const records = new Records(new MemoryStorageAdapter());
    const answer = { status: 201, body: { orderNumber: 7, lines: [1, 'x', true] } };
    await records.putIdempotent('f1', 'k1', answer);
    await records.putIdempotent('f1', 'k2', null);
    expect(await records.getIdempotent('f1', 'k1')).toEqual(answer);
    expect(await records.getIdempotent('f1', 'k2')).toBeNull();
    expect(await records.getIdempotent('f1', 'k3')).toBeUndefined();
  });
});

describe('Records: order numbers', () => {
  it('hands out 1, 2, 3 per fundraiser and keeps counting after a restart', async () => {
    const adapter = new MemoryStorageAdapter();
    const records = new Records(adapter);
    expect([await records.nextOrderNumber('f1'), await records.nextOrderNumber('f1')]).toEqual([1, 2]);
    expect(await records.nextOrderNumber('f2')).toBe(1);
    expect(await new Records(adapter).nextOrderNumber('f1')).toBe(3);
  });

  it('never hands out the same number to concurrent callers', async () => {
    const records = new Records(new MemoryStorageAdapter());
    const got = await Promise.all(Array.from({ length: 30 }, () => records.nextOrderNumber('f1')));
    expect(got).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
  });

  it('does not consume a number when the commit fails', async () => {
    const records = new Records(new MemoryStorageAdapter());
    await expect(records.allocateOrderNumber('f1', async () => Promise.reject(new Error('no')))).rejects.toThrow('no');
    expect(await records.nextOrderNumber('f1')).toBe(1);
  });

  it('reports a corrupt sequence record instead of restarting at 1', async () => {
    const adapter = new MemoryStorageAdapter();
    await adapter.save(recordKeys.orderSeq('f1'), text('{"next":0}'));
    await expect(new Records(adapter).nextOrderNumber('f1')).rejects.toBeInstanceOf(CorruptRecordError);
  });
});

describe('Records + DocStore: one atomic command', () => {
  // The website command path: event update, receipt, idempotency answer, order-number bump.
  function placeOrder(records: Records, docs: DocStore, orderId: string) {
    return records.allocateOrderNumber('f1', async (n, bump) => {
      const answer = { orderNumber: n };
      const ops = [bump, recordOps.receipt('f1', orderId, { secretHash: `h-${orderId}` }), recordOps.idempotent('f1', orderId, answer)];
      await docs.appendUpdate('f1', new Uint8Array([n]), ops);
      return n;
    });
  }

  it('stores everything together', async () => {
    const adapter = new MemoryStorageAdapter();
    const records = new Records(adapter);
    const docs = new DocStore(adapter);
    expect(await placeOrder(records, docs, 'o1')).toBe(1);
    expect(await placeOrder(records, docs, 'o2')).toBe(2);
    expect(await records.getReceipt('f1', 'o2')).toEqual({ secretHash: 'h-o2' });
    expect(await records.getIdempotent('f1', 'o2')).toEqual({ orderNumber: 2 });
    expect((await docs.loadDoc('f1')).updates).toEqual([new Uint8Array([1]), new Uint8Array([2])]);
  });

  it('stores nothing, and consumes no number, when the batch fails', async () => {
    const adapter = new FaultyStorageAdapter(new MemoryStorageAdapter());
    const records = new Records(adapter);
    const docs = new DocStore(adapter);
    adapter.failWrite(1);
    await expect(placeOrder(records, docs, 'o1')).rejects.toBeInstanceOf(InjectedFaultError);
    expect(await records.getReceipt('f1', 'o1')).toBeUndefined();
    expect(await records.getIdempotent('f1', 'o1')).toBeUndefined();
    expect(await docs.loadDoc('f1')).toEqual({ updates: [], lastSeq: 0 });
    expect(await placeOrder(records, docs, 'o1')).toBe(1);
  });
});
