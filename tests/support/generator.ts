// Seeded, realistic fundraiser logs for tests and benchmarks. A manager seeds the catalog,
// customers order on the website for two weeks, then on the evening clerks at the doors
// check people in, take payments and walk-in orders. Devices only know what they last
// synced, so their `after`s show real concurrency: overruled cancellations, double payments,
// concurrent edits, overselling. A few faults (malformed, re-sent, orphan events) are mixed
// in. No Math.random: the same options give the same logs on every machine.
import type { Actor, LogName } from '../../domain';

/** mulberry32: tiny, fast, and good enough to drive a simulation. */
export class Random {
  private state: number;
  constructor(seed: number) { this.state = seed >>> 0; }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(min: number, max: number): number { return min + Math.floor(this.next() * (max - min + 1)); }
  chance(p: number): boolean { return this.next() < p; }
  pick<T>(list: readonly T[]): T { return list[Math.floor(this.next() * list.length)]!; }
  shuffle<T>(list: T[]): T[] {
    for (let i = list.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [list[i], list[j]] = [list[j]!, list[i]!];
    }
    return list;
  }
}

export interface GenerateOptions {
  seed: number;
  /** Orders placed, website and walk-in together (default 40); about 3.5 events each. */
  orders?: number;
  /** Devices: one manager, the rest clerks (default 3–5, from the seed). */
  devices?: number;
  /** Catalog items at the start (default 3–8, from the seed). */
  items?: number;
  /** Chance per device event of a fault: malformed, re-sent or orphan (default 0.02; 0 for none). */
  faults?: number;
}

export interface DeviceStreams {
  website: unknown[];
  /** Each device's own elements in the order it wrote them. */
  perDevice: unknown[][];
  devices: Actor[];
  /** The streams as the server happened to receive them: one valid interleaving. */
  replicated: unknown[];
}

export function generateDeviceStreams(options: GenerateOptions): DeviceStreams {
  const world = new World(options);
  world.run();
  return {
    website: world.website, perDevice: world.devices.map((d) => d.stream),
    devices: world.devices.map((d) => d.actor), replicated: world.replicated,
  };
}

export function generateLog(options: GenerateOptions): { website: unknown[]; replicated: unknown[] } {
  const { website, replicated } = generateDeviceStreams(options);
  return { website, replicated };
}

/**
 * One random interleaving of streams: each keeps its own order, as Yjs keeps a device's.
 * With `causal`, an element also waits for the element its `after` names, as in a Yjs array
 * (a writer's new element lands after everything it had seen); without, anything goes.
 */
export function interleave(streams: readonly (readonly unknown[])[], random: Random, causal = false): unknown[] {
  const next = streams.map(() => 0);
  const named = new Set(causal ? streams.flat().map((v) => field(v, 'id')) : []);
  const emitted = new Set<unknown>();
  const left = (i: number) => streams[i]!.length - next[i]!;
  const ready = (i: number) => {
    const after = field(streams[i]![next[i]!], 'after');
    return after === undefined || !named.has(after) || emitted.has(after);
  };
  const out: unknown[] = [];
  for (let total = streams.flat().length; out.length < total;) {
    const waiting = streams.map((_, i) => i).filter((i) => left(i) > 0);
    const unblocked = waiting.filter(ready);
    const open = unblocked.length > 0 ? unblocked : waiting; // only a cycle of afters (a forged log) gets here
    // Weighted by what is left, so that every interleaving is possible.
    let ticket = Math.floor(random.next() * open.reduce((sum, i) => sum + left(i), 0));
    const i = open.find((k) => (ticket -= left(k)) < 0)!;
    const value = streams[i]![next[i]!++];
    emitted.add(field(value, 'id'));
    out.push(value);
  }
  return out;
}

function field(value: unknown, name: 'id' | 'after'): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[name] : undefined;
}

/** `values` go in at `index` of the replica's log; `from` is where they stand in the final log. */
export interface Delivery { log: LogName; index: number; from: number; values: unknown[] }

/**
 * Delivers final logs to a replica as Yjs would: contiguous runs of up to `maxBatch`
 * elements, mostly in order, but with `disorder` of them arriving late and so inserted
 * before elements already there, at the index they have among those delivered.
 */
export function scheduleDelivery(
  logs: Record<LogName, readonly unknown[]>, random: Random, maxBatch = 8, disorder = 0.3,
): Delivery[] {
  const runs: { log: LogName; start: number; end: number; key: number }[] = [];
  for (const log of ['website', 'replicated'] as const) {
    const length = logs[log].length;
    const offset = random.next() - 0.5; // either log may run ahead of the other
    for (let start = 0; start < length;) {
      const end = Math.min(length, start + random.int(1, maxBatch));
      const late = random.chance(disorder) ? random.next() : 0;
      runs.push({ log, start, end, key: start / length + offset + late });
      start = end;
    }
  }
  runs.sort((a, b) => a.key - b.key);
  const delivered = { website: new Fenwick(logs.website.length), replicated: new Fenwick(logs.replicated.length) };
  return runs.map(({ log, start, end }) => {
    const index = delivered[log].prefix(start);
    for (let k = start; k < end; k++) delivered[log].add(k);
    return { log, index, from: start, values: logs[log].slice(start, end) };
  });
}

/** Counts delivered positions below an index in O(log n), so 100k-element schedules stay fast. */
class Fenwick {
  private readonly tree: Int32Array;
  constructor(size: number) { this.tree = new Int32Array(size + 1); }
  add(index: number): void { for (let i = index + 1; i < this.tree.length; i += i & -i) this.tree[i]!++; }
  prefix(end: number): number {
    let sum = 0;
    for (let i = end; i > 0; i -= i & -i) sum += this.tree[i]!;
    return sum;
  }
}

// ---- the simulated fundraiser --------------------------------------------------------

type Line = { itemId: string; quantity: number; unitPriceCents: number };
interface Item { itemId: string; name: string; priceCents: number; stock: number | null }
/** What the generator remembers of an event, to tell what each writer knew. */
interface Rec {
  id: string; deviceId: string; type: string; log: LogName;
  index: number; // position in its log once the server has it; -1 while in an outbox
  seq: number; lines?: Line[]; amount?: number; revives?: boolean; bad?: boolean;
}
interface OrderModel { orderId: string; recs: Rec[]; website: boolean }
interface Device {
  actor: Actor; stream: unknown[]; outbox: { value?: unknown; rec?: Rec; onSync?: () => void }[];
  synced: Record<LogName, number>; online: boolean; skewMs: number;
  catalog: Map<string, Item>; sold: Map<string, number>; open: boolean;
}
interface View { known: boolean; lines: Line[]; cancelled: boolean; checkedIn: boolean; paid: number; after?: string; seen?: string[] }

const WEBSITE: Actor = { role: 'website', userId: 'website', deviceId: 'server' };
const MENU: [string, string, number][] = [
  ['spaghetti', 'Spaghetti bolognese', 1250], ['veggie', 'Veggie spaghetti', 1150], ['kids', 'Kids menu', 750],
  ['waffle', 'Waffle', 350], ['mousse', 'Chocolate mousse', 400], ['coffee', 'Coffee', 200],
  ['beer', 'Beer', 300], ['wine', 'Glass of wine', 450], ['lasagne', 'Lasagne', 1400],
];
const FIRST = ['anna', 'bram', 'chloe', 'dirk', 'emma', 'finn', 'greet', 'hugo', 'ines', 'jan', 'lotte', 'milan'];
const LAST = ['peeters', 'janssens', 'maes', 'jacobs', 'mertens', 'willems', 'claes', 'goossens', 'wouters'];
const QUANTITIES = [1, 1, 1, 2, 2, 2, 3, 4];
const DAY = 86_400_000;

class World {
  readonly website: unknown[] = [];
  readonly replicated: unknown[] = [];
  readonly devices: Device[];
  private readonly orders: OrderModel[] = [];
  private readonly random: Random;
  private readonly server = { catalog: new Map<string, Item>(), sold: new Map<string, number>(), open: false };
  private readonly manager: Device;
  private readonly target: number;
  private readonly faultRate: number;
  private clock = Date.parse('2026-11-10T09:00:00.000Z');
  private counter = 0;

  constructor(private readonly options: GenerateOptions) {
    this.random = new Random(options.seed);
    this.target = Math.max(1, options.orders ?? 40);
    this.faultRate = options.faults ?? 0.02;
    const count = Math.max(1, options.devices ?? this.random.int(3, 5));
    this.devices = Array.from({ length: count }, (_, i) => this.device(i));
    this.manager = this.devices[0]!;
  }

  run(): void {
    this.seedCatalog();
    for (const d of this.devices) this.sync(d);
    const online = Math.round(this.target * 0.75);
    this.presale(online);
    this.eventNight(this.target - online);
    for (const d of this.devices) this.sync(d);
  }

  private device(i: number): Device {
    const actor: Actor = i === 0
      ? { role: 'manager', userId: 'mia', deviceId: 'mia-laptop' }
      : { role: 'clerk', userId: FIRST[i % FIRST.length]!, deviceId: `door-${i}` };
    return {
      actor, stream: [], outbox: [], synced: { website: 0, replicated: 0 }, online: true,
      skewMs: this.random.int(-120, 120) * 1000, catalog: new Map(), sold: new Map(), open: false,
    };
  }

  private seedCatalog(): void {
    const menu = this.random.shuffle([...MENU]).slice(0, Math.max(1, this.options.items ?? this.random.int(3, 8)));
    menu.forEach(([itemId, name, priceCents], i) => {
      // The first item is never limited, so there is always something left to order.
      const limited = i > 0 && this.random.chance(0.5);
      const stock = limited ? Math.max(2, Math.round((this.target * 4 / menu.length) * (0.4 + this.random.next() * 0.7))) : null;
      this.defineItem({ itemId, name, priceCents, stock });
    });
    this.setWebsite(true);
  }

  // ---- the two phases --------------------------------------------------------------

  private presale(websiteOrders: number): void {
    const step = (14 * DAY) / websiteOrders;
    for (let attempts = 0; attempts < websiteOrders;) {
      this.clock += this.random.int(1, 2 * step);
      const roll = this.random.next();
      if (roll < 0.62) { this.websitePlace(); attempts++; } // a customer gives up on a sold-out item too
      else if (roll < 0.65) this.websiteCancel(this.random.pick(this.orders));
      else if (roll < 0.82) this.managerAction();
      else this.background();
    }
  }

  private eventNight(walkIns: number): void {
    const arrivals = this.random.shuffle(this.orders.filter((o) => o.website));
    const step = (3 * 3_600_000) / (arrivals.length + walkIns + 1);
    this.clock = Date.parse('2026-11-25T17:30:00.000Z');
    for (let next = 0; next < arrivals.length || walkIns > 0;) {
      this.clock += this.random.int(1, 2 * step);
      const roll = this.random.next();
      if (roll < 0.6 && next < arrivals.length) this.serve(this.doorDevice(), arrivals[next++]!);
      else if (roll < 0.75 && walkIns > 0) { walkIns--; this.walkIn(this.doorDevice()); }
      else if (roll < 0.78 && next < arrivals.length) this.websiteCancel(this.random.pick(arrivals.slice(next, next + 20)));
      else if (roll < 0.84) this.managerAction();
      else this.background();
    }
  }

  private doorDevice(): Device {
    return this.devices.length > 1 && this.random.chance(0.9) ? this.random.pick(this.devices.slice(1)) : this.manager;
  }

  /** A customer at the door: found, maybe amended, paid, checked in. */
  private serve(d: Device, o: OrderModel): void {
    if (!this.view(o, d).known && d.online) this.sync(d);
    if (o.website && this.random.chance(0.03)) this.websiteCancel(o); // cancelled online, then came anyway
    const v = this.view(o, d);
    if (!v.known || v.cancelled || v.checkedIn) return; // turned away, or already served at the other door
    if (this.random.chance(0.15)) this.amend(d, o);
    if (this.random.chance(0.06)) this.changeCustomer(d, o);
    this.takePayment(d, o, this.random.chance(0.5) ? 'cash' : 'card');
    this.emit(d, 'OrderCheckedIn', { orderId: o.orderId }, o, { revives: this.revives(o, d) });
    if (this.random.chance(0.05)) this.meanwhile(o);
    if (d.online && this.random.chance(0.5)) this.sync(d);
  }

  /** Another device acts on the same order before hearing of what just happened. */
  private meanwhile(o: OrderModel): void {
    const other = this.random.pick(this.devices);
    const roll = this.random.next();
    if (roll < 0.5) this.takePayment(other, o, 'card');
    else if (roll < 0.8) this.amend(other, o);
    else this.cancelOnDevice(other, o);
  }

  private managerAction(): void {
    const m = this.manager;
    const o = this.knownOrder(m);
    const roll = this.random.next();
    if (!m.open && this.random.chance(0.8)) this.setWebsite(true);
    else if (roll < 0.3) o && this.amend(m, o);
    else if (roll < 0.48) o && this.changeCustomer(m, o);
    else if (roll < 0.6) o && this.cancelOnDevice(m, o);
    else if (roll < 0.72) o && this.takePayment(m, o, 'transfer');
    else if (roll < 0.93) this.changeItem();
    else if (roll < 0.94) this.setWebsite(false); // the kitchen needs a break
    else this.addItem();
    if (this.random.chance(0.7)) this.sync(m);
  }

  /** Connectivity comes and goes, devices sync when they can, and now and then something is off. */
  private background(): void {
    const d = this.random.pick(this.devices);
    if (d !== this.manager && this.random.chance(0.25)) d.online = !d.online;
    else if (d.online) this.sync(d);
    if (!this.random.chance(this.faultRate * 3) || d.stream.length === 0) return;
    if (this.random.chance(0.5)) this.send(d, this.random.pick(d.stream)); // re-sent after a crash
    else this.emit(d, 'OrderCheckedIn', { orderId: `gone-${++this.counter}` }); // an order nobody placed
  }

  // ---- actions ---------------------------------------------------------------------

  private websitePlace(): void {
    if (!this.server.open) return;
    const lines = this.pickLines(this.server.catalog, this.server.sold, true);
    if (lines.length === 0) return;
    const n = this.orders.length + 1;
    const order: OrderModel = { orderId: `w-${n}`, recs: [], website: true };
    this.orders.push(order);
    const note = this.random.chance(0.1) ? { note: 'No cheese, please' } : {};
    this.emit(undefined, 'OrderPlaced', { orderId: order.orderId, orderNumber: `W${n}`, customer: this.customer(), lines, ...note }, order, { lines });
    this.book(undefined, [], lines);
    if (this.random.chance(this.faultRate / 5)) this.website.push({ id: `web-legacy-${n}`, type: 'OrderPlaced', data: { orderId: `w-${n}` } });
  }

  private websiteCancel(o: OrderModel | undefined): void {
    if (!o?.website) return; // only the customer, with the receipt, cancels on the website
    const v = this.view(o, undefined);
    if (!v.known || v.cancelled || v.checkedIn) return; // 409 not_cancellable
    this.emit(undefined, 'OrderCancelled', { orderId: o.orderId, reason: 'Cannot make it' }, o);
    this.book(undefined, v.lines, []);
  }

  private walkIn(d: Device): void {
    const [first] = d.catalog.values(); // the first item is unlimited: a walk-in always gets something
    const picked = this.pickLines(d.catalog, d.sold, d.online);
    const lines = picked.length > 0 ? picked : [{ itemId: first!.itemId, quantity: 1, unitPriceCents: first!.priceCents }];
    const order: OrderModel = { orderId: `${d.actor.deviceId}-o${++this.counter}`, recs: [], website: false };
    this.orders.push(order);
    const data = { orderId: order.orderId, orderNumber: `D${this.counter}`, customer: this.customer(), lines };
    this.emit(d, 'OrderPlaced', data, order, { lines });
    this.book(d, [], lines);
    this.serve(d, order);
  }

  private amend(d: Device, o: OrderModel): void {
    const v = this.view(o, d);
    if (!v.known || v.cancelled || v.lines.length === 0) return;
    const lines = v.lines.map((l) => ({ ...l }));
    const roll = this.random.next();
    const extra = this.pickLines(d.catalog, d.sold, d.online).find((l) => !lines.some((k) => k.itemId === l.itemId));
    if (roll < 0.4 && extra) lines.push(extra);
    else if (roll < 0.6 && lines.length > 1) lines.splice(this.random.int(0, lines.length - 1), 1);
    else {
      const line = this.random.pick(lines);
      line.quantity = this.random.pick(QUANTITIES.filter((q) => q !== line.quantity));
    }
    this.emit(d, 'OrderLinesChanged', { orderId: o.orderId, lines }, o, { lines, revives: this.revives(o, d) });
    this.book(d, v.lines, lines);
  }

  private changeCustomer(d: Device, o: OrderModel): void {
    if (this.view(o, d).known) this.emit(d, 'CustomerChanged', { orderId: o.orderId, customer: this.customer() }, o);
  }

  private cancelOnDevice(d: Device, o: OrderModel): void {
    const v = this.view(o, d);
    if (!v.known || v.cancelled || v.checkedIn) return;
    this.emit(d, 'OrderCancelled', { orderId: o.orderId, reason: 'Phoned to cancel' }, o);
    this.book(d, v.lines, []);
  }

  private takePayment(d: Device, o: OrderModel, method: string): void {
    const v = this.view(o, d);
    const owed = v.lines.reduce((s, l) => s + l.quantity * l.unitPriceCents, 0) - v.paid;
    if (!v.known || v.cancelled || owed <= 0) return;
    const split = this.random.chance(0.1) ? Math.floor(owed / 2) : 0; // half cash, half card
    for (const amountCents of split > 0 ? [split, owed - split] : [owed]) {
      const paymentId = `pay-${++this.counter}`;
      const data = { orderId: o.orderId, paymentId, amountCents, method };
      this.emit(d, 'PaymentRecorded', data, o, { amount: amountCents, revives: this.revives(o, d) });
      if (this.random.chance(this.faultRate)) this.emit(d, 'PaymentRecorded', data, o, { amount: 0 }); // a retried tap
    }
  }

  private changeItem(): void {
    const m = this.manager;
    const item = this.random.pick([...m.catalog.values()]);
    const change = this.random.chance(0.5) || item.stock === null
      ? { priceCents: Math.max(50, item.priceCents + this.random.int(-2, 2) * 50) }
      : { stock: Math.max(0, item.stock + this.random.int(-6, 10)) };
    this.emit(m, 'ItemChanged', { itemId: item.itemId, ...change });
    this.onManager((catalog) => Object.assign(catalog.get(item.itemId)!, change));
  }

  private addItem(): void {
    const free = MENU.find(([id]) => !this.manager.catalog.has(id));
    if (free) this.defineItem({ itemId: free[0], name: free[1], priceCents: free[2], stock: this.random.int(5, 30) });
  }

  private defineItem(item: Item): void {
    this.emit(this.manager, 'ItemDefined', { ...item });
    this.onManager((catalog) => catalog.set(item.itemId, { ...item }));
  }

  private setWebsite(open: boolean): void {
    this.emit(this.manager, 'WebsiteOrderingSet', { open });
    this.manager.open = open;
    this.manager.outbox.push({ onSync: () => { this.server.open = open; } });
  }

  /** A catalog change holds on the manager's device at once, and on the server once synced. */
  private onManager(change: (catalog: Map<string, Item>) => void): void {
    change(this.manager.catalog);
    this.manager.outbox.push({ onSync: () => change(this.server.catalog) });
  }

  // ---- writing and syncing ---------------------------------------------------------

  private emit(by: Device | undefined, type: string, data: object, order?: OrderModel, extra: Partial<Rec> = {}): void {
    const actor = by?.actor ?? WEBSITE;
    const id = `${by ? actor.deviceId : 'web'}-${++this.counter}`;
    const { after, seen } = order && type !== 'OrderPlaced' ? this.view(order, by) : {};
    const at = new Date(this.clock + (by?.skewMs ?? 0)).toISOString();
    const value = { id, type, at, actor, ...(after ? { after } : {}), ...(seen ? { seen } : {}), data };
    const rec: Rec = { id, deviceId: actor.deviceId, type, log: by ? 'replicated' : 'website', index: -1, seq: this.counter, ...extra };
    order?.recs.push(rec);
    if (!by) {
      rec.index = this.website.length;
      this.website.push(value);
    } else if (this.random.chance(this.faultRate / 2)) {
      rec.bad = true; // the device believes it happened; no other replica can apply it
      this.send(by, malformed(value, this.random), rec);
    } else this.send(by, value, rec);
  }

  private send(d: Device, value: unknown, rec?: Rec): void {
    d.stream.push(value);
    d.outbox.push({ value, rec });
  }

  private sync(d: Device): void {
    for (const { value, rec, onSync } of d.outbox) {
      if (rec) rec.index = this.replicated.length;
      if (value !== undefined) this.replicated.push(value);
      onSync?.();
    }
    d.outbox = [];
    d.synced = { website: this.website.length, replicated: this.replicated.length };
    d.catalog = new Map([...this.server.catalog].map(([id, item]) => [id, { ...item }]));
    d.sold = new Map(this.server.sold);
    d.open = this.server.open;
  }

  /** Units the writer believes taken, on its device now and on the server once synced. */
  private book(d: Device | undefined, before: Line[], after: Line[]): void {
    const apply = (sold: Map<string, number>) => {
      for (const l of before) sold.set(l.itemId, (sold.get(l.itemId) ?? 0) - l.quantity);
      for (const l of after) sold.set(l.itemId, (sold.get(l.itemId) ?? 0) + l.quantity);
    };
    if (!d) return apply(this.server.sold);
    apply(d.sold);
    d.outbox.push({ onSync: () => apply(this.server.sold) });
  }

  // ---- what a writer knows ---------------------------------------------------------

  /** An order as `by` (the server when undefined) sees it: its own events and what it synced. */
  private view(order: OrderModel, by: Device | undefined): View {
    const self = by?.actor.deviceId ?? WEBSITE.deviceId;
    const v: View = { known: false, lines: [], cancelled: false, checkedIn: false, paid: 0 };
    const newest = { lines: -1, foreign: -1, own: -1, cancel: -1, revive: -1 };
    let own: string | undefined;
    const foreign: string[] = [];
    for (const r of order.recs) {
      if (!knows(r, by, self)) continue;
      if (r.deviceId !== self) foreign.push(r.id);
      const key = r.log === 'website' ? r.index : r.index >= 0 ? 1e9 + r.index : 2e9 + r.seq;
      if (r.deviceId !== self && key > newest.foreign) { newest.foreign = key; v.after = r.id; }
      if (r.deviceId === self && key > newest.own) { newest.own = key; own = r.id; }
      if (r.lines && key > newest.lines) { newest.lines = key; v.lines = r.lines; }
      if (r.type === 'OrderPlaced') v.known = true;
      if (r.type === 'OrderCancelled') newest.cancel = Math.max(newest.cancel, r.seq);
      if (r.revives) newest.revive = Math.max(newest.revive, r.seq);
      if (r.type === 'OrderCheckedIn') v.checkedIn = true;
      v.paid += r.amount ?? 0;
    }
    v.cancelled = newest.cancel > newest.revive;
    v.after ??= own;
    // Writers name more of what they knew in `seen` (as decide does with the order's frontier);
    // a superset of the frontier is still true, and it exercises the late-arrival re-fold.
    const seen = foreign.filter((id) => id !== v.after).slice(-3);
    if (seen.length > 0) v.seen = seen;
    return v;
  }

  /** Whether a new event by `d` undoes a cancellation `d` has not heard of. */
  private revives(o: OrderModel, d: Device): boolean {
    return o.recs.some((r) => r.type === 'OrderCancelled' && !knows(r, d, d.actor.deviceId));
  }

  private knownOrder(d: Device): OrderModel | undefined {
    for (let tries = 0; tries < 5 && this.orders.length > 0; tries++) {
      const o = this.random.pick(this.orders);
      if (this.view(o, d).known) return o;
    }
    return undefined;
  }

  private pickLines(catalog: Map<string, Item>, sold: Map<string, number>, checkStock: boolean): Line[] {
    const items = this.random.shuffle([...catalog.values()]).slice(0, this.random.int(1, 4));
    return items.flatMap(({ itemId, priceCents, stock }) => {
      const left = stock === null || !checkStock ? Infinity : stock - (sold.get(itemId) ?? 0);
      const quantity = Math.min(left, this.random.pick(QUANTITIES));
      return quantity > 0 ? [{ itemId, quantity, unitPriceCents: priceCents }] : [];
    });
  }

  private customer(): { name: string; email?: string; phone?: string } {
    const first = this.random.pick(FIRST);
    const last = this.random.pick(LAST);
    const name = `${first[0]!.toUpperCase()}${first.slice(1)} ${last[0]!.toUpperCase()}${last.slice(1)}`;
    const email = this.random.chance(0.7) ? { email: `${first}.${last}${this.random.int(1, 99)}@example.org` } : {};
    const phone = this.random.chance(0.4) ? { phone: `+32 470 ${this.random.int(10, 99)} ${this.random.int(10, 99)} ${this.random.int(10, 99)}` } : {};
    return { name, ...email, ...phone };
  }
}

function knows(r: Rec, by: Device | undefined, self: string): boolean {
  if (r.deviceId === self) return true;
  if (r.bad) return false;
  if (r.log === 'website') return !by || r.index < by.synced.website;
  return r.index >= 0 && (!by || r.index < by.synced.replicated);
}

/** The ways a buggy or outdated device gets an element wrong. */
function malformed(value: { id: string; data: object }, random: Random): unknown {
  switch (random.int(0, 5)) {
    case 0: return { ...value, data: { ...value.data, orderId: '' } };
    case 1: return { ...value, at: 'yesterday evening' };
    case 2: return { ...value, type: 'OrderRefunded' };
    case 3: return { ...value, deviceTime: 12 }; // an unknown field: the schema is strict
    case 4: return { ...value, actor: WEBSITE }; // a website event has no place in `replicated`
    default: return random.chance(0.5) ? null : 'not an event';
  }
}
