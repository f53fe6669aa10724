// A device whose clock is hours off yields the same projection as everyone: the fold orders
// events by their place in the log (Yjs array order), never by their `at`. `at` is carried
// verbatim as the writer's own reading (shown as such in conflict descriptions), so it is the
// only thing that differs.
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { Projection, decide } from '../../domain';
import type { Actor, FundraiserEvent } from '../../domain';
import { generateDeviceStreams } from '../support/generator';
import { snapshot, type Snapshot } from '../support/snapshot';
import { CLERK, CLERK_2, FID, MANAGER, connectDevice, startServer, synced, waitForDoc, type Device, type TestServer } from '../server/helpers';

const HOUR = 3_600_000;

/** The snapshot with every reading of a clock taken out: what the clocks must not change. */
function timeless(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(timeless);
  if (typeof value === 'string') return value.replace(/ at \d\d:\d\d( UTC)?/g, ' at <clock>'); // descriptions, messages
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    if (key === 'at' || key === 'placedAt') continue;
    out[key] = timeless(field);
  }
  return out;
}

function skewed(entry: unknown, offsetOf: (deviceId: string) => number): unknown {
  const e = entry as { at?: unknown; actor?: { deviceId?: unknown } };
  if (typeof e?.at !== 'string' || Number.isNaN(Date.parse(e.at)) || typeof e.actor?.deviceId !== 'string') return entry;
  return { ...e, at: new Date(Date.parse(e.at) + offsetOf(e.actor.deviceId)).toISOString() };
}

describe('clock skew', () => {
  it('Property: shifting each device\'s clock by up to ±12 h changes no decision, only the readings', () => {
    let events = 0;
    fc.assert(fc.property(fc.integer(), fc.integer({ min: 5, max: 40 }), fc.array(fc.integer({ min: -12 * 60, max: 12 * 60 }), { minLength: 6, maxLength: 6 }), (seed, orders, minutes) => {
      const streams = generateDeviceStreams({ seed, orders });
      const offsets = new Map(streams.devices.map((d, i) => [d.deviceId, minutes[i % minutes.length]! * 60_000]));
      const offsetOf = (deviceId: string) => offsets.get(deviceId) ?? 0;
      const true_ = Projection.fold(streams.website, streams.replicated);
      const skew = Projection.fold(streams.website, streams.replicated.map((e) => skewed(e, offsetOf)));
      expect(timeless(snapshot(skew))).toEqual(timeless(snapshot(true_)));
      // and each payment carries its writer's own (skewed) reading
      const readings = new Map(streams.replicated.map((e) => skewed(e, offsetOf) as { id?: string; at?: string } | null).map((e) => [e?.id, e?.at]));
      for (const order of skew.orders()) for (const p of order.payments) expect(p.at).toBe(readings.get(p.eventId));
      events += streams.website.length + streams.replicated.length;
    }), { numRuns: 100, seed: 20261130 });
    expect(events).toBeGreaterThan(1000);
  });
});

// ---- the same evening through the real server, with true clocks and with skewed ones ----

let servers: TestServer[] = [];
let devices: Device[] = [];
afterEach(async () => {
  devices.forEach((d) => d.destroy());
  devices = [];
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

const CLIENT_IDS = new Map([[MANAGER.deviceId, 1001], [CLERK.deviceId, 2002], [CLERK_2.deviceId, 3003]]);
const EVENING = Date.parse('2026-11-28T18:00:00.000Z');

/** One device: a stock client whose commands are decided against its own copy, stamped with its own clock. */
function deviceOf(ts: TestServer, actor: Actor, offsetMs: number) {
  const doc = new Y.Doc();
  doc.clientID = CLIENT_IDS.get(actor.deviceId)!; // the same ids in both runs: Yjs orders concurrent appends by them
  const device = connectDevice(ts, actor, { doc });
  devices.push(device);
  let n = 0;
  let minutes = 0;
  const run = (command: Record<string, unknown>) => {
    const state = Projection.fold(doc.getArray('website').toArray(), doc.getArray('replicated').toArray());
    const at = new Date(EVENING + ++minutes * 60_000 + offsetMs).toISOString();
    const decision = decide(command, state, { eventId: `${actor.deviceId}-${++n}`, at, actor });
    if (!decision.ok) throw new Error(`${actor.deviceId}: ${JSON.stringify(decision.error)}`);
    doc.transact(() => doc.getArray('replicated').push(decision.events as FundraiserEvent[]));
  };
  return { device, doc, run };
}

const order = (id: string, quantity: number) => ({
  type: 'PlaceOrder', orderId: id, orderNumber: `M-${id}`, customer: { name: `Guest ${id}` }, lines: [{ itemId: 'waffle', quantity }],
});

/** Everyone syncs, goes offline, works concurrently on the same orders, then syncs again. */
async function evening(offsets: { manager: number; door1: number; door2: number }): Promise<Snapshot[]> {
  const ts = await startServer();
  servers.push(ts);
  const manager = deviceOf(ts, MANAGER, offsets.manager);
  const door1 = deviceOf(ts, CLERK, offsets.door1);
  const door2 = deviceOf(ts, CLERK_2, offsets.door2);
  manager.run({ type: 'DefineItem', itemId: 'waffle', name: 'Waffle', priceCents: 350, stock: 12 });
  for (const id of ['a', 'b', 'c', 'd']) manager.run(order(id, 2));
  const all = [manager, door1, door2];
  await Promise.all(all.map(({ device }) => synced(device)));
  await Promise.all(all.map(({ doc }) => waitForDoc(doc, (d) => d.getArray('replicated').length === 5)));
  all.forEach(({ device }) => device.provider.disconnect());

  door1.run({ type: 'CheckIn', orderId: 'a' });
  door1.run({ type: 'RecordPayment', orderId: 'b', paymentId: 'pay-b-1', amountCents: 700, method: 'cash' });
  door1.run(order('w1', 3));
  door2.run({ type: 'CancelOrder', orderId: 'a' });
  door2.run({ type: 'RecordPayment', orderId: 'b', paymentId: 'pay-b-2', amountCents: 700, method: 'card' });
  door2.run({ type: 'ChangeLines', orderId: 'c', lines: [{ itemId: 'waffle', quantity: 4 }] });
  door2.run(order('w2', 2));
  manager.run({ type: 'ChangeLines', orderId: 'c', lines: [{ itemId: 'waffle', quantity: 1 }] });
  manager.run({ type: 'CancelOrder', orderId: 'd' });

  all.forEach(({ device }) => device.provider.connect());
  const total = 5 + 9;
  await Promise.all(all.map(({ doc }) => waitForDoc(doc, (d) => d.getArray('replicated').length === total)));
  const server = await ts.server.rooms.use(FID, async (room) => foldOf(room.doc));
  return [server, ...all.map(({ doc }) => foldOf(doc))];
}

function foldOf(doc: Y.Doc): Snapshot {
  return snapshot(Projection.fold(doc.getArray('website').toArray(), doc.getArray('replicated').toArray()));
}

describe('clock skew through the server', () => {
  it('clerks 5 h ahead and 7 h behind: every replica folds the same projection as with true clocks', async () => {
    const [server, ...replicas] = (await evening({ manager: 0, door1: 5 * HOUR, door2: -7 * HOUR })) as [Snapshot, ...Snapshot[]];
    for (const replica of replicas) expect(replica).toEqual(server);
    expect(server.conflicts.length).toBeGreaterThanOrEqual(2); // check-in vs cancel, two edits of c, a double payment
    const [trueServer] = await evening({ manager: 0, door1: 0, door2: 0 });
    expect(timeless(server)).toEqual(timeless(trueServer));
    expect(server).not.toEqual(trueServer); // the readings did differ
  });
});
