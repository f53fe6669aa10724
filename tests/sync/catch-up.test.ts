// CatchUpTail (sync-server/room-catch-up.ts): a device's catch-up is served from the bytes of
// the updates the doc applied, and still brings the device to exactly the doc's state.
import * as decoding from 'lib0/decoding';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { CatchUpBudget } from '../../sync-server/catch-up-budget';
import { CatchUpTail } from '../../sync-server/room-catch-up';
import { SyncMessageType } from '../../sync-server/shared/protocol';

const LIMITS = { maxBytes: 1 << 20, maxFrames: 8 };

function batch(doc: Y.Doc, from: number, count: number): void {
  doc.transact(() => doc.getArray('replicated').push(Array.from({ length: count }, (_, i) => ({ id: `e-${from + i}` }))));
}

/** Applies the frames as the stock client does; returns the sync sub-types seen. */
function receive(device: Y.Doc, frames: Uint8Array[]): number[] {
  return frames.map((frame) => {
    const decoder = decoding.createDecoder(frame);
    decoding.readVarUint(decoder); // MessageType.sync
    const sub = decoding.readVarUint(decoder);
    Y.applyUpdate(device, decoding.readVarUint8Array(decoder));
    return sub;
  });
}

/** A batch of `count` events of about 1 KB each. */
function bigBatch(doc: Y.Doc, from: number, count: number): void {
  doc.transact(() => doc.getArray('replicated').push(Array.from({ length: count }, (_, i) => ({ id: `e-${from + i}`, note: 'x'.repeat(1000) }))));
}

/** The device holds every struct the server holds (it may hold its own on top). */
function sameStructs(device: Y.Doc, server: Y.Doc): void {
  expect(Y.encodeStateAsUpdate(server, Y.encodeStateVector(device)).byteLength).toBe(Y.encodeStateAsUpdate(new Y.Doc()).byteLength);
  expect(device.store.pendingStructs).toBeNull();
  expect(device.getArray('replicated').length).toBe(server.getArray('replicated').length + 3);
}

function sameState(a: Y.Doc, b: Y.Doc): void {
  expect(Y.encodeStateVector(a)).toEqual(Y.encodeStateVector(b));
  expect(a.getArray('replicated').toJSON()).toEqual(b.getArray('replicated').toJSON());
  expect(a.store.pendingStructs).toBeNull();
}

function setUp(limits = LIMITS) {
  const server = new Y.Doc();
  batch(server, 0, 10); // loaded before the tail existed
  const device = new Y.Doc();
  Y.applyUpdate(device, Y.encodeStateAsUpdate(server));
  batch(device, 1000, 3); // the device's offline writes
  const tail = new CatchUpTail(server, limits);
  return { server, device, tail };
}

describe('catch-up from the applied updates', () => {
  it('sends the updates the device lacks as they were applied, then a step 2, and the device ends equal', () => {
    const { server, device, tail } = setUp();
    for (let i = 0; i < 4; i++) batch(server, 100 + 10 * i, 10);
    const frames = tail.answer(Y.encodeStateVector(device));
    expect(receive(device, frames)).toEqual([SyncMessageType.update, SyncMessageType.update, SyncMessageType.update, SyncMessageType.update, SyncMessageType.step2]);
    Y.applyUpdate(server, Y.encodeStateAsUpdate(device, Y.encodeStateVector(server)));
    sameState(device, server);
  });

  it('skips updates the device already holds', () => {
    const { server, device, tail } = setUp();
    batch(server, 100, 10);
    Y.applyUpdate(device, Y.encodeStateAsUpdate(server, Y.encodeStateVector(device)));
    batch(server, 200, 10);
    expect(receive(device, tail.answer(Y.encodeStateVector(device)))).toEqual([SyncMessageType.update, SyncMessageType.step2]);
    expect(device.getArray('replicated').length).toBe(10 + 3 + 20);
  });

  it('encodes one step 2 from the doc for a device that lacks what came before the kept updates', () => {
    const { server, tail } = setUp();
    batch(server, 100, 10);
    const stranger = new Y.Doc();
    expect(receive(stranger, tail.answer(Y.encodeStateVector(stranger)))).toEqual([SyncMessageType.step2]);
    sameState(stranger, server);
  });

  it('merges runs of small updates into one frame each, once; big ones go as they are', () => {
    const { server, device, tail } = setUp({ maxBytes: 1 << 22, maxFrames: 4 });
    const other = new Y.Doc();
    Y.applyUpdate(other, Y.encodeStateAsUpdate(device));
    for (let i = 0; i < 3; i++) batch(server, 100 + 10 * i, 10);
    bigBatch(server, 500, 80); // ≥ 64 KiB: stays as it is
    for (let i = 0; i < 3; i++) batch(server, 200 + 10 * i, 10);
    const update = SyncMessageType.update;
    expect(receive(device, tail.answer(Y.encodeStateVector(device)))).toEqual([update, update, update, SyncMessageType.step2]);
    sameStructs(device, server);
    expect(receive(other, tail.answer(Y.encodeStateVector(other)))).toEqual([update, update, update, SyncMessageType.step2]);
    sameStructs(other, server);
  });

  it('encodes one step 2 when even merged the kept updates would take too many frames', () => {
    const { server, device, tail } = setUp({ maxBytes: 1 << 22, maxFrames: 3 });
    for (let i = 0; i < 3; i++) bigBatch(server, 1000 * i, 80);
    expect(receive(device, tail.answer(Y.encodeStateVector(device)))).toEqual([SyncMessageType.step2]);
    sameStructs(device, server);
  });

  it('past its byte bound forgets the oldest updates: a device that lacks them gets a step 2 from the doc', () => {
    const probe = new Y.Doc();
    let batchBytes = 0;
    probe.on('update', (u: Uint8Array) => (batchBytes = u.byteLength));
    batch(probe, 100, 10); // a batch of 10 ids of the same length as below
    const { server, device, tail } = setUp({ maxBytes: 3 * batchBytes, maxFrames: 8 });
    const behind = new Y.Doc();
    Y.applyUpdate(behind, Y.encodeStateAsUpdate(server));
    batch(server, 100, 10);
    Y.applyUpdate(device, Y.encodeStateAsUpdate(server, Y.encodeStateVector(device)));
    for (let i = 0; i < 3; i++) batch(server, 200 + 10 * i, 10); // pushes the first batch out
    expect(receive(behind, tail.answer(Y.encodeStateVector(behind)))).toEqual([SyncMessageType.step2]);
    sameState(behind, server);
    const subs = receive(device, tail.answer(Y.encodeStateVector(device)));
    expect(subs.at(-1)).toBe(SyncMessageType.step2);
    expect(subs).toEqual([SyncMessageType.update, SyncMessageType.update, SyncMessageType.update, SyncMessageType.step2]);
    expect(device.getArray('replicated').length).toBe(10 + 3 + 40);
  });

  it('brings deletions along in the final step 2', () => {
    const { server, device, tail } = setUp();
    batch(server, 100, 10);
    server.getArray('replicated').delete(0, 2);
    receive(device, tail.answer(Y.encodeStateVector(device)));
    expect(device.getArray('replicated').length).toBe(8 + 3 + 10);
  });
});

describe('one budget for the tails of every room', () => {
  /** A room's doc, a device that has nothing yet, the room's tail; `sizes` gets each update's bytes. */
  function room(budget: CatchUpBudget, sizes: number[]) {
    const server = new Y.Doc();
    server.on('update', (u: Uint8Array) => sizes.push(u.byteLength));
    return { server, device: new Y.Doc(), tail: new CatchUpTail(server, LIMITS, budget) };
  }

  it('past the budget, the oldest update kept by any room is forgotten first, and catch-ups stay whole', () => {
    const sizes: number[] = [];
    const first = new Y.Doc();
    first.on('update', (u: Uint8Array) => sizes.push(u.byteLength));
    batch(first, 100, 10); // a first batch's size; later batches of a doc are a few bytes smaller
    const budget = new CatchUpBudget(3 * sizes[0]!);
    const a = room(budget, sizes);
    const b = room(budget, sizes);
    batch(a.server, 100, 10); // a's, the oldest
    batch(b.server, 200, 10);
    batch(b.server, 300, 10);
    expect(budget.keptBytes).toBe(sizes[1]! + sizes[2]! + sizes[3]!);
    batch(a.server, 400, 10); // over budget: a's first batch goes, though a is within its own bound
    expect(budget.keptBytes).toBe(sizes[2]! + sizes[3]! + sizes[4]!);
    expect(receive(a.device, a.tail.answer(Y.encodeStateVector(a.device)))).toEqual([SyncMessageType.step2]);
    sameState(a.device, a.server);
    const update = SyncMessageType.update;
    expect(receive(b.device, b.tail.answer(Y.encodeStateVector(b.device)))).toEqual([update, update, SyncMessageType.step2]);
    sameState(b.device, b.server);
  });

  it('a disposed tail gives its bytes back and keeps no more', () => {
    const sizes: number[] = [];
    const budget = new CatchUpBudget(1 << 20);
    const a = room(budget, sizes);
    const b = room(budget, sizes);
    batch(a.server, 100, 10);
    batch(b.server, 200, 10);
    a.tail.dispose();
    expect(budget.keptBytes).toBe(sizes[1]);
    batch(a.server, 300, 10);
    expect(budget.keptBytes).toBe(sizes[1]);
  });
});
