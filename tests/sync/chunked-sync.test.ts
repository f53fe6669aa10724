// syncAnswer (client/device/chunked-sync.ts): the pieces of a device's too-large sync answer
// each apply completely, in the order given, on top of what the server holds.
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { syncAnswer } from '../../client/device/chunked-sync';

const chunksOver = (doc: Y.Doc, theirs: Uint8Array, maxBytes: number) => syncAnswer(doc, theirs, maxBytes).pieces;

function event(n: number): Record<string, unknown> {
  return { id: `e-${n}`, note: 'x'.repeat(200) };
}

/** The server holds the first 5 events; then writers append in turn, in the id order given. */
function setUp(writers: number[], perWriter: number) {
  const device = new Y.Doc();
  device.clientID = 1;
  device.getArray('replicated').push([0, 1, 2, 3, 4].map(event));
  const server = new Y.Doc();
  Y.applyUpdate(server, Y.encodeStateAsUpdate(device));
  let n = 5;
  for (const clientID of writers) {
    device.clientID = clientID;
    for (let i = 0; i < perWriter; i++) device.getArray('replicated').push([event(n++)]);
  }
  return { device, server };
}

function applyEach(server: Y.Doc, chunks: Uint8Array[]): boolean[] {
  return chunks.map((chunk) => {
    Y.applyUpdate(server, chunk);
    return server.store.pendingStructs === null;
  });
}

describe('splitting a sync answer over the message limit', () => {
  it('one piece per writer or more writers together, each complete in turn, the server ending equal', () => {
    const { device, server } = setUp([10, 20, 30, 40], 10);
    const chunks = chunksOver(device, Y.encodeStateVector(server), 6_000)!;
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.every((c) => c.byteLength <= 6_000)).toBe(true);
    expect(applyEach(server, chunks)).toEqual(chunks.map(() => true));
    expect(server.getArray('replicated').toJSON()).toEqual(device.getArray('replicated').toJSON());
  });

  it('orders writers by what they append after, not by id (Yjs lists ids falling)', () => {
    const { device, server } = setUp([10, 20, 30], 10);
    const naive = [30, 20, 10].map((c) => Y.encodeStateAsUpdate(device, Y.encodeStateVector(new Map([[1, 5], [10, 10], [20, 10], [30, 10]].map(([k, v]) => [k!, k === c ? 0 : v!])))));
    const probe = new Y.Doc();
    Y.applyUpdate(probe, Y.encodeStateAsUpdate(server));
    expect(applyEach(probe, naive)[0]).toBe(false); // the scenario needs ordering
    const chunks = chunksOver(device, Y.encodeStateVector(server), 3_000)!;
    expect(chunks.length).toBe(3);
    expect(applyEach(server, chunks)).toEqual([true, true, true]);
  });

  it('writers that depend on each other both ways go together', () => {
    const { device, server } = setUp([10, 20, 10, 20], 5);
    const chunks = chunksOver(device, Y.encodeStateVector(server), 100)!;
    expect(chunks.length).toBe(1);
    expect(applyEach(server, chunks)).toEqual([true]);
    expect(server.getArray('replicated').length).toBe(25);
  });

  it('sends an answer that fits whole, as the stock provider would', () => {
    const { device, server } = setUp([10], 2);
    const answer = syncAnswer(device, Y.encodeStateVector(server), 1 << 20);
    expect(answer.pieces).toBeUndefined();
    expect(answer.whole).toEqual(Y.encodeStateAsUpdate(device, Y.encodeStateVector(server)));
  });
});
