// The happy paths: stock y-websocket clients sync through the server and survive restarts.
import { afterEach, describe, expect, it } from 'vitest';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { MessageType } from '../../sync-server/shared/protocol';
import { DocStore } from '../../sync-server/storage/doc-store';
import {
  CLERK, CLERK_2, connectDevice, FID, ids, MANAGER, placedBy, startServer, synced, waitForDoc,
  type Device, type TestServer,
} from './helpers';

let servers: TestServer[] = [];
let devices: Device[] = [];
afterEach(async () => {
  devices.forEach((d) => d.destroy());
  devices = [];
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

async function start(extra?: Parameters<typeof startServer>[0]): Promise<TestServer> {
  const ts = await startServer(extra);
  servers.push(ts);
  return ts;
}

function device(ts: TestServer, actor = CLERK, opts: Parameters<typeof connectDevice>[2] = {}): Device {
  const d = connectDevice(ts, actor, opts);
  devices.push(d);
  return d;
}

describe('sync between devices', () => {
  it('two devices converge, including edits made before they connected', async () => {
    const ts = await start();
    const offline = new Y.Doc();
    const early = placedBy(CLERK_2);
    offline.getArray('replicated').push([early]);
    const a = device(ts, CLERK);
    const b = device(ts, CLERK_2, { doc: offline });
    await Promise.all([synced(a), synced(b)]);
    const fromA = placedBy(CLERK);
    const fromB = placedBy(CLERK_2);
    a.push(fromA);
    b.push(fromB);
    const all = (doc: Y.Doc) => doc.getArray('replicated').length === 3;
    await Promise.all([waitForDoc(a.doc, all), waitForDoc(b.doc, all)]);
    expect(ids(a.log())).toEqual(ids(b.log()));
    expect(new Set(ids(a.log()))).toEqual(new Set(ids([early, fromA, fromB])));
  });

  it('serves the server appends (website log) to connected devices', async () => {
    const ts = await start();
    const a = device(ts, MANAGER);
    await synced(a);
    const order = { ...placedBy({ role: 'website', userId: 'website', deviceId: 'server' }) };
    await ts.server.rooms.use(FID, (room) => room.appendWebsite([order]));
    await waitForDoc(a.doc, (doc) => doc.getArray('website').length === 1);
    expect(ids(a.doc.getArray('website').toArray())).toEqual(ids([order]));
  });

  it('serves a stored doc complete to a client connecting right after a restart', async () => {
    const ts = await start();
    const a = device(ts, CLERK);
    await synced(a);
    const events = Array.from({ length: 40 }, () => placedBy(CLERK));
    for (const e of events) a.push(e); // 40 transactions → 40 stored updates
    await ts.server.rooms.use(FID, (room) => waitForDoc(room.doc, (doc) => doc.getArray('replicated').length === 40));
    a.destroy();
    const next = await ts.restart();
    servers.push(next);
    const b = device(next, CLERK_2);
    await synced(b);
    expect(ids(b.log())).toEqual(ids(events));
  });

  it('loads a log longer than one load batch, with a snapshot after compaction', async () => {
    const ts = await start();
    const seeded = Array.from({ length: 1_300 }, () => placedBy(MANAGER));
    await ts.server.rooms.use(FID, async (room) => {
      for (const e of seeded) await room.appendReplicated([e]);
    });
    const next = await ts.restart();
    servers.push(next);
    const stored = await new DocStore(next.server.storage).loadDoc(FID);
    expect(stored.snapshot).toBeDefined(); // compaction ran (every 500 updates by default)
    const b = device(next, CLERK);
    await synced(b);
    expect(b.log()).toHaveLength(1_300);
  });

  it('unloads an idle room and loads it again on the next connection', async () => {
    const ts = await start({ idleUnloadMs: 20 });
    const a = device(ts, CLERK);
    await synced(a);
    a.push(placedBy(CLERK));
    await ts.server.rooms.use(FID, (room) => waitForDoc(room.doc, (doc) => doc.getArray('replicated').length === 1));
    a.destroy();
    await waitUntil(() => !ts.server.rooms.isLoaded(FID));
    const b = device(ts, CLERK_2);
    await synced(b);
    expect(b.log()).toHaveLength(1);
  });
});

describe('the server-state question (extension message 100)', () => {
  it('answers, after storing what the connection sent before, with a state vector covering it', async () => {
    const ts = await start();
    const a = device(ts, CLERK);
    await synced(a);
    const answers: Map<number, number>[] = [];
    a.provider.messageHandlers[MessageType.serverState] = (_encoder, decoder) => {
      answers.push(Y.decodeStateVector(decoding.readVarUint8Array(decoder)));
    };
    a.push(placedBy(CLERK), placedBy(CLERK));
    a.push(placedBy(CLERK));
    const question = encoding.createEncoder();
    encoding.writeVarUint(question, MessageType.serverState);
    a.provider.ws!.send(encoding.toUint8Array(question));
    await waitUntil(() => answers.length === 1);
    const mine = Y.getState(a.doc.store, a.doc.clientID);
    expect(answers[0]!.get(a.doc.clientID)).toBe(mine);
    a.destroy();
    const next = await ts.restart(); // what the answer covered is on disk
    servers.push(next);
    const stored = await next.server.rooms.use(FID, async (room) => room.doc.getArray("replicated").length);
    expect(stored).toBe(3);
  });
});

/** For conditions no event announces (a room unloading on a timer): re-checks each tick. */
async function waitUntil(condition: () => boolean, ms = 5_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setImmediate(resolve));
  }
}
