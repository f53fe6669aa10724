// The fault injector is a test tool; these pin down what each mode leaves behind.

import { describe, expect, it } from 'vitest';
import { DiskFullError, FaultyStorageAdapter, InjectedFaultError } from '../../sync-server/storage/faulty.js';
import { MemoryStorageAdapter } from '../../sync-server/storage/memory.js';

const u = (...values: number[]) => new Uint8Array(values);

function setup() {
  const inner = new MemoryStorageAdapter();
  return { inner, faulty: new FaultyStorageAdapter(inner) };
}

describe('FaultyStorageAdapter', () => {
  it('breaks exactly the n-th write from now, then behaves again', async () => {
    const { inner, faulty } = setup();
    faulty.failWrite(2);
    await faulty.save(['a'], u(1));
    await expect(faulty.save(['b'], u(1))).rejects.toBeInstanceOf(InjectedFaultError);
    await faulty.save(['c'], u(1));
    expect([await inner.load(['a']), await inner.load(['b']), await inner.load(['c'])]).toEqual([u(1), undefined, u(1)]);
    expect(faulty.writes).toBe(3);
  });

  it("'tear' stores half of a save's bytes and half of a batch's ops", async () => {
    const { inner, faulty } = setup();
    faulty.failWrite(1, 'tear').failWrite(2, 'tear');
    await expect(faulty.save(['s'], u(1, 2, 3, 4))).rejects.toThrow(/tear/);
    const ops = ['w', 'x', 'y', 'z'].map((k) => ({ op: 'save' as const, key: [k], data: u(1) }));
    await expect(faulty.saveBatch(ops)).rejects.toThrow(/tear/);
    expect(await inner.load(['s'])).toEqual(u(1, 2));
    expect((await Promise.all(['w', 'x', 'y', 'z'].map((k) => inner.load([k])))).map(Boolean)).toEqual([true, true, false, false]);
  });

  it("'ack-lost' writes everything and still rejects", async () => {
    const { inner, faulty } = setup();
    faulty.failWrite(1, 'ack-lost');
    await expect(faulty.remove(['nothing'])).rejects.toThrow(/ack-lost/);
    faulty.failWrite(1, 'ack-lost');
    await expect(faulty.save(['k'], u(5))).rejects.toThrow(/ack-lost/);
    expect(await inner.load(['k'])).toEqual(u(5));
  });

  it("'skip' writes nothing and still resolves", async () => {
    const { inner, faulty } = setup();
    faulty.failWrite(1, 'skip');
    await faulty.save(['k'], u(1));
    expect(await inner.load(['k'])).toBeUndefined();
  });

  it('breaks the next write whose ops match, once', async () => {
    const { inner, faulty } = setup();
    faulty.failNextMatching((ops) => ops.some((op) => op.key[0] === 'doc'));
    await faulty.save(['other'], u(1));
    await expect(faulty.saveBatch([{ op: 'save', key: ['doc', 'x'], data: u(2) }])).rejects.toBeInstanceOf(InjectedFaultError);
    await faulty.saveBatch([{ op: 'save', key: ['doc', 'y'], data: u(3) }]);
    expect([await inner.load(['other']), await inner.load(['doc', 'x']), await inner.load(['doc', 'y'])]).toEqual([u(1), undefined, u(3)]);
  });

  it('a full disk fails every write with ENOSPC until space is back', async () => {
    const { inner, faulty } = setup();
    faulty.diskFull(true);
    await expect(faulty.save(['a'], u(1))).rejects.toMatchObject({ code: 'ENOSPC' });
    await expect(faulty.saveBatch([{ op: 'save', key: ['b'], data: u(1) }])).rejects.toBeInstanceOf(DiskFullError);
    faulty.diskFull(false);
    await faulty.save(['c'], u(1));
    expect([await inner.load(['a']), await inner.load(['b']), await inner.load(['c'])]).toEqual([undefined, undefined, u(1)]);
  });
});
