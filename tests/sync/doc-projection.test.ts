// The Yjs adapter keeps a Projection equal to a full fold of the document's arrays, even
// when concurrent appends from other replicas land before elements already applied.
import { describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { Projection } from '../../domain';
import type { Actor } from '../../domain';
import { attachProjection } from '../../sync-server/shared/doc-projection';
import { event, placed, waffles, WEBSITE } from '../domain/fixtures';

function canonical(p: Projection) {
  const orders = p.orders().sort((a, b) => (a.orderId < b.orderId ? -1 : 1));
  return JSON.stringify({ orders, items: p.items(), conflicts: p.conflicts(), rejected: p.rejected().length, open: p.websiteOpen });
}

function refold(doc: Y.Doc): Projection {
  return Projection.fold(doc.getArray('website').toArray(), doc.getArray('replicated').toArray());
}

/** A tiny seeded PRNG (mulberry32): the same seed gives the same schedule. */
function prng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function device(n: number): Actor {
  return { role: 'clerk', userId: `clerk${n}`, deviceId: `dev-${n}` };
}

function randomAction(doc: Y.Doc, n: number, step: number, random: () => number): void {
  const orderId = `o${Math.floor(random() * 6)}`;
  const actor = device(n);
  const id = `e-${n}-${step}`;
  const choice = random();
  const replicated = doc.getArray('replicated');
  if (choice < 0.25) replicated.push([placed(orderId, actor, 1 + Math.floor(random() * 3), { id })]);
  else if (choice < 0.45) replicated.push([event('OrderCheckedIn', { orderId }, actor, { id })]);
  else if (choice < 0.65) replicated.push([event('OrderCancelled', { orderId }, actor, { id })]);
  else if (choice < 0.85) replicated.push([event('PaymentRecorded', { orderId, paymentId: id, amountCents: 350, method: 'cash' }, actor, { id })]);
  else doc.getArray('website').push([placed(orderId, WEBSITE, 1, { id: `w-${id}` })]);
}

describe('attachProjection', () => {
  it('folds what the document holds when attached', () => {
    const doc = new Y.Doc();
    doc.getArray('replicated').push([waffles()]);
    doc.getArray('website').push([placed('o1', WEBSITE)]);
    const { projection } = attachProjection(doc);
    expect(projection.order('o1')?.totalCents).toBe(700);
    expect(canonical(projection)).toBe(canonical(refold(doc)));
  });

  it('reports which orders a transaction changed', () => {
    const doc = new Y.Doc();
    const attached = attachProjection(doc);
    const seen: string[][] = [];
    attached.onChange((changes) => seen.push(changes.orderIds));
    doc.transact(() => {
      doc.getArray('replicated').push([waffles()]);
      doc.getArray('website').push([placed('o1', WEBSITE), placed('o2', WEBSITE)]);
    });
    expect(seen).toEqual([['o1', 'o2']]);
  });

  it('places a concurrent append that Yjs orders before an applied element at its index', () => {
    const [a, b] = [new Y.Doc(), new Y.Doc()];
    a.clientID = 1; // Yjs orders concurrent inserts at one position by clientID: 1 before 2
    b.clientID = 2;
    const attached = attachProjection(b);
    a.getArray('replicated').push([placed('o1', device(1), 1, { id: 'from-a' })]);
    b.getArray('replicated').push([placed('o2', device(2), 1, { id: 'from-b' })]);
    const insert = vi.spyOn(attached.projection, 'insert');
    exchange(a, b);
    expect(insert).toHaveBeenCalledWith('replicated', 0, [expect.objectContaining({ id: 'from-a' })]);
    expect(b.getArray<{ id: string }>('replicated').toArray().map((e) => e.id)).toEqual(['from-a', 'from-b']);
    expect(canonical(attached.projection)).toBe(canonical(refold(b)));
  });

  // A local transaction is diffed under the doc's clientID only; these are the two ways
  // other clients' items get into one, and each must be seen.
  it('sees every writer of a local transaction that applied an update or changed clientID', () => {
    const [a, b] = [new Y.Doc(), new Y.Doc()];
    const attached = attachProjection(b);
    a.getArray('replicated').push([placed('o1', device(1), 1, { id: 'from-a' })]);
    b.transact(() => {
      b.getArray('replicated').push([placed('o2', device(2), 1, { id: 'from-b' })]);
      exchange(a, b);
    });
    b.transact(() => {
      b.getArray('replicated').push([placed('o3', device(2), 1, { id: 'before-switch' })]);
      b.clientID += 1;
      b.getArray('replicated').push([placed('o4', device(2), 1, { id: 'after-switch' })]);
    });
    expect(attached.projection.size.replicated).toBe(4);
    expect(canonical(attached.projection)).toBe(canonical(refold(b)));
  });

  it.each([1, 2, 3, 4, 5, 6, 7, 8])('seed %i: replicas exchanging concurrent updates keep incremental = refold', (seed) => {
    const random = prng(seed);
    const docs = [0, 1, 2].map(() => new Y.Doc());
    const attached = docs.map((doc) => attachProjection(doc));
    docs[0]!.getArray('replicated').push([waffles(20)]);
    for (let step = 0; step < 120; step++) {
      const n = Math.floor(random() * docs.length);
      if (random() < 0.7) randomAction(docs[n]!, n, step, random);
      else exchange(docs[n]!, docs[Math.floor(random() * docs.length)]!);
    }
    for (const a of docs) for (const b of docs) exchange(a, b);
    const expected = canonical(refold(docs[0]!));
    docs.forEach((doc, i) => {
      expect(canonical(refold(doc))).toBe(expected);
      expect(canonical(attached[i]!.projection)).toBe(expected);
    });
  });
});

function exchange(from: Y.Doc, to: Y.Doc): void {
  if (from === to) return;
  Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)));
}
