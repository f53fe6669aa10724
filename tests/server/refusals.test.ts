// Every way a device update may do more than append valid events to `replicated` closes
// the connection (4400, or 4413 when too large) and leaves no trace: not on another
// connected device, not in storage (checked after a restart).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DocStore } from '../../sync-server/storage/doc-store';
import { SqliteStorageAdapter } from '../../sync-server/storage/sqlite';
import {
  captureUpdate, CLERK, CLERK_2, connectDevice, ids, MANAGER, placedBy, rawSync, startServer, synced,
  updateFrame, waitForDoc, withTimeout, type Device, type TestServer,
} from './helpers';

// One server for all cases, one fundraiser per case; the last test restarts it and checks
// every fundraiser at once (a restart per case would cost a second each).
const LIMIT = 64 * 1024;
let ts: TestServer;
const devices: Device[] = [];
/** fid → the events that must be all there is, after the refusal. */
const expected = new Map<string, unknown[]>();

beforeAll(async () => {
  ts = await startServer({ limits: { maxMessageBytes: LIMIT } });
});
// Each case's devices go when it ends: a stock provider adds a process 'exit' listener, and
// keeping every case's until the end warned of a leak (11 listeners).
afterEach(() => devices.splice(0).forEach((d) => d.destroy()));
afterAll(async () => {
  await ts.close();
});

interface Scene {
  fid: string;
  a: Device;
  b: Device;
  first: Record<string, unknown>;
}

function device(actor: typeof CLERK, fid: string): Device {
  const d = connectDevice(ts, actor, { fid });
  devices.push(d);
  return d;
}

async function scene(fid: string): Promise<Scene> {
  const [a, b] = [device(CLERK, fid), device(CLERK_2, fid)];
  await Promise.all([synced(a), synced(b)]);
  const first = placedBy(CLERK);
  a.push(first);
  await waitForDoc(b.doc, (doc) => doc.getArray('replicated').length === 1);
  return { fid, a, b, first };
}

/** A raw doc holding what the server has, so hostile edits can build on it. */
function replicaOf(device: Device, clientID?: number): Y.Doc {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(device.doc));
  // After applying: Yjs picks a new clientID when an update uses the doc's own.
  if (clientID !== undefined) doc.clientID = clientID;
  return doc;
}

function fresh(build: (doc: Y.Doc) => void): Uint8Array {
  const doc = new Y.Doc();
  return captureUpdate(doc, () => build(doc));
}

const WEBSITE = { role: 'website', userId: 'website', deviceId: 'server' };

type Case = { name: string; token?: typeof CLERK; code: number; reason: RegExp; update: (s: Scene) => Uint8Array };
const cases: Case[] = [
  { name: 'deletes an event', code: 4400, reason: /deletes/, update: (s) => { const d = replicaOf(s.a); return captureUpdate(d, () => d.getArray('replicated').delete(0, 1)); } },
  { name: 'writes to the website log', code: 4400, reason: /outside the replicated/, update: () => fresh((d) => d.getArray('website').push([placedBy(WEBSITE as never)])) },
  { name: 'creates a new root', code: 4400, reason: /new root/, update: () => fresh((d) => d.getMap('x').set('k', 1)) },
  { name: 'creates a new root holding a valid event', code: 4400, reason: /new root/, update: () => fresh((d) => d.getArray('other').push([placedBy(CLERK)])) },
  { name: 'nests a shared type', code: 4400, reason: /nested/, update: () => fresh((d) => d.getArray('replicated').push([new Y.Map()])) },
  { name: 'inserts binary content', code: 4400, reason: /ContentBinary/, update: () => fresh((d) => d.getArray('replicated').push([new Uint8Array([1, 2, 3])])) },
  { name: 'inserts a non-JSON value', code: 4400, reason: /plain JSON/, update: () => fresh((d) => d.getArray('replicated').push([{ ...placedBy(CLERK), extra: undefined }])) },
  { name: 'inserts an invalid event', code: 4400, reason: /invalid event/, update: () => fresh((d) => d.getArray('replicated').push([{ hello: 'world' }])) },
  { name: 'hides one invalid event among valid ones', code: 4400, reason: /invalid event/, update: () => fresh((d) => d.getArray('replicated').push([placedBy(CLERK), { ...placedBy(CLERK), type: 'Nope' }])) },
  { name: "names another user as the actor", code: 4400, reason: /actor.userId/, update: () => fresh((d) => d.getArray('replicated').push([placedBy(CLERK_2)])) },
  { name: "claims a role the token doesn't have", code: 4400, reason: /actor.role/, update: () => fresh((d) => d.getArray('replicated').push([placedBy({ ...CLERK, role: 'manager' })])) },
  {
    name: 'writes a type the role may not write', code: 4400, reason: /may not write/,
    update: () => fresh((d) => d.getArray('replicated').push([{ ...placedBy(CLERK), type: 'ItemDefined', data: { itemId: 'w', name: 'W', priceCents: 1, stock: null } }])),
  },
  {
    name: 'marks a conflict handled as a clerk (a manager decides that)', code: 4400, reason: /a clerk may not write ConflictHandled/,
    update: () => fresh((d) => d.getArray('replicated').push([{ ...placedBy(CLERK), type: 'ConflictHandled', data: { conflict: { kind: 'overpaid', orderId: 'o1', eventIds: ['e1'], eventCount: 1 } } }])),
  },
  {
    name: "squats another device's clientID", code: 4400, reason: /clientID/, token: CLERK_2,
    update: (s) => { const d = replicaOf(s.a, s.a.doc.clientID); return captureUpdate(d, () => d.getArray('replicated').push([placedBy(CLERK_2)])); },
  },
  { name: 'is over the size limit', code: 4413, reason: /too large/, update: () => fresh((d) => d.getArray('replicated').push([placedBy(CLERK, { pad: 'x'.repeat(LIMIT) })])) },
];

describe('a refused update leaves no trace', () => {
  it.each(cases.map((c, i) => ({ ...c, fid: `case-${i}` })))('$name → $code', async ({ update, code, reason, token, fid }) => {
    const s = await scene(fid);
    const raw = rawSync(ts, ts.token(token ?? CLERK), fid);
    await raw.opened;
    raw.send(updateFrame(update(s)));
    const closed = await withTimeout(raw.closed, 10_000, 'refusal');
    expect(closed.code).toBe(code);
    expect(closed.reason).toMatch(reason);

    // What the server relays after the refusal arrives after anything the refusal let through.
    const second = placedBy(CLERK);
    s.a.push(second);
    await waitForDoc(s.b.doc, (doc) => doc.getArray('replicated').length >= 2);
    expectOnly(s.b.doc, [s.first, second]);
    expected.set(fid, [s.first, second]);
  });

  it('none of them is in storage or served after a restart', async () => {
    expect(expected.size).toBe(cases.length);
    ts = await ts.restart();
    for (const [fid, events] of expected) {
      const c = device(MANAGER, fid);
      await synced(c);
      expectOnly(c.doc, events);
      expectOnly(await storedDoc(ts, fid), events);
      devices.splice(0).forEach((d) => d.destroy());
    }
  });
});

function expectOnly(doc: Y.Doc, events: unknown[]): void {
  expect(ids(doc.getArray('replicated').toArray())).toEqual(ids(events));
  expect(doc.getArray('website').length).toBe(0);
  expect([...doc.share.keys()].filter((k) => k !== 'website' && k !== 'replicated')).toEqual([]);
}

/** The stored log, read with a second adapter on the same directory. */
async function storedDoc(server: TestServer, fid: string): Promise<Y.Doc> {
  const adapter = new SqliteStorageAdapter(server.dir);
  try {
    const stored = await new DocStore(adapter).loadDoc(fid);
    const doc = new Y.Doc();
    if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
    stored.updates.forEach((u) => Y.applyUpdate(doc, u));
    doc.getArray('replicated');
    doc.getArray('website');
    return doc;
  } finally {
    await adapter.close();
  }
}
