// The server's own appends are encoded on the main thread (sync-server/server-append.ts)
// instead of on a shadow doc in the staging worker: the bytes must be exactly Yjs's own.
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { LogName } from '../../domain/events';
import { ClientBindings } from '../../sync-server/client-bindings';
import { encodeServerAppend, ServerWriter } from '../../sync-server/server-append';
import { MemoryStorageAdapter } from '../../sync-server/storage/memory';
import { CLERK, placed, WEBSITE } from '../domain/fixtures';

const SERVER = 1_000_001;
const DEVICE = 2_000_002;
let n = 0;
const events = (log: LogName, count: number) => Array.from({ length: count }, () => placed(`o-${++n}`, log === 'website' ? WEBSITE : CLERK));

/** What Yjs emits for the same push, on a copy of `doc`. */
function yjsPush(doc: Y.Doc, log: LogName, clientId: number, values: unknown[]): Uint8Array {
  const copy = new Y.Doc();
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
  copy.getArray(log).length; // eslint-disable-line @typescript-eslint/no-unused-expressions
  copy.clientID = clientId;
  let update: Uint8Array | undefined;
  copy.on('update', (u: Uint8Array) => (update = u));
  copy.transact(() => copy.getArray(log).push(values));
  return update!;
}

/** Appends as the server would (encode, then apply) and checks the bytes against Yjs's. */
function appendChecked(doc: Y.Doc, log: LogName, clientId: number, values: unknown[]): void {
  const ours = encodeServerAppend(doc, log, clientId, values);
  expect(ours).toEqual(yjsPush(doc, log, clientId, values));
  Y.applyUpdate(doc, ours);
}

describe('encoding the server’s append on the main thread', () => {
  it('equals Yjs’s push: empty array, after another client, again (merged run), and between interleaved writers', () => {
    const doc = new Y.Doc();
    appendChecked(doc, 'website', SERVER, events('website', 1));
    appendChecked(doc, 'replicated', DEVICE, events('replicated', 3));
    appendChecked(doc, 'website', SERVER, events('website', 2));
    appendChecked(doc, 'replicated', SERVER, events('replicated', 1));
    appendChecked(doc, 'replicated', DEVICE, events('replicated', 1));
    appendChecked(doc, 'replicated', SERVER + 1, events('replicated', 2));
    expect(doc.getArray('website').length).toBe(3);
    expect(doc.getArray('replicated').length).toBe(7);
  });

  it('finds the end from Yjs’s search markers in a long array', () => {
    const doc = new Y.Doc();
    for (let i = 0; i < 40; i++) appendChecked(doc, 'website', i % 2 ? SERVER : DEVICE, events('website', 3));
    doc.getArray('website').get(70); // reading by index leaves search markers behind
    appendChecked(doc, 'website', SERVER, events('website', 1));
    expect(doc.getArray('website').length).toBe(121);
  });

  it('refuses an invalid event instead of encoding it', () => {
    expect(() => encodeServerAppend(new Y.Doc(), 'website', SERVER, [{ type: 'OrderPlaced' }])).toThrow(/invalid website event/);
  });

  it('after a store that failed, which may yet have committed, the next append takes a fresh clientID: both land if the first did', async () => {
    const doc = new Y.Doc();
    const writer = new ServerWriter(doc, await ClientBindings.load(new MemoryStorageAdapter(), 'f'), 1_000);
    const lost = writer.prepare('website', events('website', 1)); // its answer was lost: the live doc does not hold it
    writer.failed();
    const next = writer.prepare('website', events('website', 1));
    Y.applyUpdate(doc, lost.update); // both were stored: the room pulls them from the log
    Y.applyUpdate(doc, next.update);
    expect(doc.getArray('website').length).toBe(2); // with the same clientID and clock, Yjs would keep only one
  });
});
