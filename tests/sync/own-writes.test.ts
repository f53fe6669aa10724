// A tab's own writes move to a fresh clientID every CLIENT_ID_RUN events (own-writes.ts), and
// the pool (client-id.ts) never hands out an id that has written a full run, nor one whose
// writes the local copy lacks. The pool's storage and Web Locks are exercised in Chromium
// (tests/browser/client-id-pool.test.ts); these are the rules themselves, in Node.
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Awareness } from 'y-protocols/awareness';
import { CLIENT_ID_RUN, OwnWrites, presenceFollows } from '../../client/device/own-writes';
import { reusable, trimPool } from '../../client/device/client-id';

const event = (i: number) => ({ id: `e-${i}` });

/** The clientID of each element of `array`, in order. */
function writersOf(array: Y.Array<unknown>): number[] {
  const clients: number[] = [];
  for (let item = array._start; item; item = item.right) {
    for (let i = 0; i < item.length; i++) clients.push(item.id.client);
  }
  return clients;
}

const runLengths = (clients: number[]) => [...new Set(clients)].map((c) => clients.filter((x) => x === c).length);

describe('own writes', () => {
  it('move to a fresh clientID after CLIENT_ID_RUN one-event transactions, and report each move', () => {
    const doc = new Y.Doc();
    const replicated = doc.getArray<unknown>('replicated');
    const moves: [number, number][] = [];
    const writes = new OwnWrites(doc, (from, to) => moves.push([from, to]));
    const first = doc.clientID;
    const total = 2 * CLIENT_ID_RUN + 500;
    for (let i = 0; i < total; i++) writes.append(replicated, [event(i)], 'test');
    const clients = writersOf(replicated);
    expect(runLengths(clients)).toEqual([CLIENT_ID_RUN, CLIENT_ID_RUN, 500]);
    const ids = [...new Set(clients)];
    expect(ids[0]).toBe(first);
    expect(moves).toEqual([[ids[0], ids[1]], [ids[1], ids[2]]]);
    expect(replicated.toArray()).toEqual(Array.from({ length: total }, (_, i) => event(i)));
  });

  it('continue a reused id only up to the end of its run, counted by the clock it already has', () => {
    const before = new Y.Doc();
    before.clientID = 4242;
    before.getArray('replicated').push(Array.from({ length: CLIENT_ID_RUN - 100 }, (_, i) => event(i)));
    const doc = new Y.Doc();
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(before)); // as a reload loads it
    doc.clientID = 4242;
    const replicated = doc.getArray<unknown>('replicated');
    const writes = new OwnWrites(doc);
    for (let i = 0; i < 150; i++) writes.append(replicated, [event(1_000 + i)], 'test');
    expect(runLengths(writersOf(replicated))).toEqual([CLIENT_ID_RUN, 50]);
    expect(doc.clientID).not.toBe(4242);
  });

  it('take the presence along, so that y-websocket can announce [doc.clientID] on its next connect', () => {
    const doc = new Y.Doc();
    const awareness = new Awareness(doc);
    awareness.setLocalStateField('user', 'clerk');
    const writes = new OwnWrites(doc, (_from, to) => presenceFollows(awareness, to), 1);
    const first = doc.clientID;
    writes.append(doc.getArray('replicated'), [event(1)], 'test');
    writes.append(doc.getArray('replicated'), [event(2)], 'test');
    expect(awareness.clientID).toBe(doc.clientID);
    expect([...awareness.getStates().keys()]).toEqual([doc.clientID]);
    expect(awareness.getLocalState()).toEqual({ user: 'clerk' });
    expect(awareness.meta.get(first)?.clock).toBe(2); // its removal is announced with a newer clock
    expect(awareness.meta.get(doc.clientID)?.clock).toBe(3); // goes on from there: peers ignore a new client at clock 0
    awareness.destroy();
  });
});

describe('clientID pool rules', () => {
  const loaded = new Map([[1, 10], [2, CLIENT_ID_RUN], [3, 5]]);
  const stateOf = (id: number) => loaded.get(id) ?? 0;

  it('reuse only ids that have not written a full run and whose writes the copy holds', () => {
    expect(reusable({ id: 1, clock: 10 }, stateOf)).toBe(true);
    expect(reusable({ id: 2, clock: CLIENT_ID_RUN }, stateOf)).toBe(false); // retired
    expect(reusable({ id: 2, clock: 900 }, stateOf)).toBe(false); // retired, though the record lags
    expect(reusable({ id: 3, clock: 6 }, stateOf)).toBe(false); // one own write the copy lost
    expect(reusable({ id: 4, clock: 0 }, stateOf)).toBe(true); // drawn, never written
  });

  it('keep at most 8 entries, dropping retired ones first', () => {
    const retired = [11, 12, 13].map((id) => ({ id, clock: CLIENT_ID_RUN + id }));
    const live = [21, 22, 23, 24, 25, 26, 27].map((id) => ({ id, clock: id }));
    const trimmed = trimPool([retired[0]!, live[0]!, retired[1]!, ...live.slice(1), retired[2]!]);
    expect(trimmed.map((e) => e.id)).toEqual([13, 21, 22, 23, 24, 25, 26, 27]);
  });
});
