// Durable before visible, storage failures, hostile bytes, limits and awareness ownership.
import { afterEach, describe, expect, it } from 'vitest';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { FaultyStorageAdapter } from '../../sync-server/storage/faulty';
import { HoldingAdapter } from './storage-wrappers';
import {
  awarenessFrame, captureUpdate, CLERK, CLERK_2, connectDevice, FID, ids, placedBy, providerClosed, rawSync,
  startServer, synced, updateFrame, waitForDoc, withTimeout, type Device, type TestServer,
} from './helpers';

let cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const fn of cleanup.reverse()) await fn();
  cleanup = [];
});

async function start(extra?: Parameters<typeof startServer>[0]): Promise<TestServer> {
  const ts = await startServer(extra);
  cleanup.push(() => ts.close());
  return ts;
}

function device(ts: TestServer, actor = CLERK, opts: Parameters<typeof connectDevice>[2] = {}): Device {
  const d = connectDevice(ts, actor, opts);
  cleanup.push(() => d.destroy());
  return d;
}

const replicatedLength = (n: number) => (doc: Y.Doc) => doc.getArray('replicated').length >= n;

describe('durable before visible', () => {
  it('applies and relays an update only after storage resolved', async () => {
    let holding!: HoldingAdapter;
    const ts = await start({ wrapStorage: (inner) => (holding = new HoldingAdapter(inner)) });
    const [a, b] = [device(ts, CLERK), device(ts, CLERK_2)];
    await Promise.all([synced(a), synced(b)]);
    const gate = holding.holdNextBatch();
    const committedBefore = holding.committed;
    let storedWhenSeen: boolean | undefined;
    b.doc.on('update', () => (storedWhenSeen ??= holding.committed > committedBefore));
    a.push(placedBy(CLERK));
    await withTimeout(gate.reached, 5_000, 'the store to start');
    const live = await ts.server.rooms.use(FID, async (room) => room.doc.getArray('replicated').length);
    expect(live).toBe(0);
    expect(b.log()).toHaveLength(0);
    gate.release();
    await waitForDoc(b.doc, replicatedLength(1));
    expect(storedWhenSeen).toBe(true);
  });

  it('applies nothing when storing fails; the device reconnects and its edit arrives once', async () => {
    let faulty!: FaultyStorageAdapter;
    const ts = await start({ wrapStorage: (inner) => (faulty = new FaultyStorageAdapter(inner)) });
    const [a, b] = [device(ts, CLERK), device(ts, CLERK_2)];
    await Promise.all([synced(a), synced(b)]);
    faulty.failWrite(1);
    const closed = providerClosed(a);
    const edit = placedBy(CLERK);
    a.push(edit);
    expect((await closed).code).toBe(4500); // retryLater: the stock client reconnects
    await waitForDoc(b.doc, replicatedLength(1));
    expect(ids(b.log())).toEqual(ids([edit]));
  });
});

describe('hostile bytes', () => {
  const malformed: number[][] = [
    [], [0], [0, 0], [0, 2], [0, 2, 5, 1], [0, 0, 0], [0, 9, 0], [7], [2, 0], [1], [1, 3, 1, 2], [0, 2, 0],
    [255, 255, 255, 255, 255, 255, 255, 255, 255, 255], [0, 2, 4, 255, 255, 255, 255],
  ];

  it('a burst of malformed messages never crashes the server; others keep syncing', async () => {
    const ts = await start();
    const [a, b] = [device(ts, CLERK), device(ts, CLERK_2)];
    await Promise.all([synced(a), synced(b)]);
    const random = prng(42);
    const frames = [...malformed.map((m) => new Uint8Array(m)), ...Array.from({ length: 30 }, () => updateFrame(randomBytes(random)))];
    const codes = await Promise.all(frames.map(async (frame) => {
      const raw = rawSync(ts, ts.token(CLERK));
      await raw.opened;
      for (let i = 0; i < 5; i++) raw.send(frame); // several at once: only the first is looked at
      return (await withTimeout(raw.closed, 10_000, `close after ${Array.from(frame.slice(0, 8))}`)).code;
    }));
    expect(new Set(codes)).toEqual(new Set([4400]));
    a.push(placedBy(CLERK));
    await waitForDoc(b.doc, replicatedLength(1));
    expect((await fetch(`${ts.server.url}/healthz`)).status).toBe(200);
  });

  it('an HTTP handler that throws answers 500 JSON and the server lives on', async () => {
    const ts = await start({ httpHandlers: [async (req) => (req.path === '/boom' ? Promise.reject(new Error('boom')) : undefined)] });
    const res = await fetch(`${ts.server.url}/boom`);
    expect(res.status).toBe(500);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('internal');
    expect((await fetch(`${ts.server.url}/healthz`)).status).toBe(200);
  });
});

describe('limits', () => {
  it('closes a connection that sends too many messages (4529, reconnectable)', async () => {
    const ts = await start({ limits: { messageBurst: 5, messagesPerSecond: 1 } });
    const raw = rawSync(ts, ts.token(CLERK));
    await raw.opened;
    for (let i = 0; i < 20; i++) raw.send(new Uint8Array([3]));
    expect((await withTimeout(raw.closed, 5_000, 'rate limit')).code).toBe(4529);
  });

  it('limits connections per address', async () => {
    const ts = await start({ limits: { maxConnectionsPerIp: 2 } });
    const open = [rawSync(ts, ts.token(CLERK)), rawSync(ts, ts.token(CLERK))];
    cleanup.push(() => open.forEach((r) => r.ws.close()));
    await Promise.all(open.map((r) => r.opened));
    const third = rawSync(ts, ts.token(CLERK));
    expect((await withTimeout(third.closed, 5_000, 'third socket')).code).toBe(4529);
  });

  it('refuses a crafted update that makes Yjs integrate quadratically, then keeps working', async () => {
    const ts = await start({ limits: { stagingTimeoutMs: 1_500 } });
    const b = device(ts, CLERK_2);
    await synced(b);
    // 3,000 valid events from 3,000 clientIDs: a chain of items that cannot merge.
    const chain = new Y.Doc();
    const update = captureUpdate(chain, () => {
      for (let i = 0; i < 3_000; i++) {
        chain.clientID = 1_000 + i;
        chain.getArray('replicated').push([placedBy(CLERK)]);
      }
    });
    const honest = rawSync(ts, ts.token(CLERK));
    await honest.opened;
    honest.send(updateFrame(update));
    await waitForDoc(b.doc, replicatedLength(3_000));
    // 6,000 items (48 KB) that all claim the chain's first item as origin: each one scans
    // the whole chain while Yjs integrates it (seconds, growing quadratically).
    const first = (chain.getArray('replicated') as unknown as { _start: Y.Item })._start.id;
    const raw = rawSync(ts, ts.token(CLERK));
    await raw.opened;
    raw.send(updateFrame(itemsWithOrigin(first, 6_000)));
    expect(await withTimeout(raw.closed, 20_000, 'time bound')).toMatchObject({ code: 4400, reason: expect.stringMatching(/too costly/) });
    const a = device(ts, CLERK);
    await synced(a);
    a.push(placedBy(CLERK));
    await waitForDoc(b.doc, replicatedLength(3_001));
    expect(b.log()).toHaveLength(3_001);
  });
});

describe('clientID bindings', () => {
  it('survive a restart', async () => {
    const ts = await start();
    const a = device(ts, CLERK);
    await synced(a);
    a.push(placedBy(CLERK));
    await ts.server.rooms.use(FID, (room) => waitForDoc(room.doc, replicatedLength(1)));
    const state = Y.encodeStateAsUpdate(a.doc);
    const clientID = a.doc.clientID;
    a.destroy();
    const next = await ts.restart();
    cleanup.push(() => next.close());
    const squatter = new Y.Doc();
    Y.applyUpdate(squatter, state);
    squatter.clientID = clientID;
    const raw = rawSync(next, next.token(CLERK_2));
    await raw.opened;
    raw.send(updateFrame(captureUpdate(squatter, () => squatter.getArray('replicated').push([placedBy(CLERK_2)]))));
    expect(await withTimeout(raw.closed, 5_000, 'refusal')).toMatchObject({ code: 4400, reason: expect.stringMatching(/clientID/) });
  });

  it("protect the server's own clientID", async () => {
    const ts = await start();
    const a = device(ts, CLERK);
    await synced(a);
    const website = placedBy({ role: 'website', userId: 'website', deviceId: 'server' } as never);
    await ts.server.rooms.use(FID, (room) => room.appendWebsite([website]));
    await waitForDoc(a.doc, (doc) => doc.getArray('website').length === 1);
    const serverClient = [...a.doc.store.clients.keys()][0]!;
    const squatter = new Y.Doc();
    Y.applyUpdate(squatter, Y.encodeStateAsUpdate(a.doc));
    squatter.clientID = serverClient;
    const raw = rawSync(ts, ts.token(CLERK));
    await raw.opened;
    raw.send(updateFrame(captureUpdate(squatter, () => squatter.getArray('replicated').push([placedBy(CLERK)]))));
    expect(await withTimeout(raw.closed, 5_000, 'refusal')).toMatchObject({ code: 4400, reason: expect.stringMatching(/clientID/) });
  });
});

describe('awareness', () => {
  it('relays presence, but only for clientIDs the connection owns, and not oversized', async () => {
    const ts = await start({ limits: { maxAwarenessStateBytes: 256 } });
    const [a, b] = [device(ts, CLERK), device(ts, CLERK_2)];
    await Promise.all([synced(a), synced(b)]);
    const seen: unknown[] = [];
    b.provider.awareness.on('change', () => seen.push(...b.provider.awareness.getStates().values()));
    a.provider.awareness.setLocalState({ name: 'tom' });
    await waitForAwareness(b, (states) => (states.get(a.doc.clientID) as { name?: string } | undefined)?.name === 'tom');

    const raw = rawSync(ts, ts.token(CLERK_2));
    await raw.opened;
    raw.send(awarenessFrame([{ client: 777, clock: 1, state: { name: 'x'.repeat(1_000) } }])); // too big: dropped
    raw.send(awarenessFrame([{ client: 777, clock: 2, state: { name: 'ann' } }])); // claims 777
    raw.send(awarenessFrame([{ client: a.doc.clientID, clock: 99, state: { name: 'evil' } }])); // not its own
    raw.send(awarenessFrame([{ client: 777, clock: 3, state: { name: 'ann', done: true } }]));
    await waitForAwareness(b, (states) => (states.get(777) as { done?: boolean } | undefined)?.done === true);
    expect(b.provider.awareness.getStates().get(a.doc.clientID)).toEqual({ name: 'tom' });
    expect(JSON.stringify(seen)).not.toMatch(/evil|xxxxxxxx/);
  });
});

function waitForAwareness(d: Device, predicate: (states: Map<number, unknown>) => boolean): Promise<void> {
  const awareness = d.provider.awareness;
  if (predicate(awareness.getStates())) return Promise.resolve();
  let listener: () => void = () => {};
  const done = new Promise<void>((resolve) => {
    listener = () => predicate(awareness.getStates()) && resolve();
    awareness.on('change', listener);
  });
  return withTimeout(done, 10_000, 'awareness').finally(() => awareness.off('change', listener));
}

/** An update no Yjs API would write: `count` items of one clientID, all with the same origin. */
function itemsWithOrigin(origin: Y.ID, count: number): Uint8Array {
  const client = 0x7ffffff0; // above every chain clientID, so the conflict scan walks on
  const encoder = new Y.UpdateEncoderV1();
  encoding.writeVarUint(encoder.restEncoder, 1);
  encoding.writeVarUint(encoder.restEncoder, count);
  encoder.writeClient(client);
  encoding.writeVarUint(encoder.restEncoder, 0);
  for (let clock = 0; clock < count; clock++) {
    new Y.Item(Y.createID(client, clock), null, origin, null, null, null, null, new Y.ContentAny([clock])).write(encoder, 0);
  }
  encoding.writeVarUint(encoder.restEncoder, 0); // empty delete set
  return encoder.toUint8Array();
}

function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomBytes(random: () => number): Uint8Array {
  return Uint8Array.from({ length: 1 + Math.floor(random() * 64) }, () => Math.floor(random() * 256));
}
