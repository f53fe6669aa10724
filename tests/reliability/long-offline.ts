// An offline shift, simulated with the stock y-websocket client in Node against the real
// server: a clerk syncs at the start of the evening, then works offline for hours — a page
// reload every hour (the copy reloaded from a y-indexeddb-like store of update records, its
// clientID reused as the app does), hundreds of check-ins, payments and walk-in orders — while a
// manager keeps working online. Meanwhile the clerk's token expires: the first reconnect is
// refused (4401), the clerk logs in again (POST /api/login), and everything goes in one sync
// step 2 under the message size limit. Shared by the bounded test and `tests/soak/devices.ts`.
import * as Y from 'yjs';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import { splitLargeSyncAnswers } from '../../client/device/chunked-sync';
import { OwnWrites, presenceFollows } from '../../client/device/own-writes';
import { Projection, decide } from '../../domain';
import type { Actor, FundraiserEvent } from '../../domain';
import { attachProjection, type DocProjection } from '../../sync-server/shared/doc-projection';
import { DEFAULT_LIMITS } from '../../sync-server/shared/protocol';
import { Random } from '../support/generator';
import { snapshot } from '../support/snapshot';
import { CLERK, FID, MANAGER, PASSWORD, addAccount, connectDevice, startServer, synced, waitForDoc, withTimeout } from '../server/helpers';

export interface ShiftOptions {
  hours: number; commandsPerHour: number; preOrders: number; seed: number; tokenTtlMs: number;
  /** Called as the shift moves on (the soak prints memory there). */
  onPhase?: (phase: string) => void;
}
export interface ShiftFigures {
  seed: number; hours: number; reloads: number; clerkEvents: number; managerEvents: number;
  syncStep2Bytes: number; messageLimitBytes: number; refusedWithExpiredToken: number; serverEvents: number;
}

const TRIM_AT = 500; // y-indexeddb merges its update records past 500

/** The device's storage: update records, as y-indexeddb keeps them, surviving "reloads". */
class DeviceStore {
  updates: Uint8Array[] = [];
  clientId: number | undefined;
  /** As y-indexeddb trims: the doc's whole state replaces the records (not Y.mergeUpdates, see doc-store.ts). */
  add(update: Uint8Array, doc: Y.Doc): void {
    this.updates.push(update);
    if (this.updates.length >= TRIM_AT) this.updates = [Y.encodeStateAsUpdate(doc)];
  }
}

interface Opened { doc: Y.Doc; live: DocProjection; provider: WebsocketProvider; writes: OwnWrites; close(): void }

function openClerk(store: DeviceStore, wsUrl: string, token: string): Opened {
  const doc = new Y.Doc();
  doc.transact(() => store.updates.forEach((u) => Y.applyUpdate(doc, u)), 'load');
  if (store.clientId !== undefined) doc.clientID = store.clientId; // the app reuses its id: the store holds all it wrote
  store.clientId = doc.clientID;

  doc.on('update', (update: Uint8Array, origin: unknown) => origin !== 'load' && store.add(update, doc));
  const live = attachProjection(doc);
  const provider = new WebsocketProvider(wsUrl, FID, doc, {
    connect: false, params: { token }, WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket, disableBc: true,
  });
  splitLargeSyncAnswers(provider); // as the app: an answer over the message limit goes in pieces
  // As the app: a fresh id every CLIENT_ID_RUN events (own-writes.ts), kept for the next reload; presence follows it.
  const writes = new OwnWrites(doc, (_from, to) => {
    store.clientId = to;
    presenceFollows(provider.awareness, to);
  });
  return { doc, live, provider, writes, close: () => (provider.destroy(), live.dispose(), doc.destroy()) };
}

let eventSerial = 0;
function commander(actor: Actor, doc: Y.Doc, live: () => Projection, writes?: OwnWrites) {
  return (command: Record<string, unknown>): FundraiserEvent[] => {
    const decision = decide(command, live(), { eventId: `${actor.deviceId}-${++eventSerial}`, at: new Date().toISOString(), actor });
    if (!decision.ok) return [];
    if (writes) writes.append(doc.getArray('replicated'), decision.events, null);
    else doc.transact(() => doc.getArray('replicated').push(decision.events as FundraiserEvent[]));
    return decision.events as FundraiserEvent[];
  };
}

/** One command a clerk at the door would give, against what the clerk's copy shows. */
function doorCommand(projection: Projection, random: Random, serial: number): Record<string, unknown> {
  const open = projection.orders().filter((o) => !o.cancelled);
  const waiting = open.filter((o) => !o.checkedIn);
  const owing = open.filter((o) => o.paidCents < o.totalCents);
  const roll = random.next();
  if (roll < 0.4 && waiting.length > 0) return { type: 'CheckIn', orderId: random.pick(waiting).orderId };
  if (roll < 0.7 && owing.length > 0) {
    const order = random.pick(owing);
    return { type: 'RecordPayment', orderId: order.orderId, paymentId: `pay-${serial}`, amountCents: order.totalCents - order.paidCents, method: random.pick(['cash', 'card']) };
  }
  return {
    type: 'PlaceOrder', orderId: `walk-${serial}`, orderNumber: `C-${serial}`, customer: { name: `Walk-in ${serial}`, phone: '+41 79 000 00 00' },
    lines: [{ itemId: random.pick(['pasta', 'lemonade']), quantity: random.int(1, 4) }],
  };
}

async function login(url: string): Promise<{ token: string; expiresAt: number }> {
  const response = await fetch(`${url}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'tom', password: PASSWORD }) });
  if (response.status !== 200) throw new Error(`login answered ${response.status}`);
  const body = (await response.json()) as { token: string; expiresAt: string };
  return { token: body.token, expiresAt: Date.parse(body.expiresAt) };
}

function closeCode(provider: WebsocketProvider): Promise<number> {
  return withTimeout(new Promise((resolve) => provider.once('connection-close', (e: CloseEvent | null) => resolve(e?.code ?? -1))), 10_000, 'close');
}

export async function runShift(options: ShiftOptions): Promise<ShiftFigures> {
  const random = new Random(options.seed);
  const ts = await startServer({ tokenTtlMs: { clerk: options.tokenTtlMs } });
  let current: Opened | undefined; // only the open copy is kept: a closed one is garbage, as after a page reload
  try {
    await addAccount(ts.server, 'tom', CLERK);
    // The manager, online all evening: the menu and the pre-orders first.
    const manager = connectDevice(ts, MANAGER);
    const managerLive = attachProjection(manager.doc);
    const managerRun = commander(MANAGER, manager.doc, () => managerLive.projection);
    managerRun({ type: 'DefineItem', itemId: 'pasta', name: 'Pasta', priceCents: 1200, stock: null });
    managerRun({ type: 'DefineItem', itemId: 'lemonade', name: 'Lemonade', priceCents: 250, stock: null });
    for (let i = 0; i < options.preOrders; i++) {
      managerRun({ type: 'PlaceOrder', orderId: `pre-${i}`, orderNumber: `P-${i}`, customer: { name: `Guest ${i}` }, lines: [{ itemId: 'pasta', quantity: random.int(1, 5) }] });
    }
    let managerEvents = manager.doc.getArray('replicated').length;
    await synced(manager);

    // Start of the shift: log in, sync once, go offline.
    const store = new DeviceStore();
    let session = await login(ts.server.url);
    let clerk = openClerk(store, ts.wsUrl, session.token);
    current = clerk;
    clerk.provider.connect();
    await waitForDoc(clerk.doc, (d) => d.getArray('replicated').length >= managerEvents, 10_000, 'the menu and pre-orders');
    clerk.provider.disconnect();

    let serial = 0;
    let clerkEvents = 0;
    for (let hour = 0; hour < options.hours; hour++) {
      clerk.close();
      clerk = openClerk(store, ts.wsUrl, session.token); // the hourly reload, from the device's store
      current = clerk;
      const run = commander(CLERK, clerk.doc, () => clerk.live.projection, clerk.writes);
      for (let i = 0; i < options.commandsPerHour; i++) clerkEvents += run(doorCommand(clerk.live.projection, random, ++serial)).length;
      options.onPhase?.(`hour ${hour + 1}`);
      for (let i = 0; i < 3; i++) managerEvents += managerRun(doorCommand(managerLive.projection, random, ++serial)).length; // the manager too, online
    }
    options.onPhase?.('offline hours done');

    // End of the shift: the token has expired meanwhile.
    await withTimeout((async () => { while (Date.now() <= session.expiresAt) await new Promise((r) => setTimeout(r, 25)); })(), options.tokenTtlMs + 5_000, 'token expiry');
    clerk.close();
    clerk = openClerk(store, ts.wsUrl, session.token);
    current = clerk;
    const serverVector = await ts.server.rooms.use(FID, async (room) => Y.encodeStateVector(room.doc));
    const syncStep2Bytes = Y.encodeStateAsUpdate(clerk.doc, serverVector).byteLength;
    const refused = closeCode(clerk.provider);
    clerk.provider.connect();
    const refusedWithExpiredToken = await refused;
    if (refusedWithExpiredToken !== 4401) throw new Error(`an expired token was answered with ${refusedWithExpiredToken}`);

    options.onPhase?.('refused with the expired token');
    session = await login(ts.server.url); // "log in again"
    clerk.provider.params = { ...clerk.provider.params, token: session.token };
    const closes: number[] = [];
    const closedEarly = new Promise<never>((_, reject) => clerk.provider.on('connection-close', (e: CloseEvent | null) => {
      closes.push(e?.code ?? -1);
      reject(new Error(`the sync after logging in again was closed with ${e?.code} (${e?.reason}); its sync step 2 was ${syncStep2Bytes} bytes`));
    }));
    closedEarly.catch(() => {});
    clerk.provider.connect();
    const clerkIds = new Set((clerk.doc.getArray('replicated').toArray() as { id: string; actor: Actor }[]).filter((e) => e.actor.deviceId === CLERK.deviceId).map((e) => e.id));
    if (clerkIds.size !== clerkEvents) throw new Error(`the clerk's copy holds ${clerkIds.size} of its ${clerkEvents} events after ${options.hours} reloads`);
    const arrived = ts.server.rooms.use(FID, (room) => waitForDoc(room.doc, (d) => idsOf(d, CLERK).size === clerkEvents, 30_000, 'all clerk events on the server').then(() => room.doc));
    const serverSnapshot = await Promise.race([arrived, closedEarly]);
    await waitForDoc(clerk.doc, (d) => d.getArray('replicated').length === serverSnapshot.getArray('replicated').length, 30_000, 'the clerk receiving the manager\'s evening');
    if (closes.length > 0) throw new Error(`the sync after logging in again was closed: ${closes.join(', ')}`);
    options.onPhase?.('synced');
    checkNoLoss(serverSnapshot, clerk.doc, clerkIds);
    manager.destroy();
    managerLive.dispose();
    return {
      seed: options.seed, hours: options.hours, reloads: options.hours + 1, clerkEvents, managerEvents, syncStep2Bytes,
      messageLimitBytes: DEFAULT_LIMITS.maxMessageBytes, refusedWithExpiredToken, serverEvents: serverSnapshot.getArray('replicated').length,
    };
  } finally {
    current?.close();
    await ts.close();
  }
}

function idsOf(doc: Y.Doc, actor: Actor): Set<string> {
  return new Set((doc.getArray('replicated').toArray() as { id: string; actor: Actor }[]).filter((e) => e.actor.deviceId === actor.deviceId).map((e) => e.id));
}

/** Every clerk event on the server exactly once, and both copies fold to the same projection. */
function checkNoLoss(server: Y.Doc, clerk: Y.Doc, clerkIds: Set<string>): void {
  const onServer = (server.getArray('replicated').toArray() as { id: string }[]).map((e) => e.id);
  const missing = [...clerkIds].filter((id) => !onServer.includes(id));
  if (missing.length > 0) throw new Error(`${missing.length} clerk events missing on the server, e.g. ${missing[0]}`);
  if (new Set(onServer).size !== onServer.length) throw new Error('an event is on the server twice');
  const fold = (doc: Y.Doc) => JSON.stringify(snapshot(Projection.fold(doc.getArray('website').toArray(), doc.getArray('replicated').toArray())));
  if (fold(server) !== fold(clerk)) throw new Error('the clerk and the server fold different projections');
}
