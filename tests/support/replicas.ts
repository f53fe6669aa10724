// The simulated fundraiser's replicas, for generator.ts: the server's two logs, each device's
// stream and outbox, syncing, and what each writer knows of an order when it acts. The World
// in generator.ts drives them through the two phases of a fundraiser.
import type { Actor, LogName } from '../../domain';
import { Random } from './random';

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
  /** Mistakes put right too (default off, so seeded logs stay as they were): payments and
   *  check-ins undone, refunds of what was paid too much, conflicts marked handled and reopened. */
  corrections?: boolean;
}

export type Line = { itemId: string; quantity: number; unitPriceCents: number };
export interface Item { itemId: string; name: string; priceCents: number; stock: number | null }
/** What the generator remembers of an event, to tell what each writer knew. */
export interface Rec {
  id: string; deviceId: string; type: string; log: LogName;
  index: number; // position in its log once the server has it; -1 while in an outbox
  seq: number; lines?: Line[]; amount?: number; revives?: boolean; bad?: boolean;
  /** A payment's id; for an undone payment, the payment it takes back. */
  paymentId?: string; voids?: string;
}
export interface OrderModel { orderId: string; recs: Rec[]; website: boolean }
export interface Device {
  actor: Actor; stream: unknown[]; outbox: { value?: unknown; rec?: Rec; onSync?: () => void }[];
  synced: Record<LogName, number>; online: boolean; skewMs: number;
  catalog: Map<string, Item>; sold: Map<string, number>; open: boolean;
}
export interface View {
  known: boolean; lines: Line[]; cancelled: boolean; checkedIn: boolean; paid: number; after?: string; seen?: string[];
  /** The payments (and refunds) the writer knows and has not seen undone. */
  payments: { paymentId: string; amount: number }[];
}

export const WEBSITE: Actor = { role: 'website', userId: 'website', deviceId: 'server' };
export const MENU: [string, string, number][] = [
  ['spaghetti', 'Spaghetti bolognese', 1250], ['veggie', 'Veggie spaghetti', 1150], ['kids', 'Kids menu', 750],
  ['waffle', 'Waffle', 350], ['mousse', 'Chocolate mousse', 400], ['coffee', 'Coffee', 200],
  ['beer', 'Beer', 300], ['wine', 'Glass of wine', 450], ['lasagne', 'Lasagne', 1400],
];
export const FIRST = ['anna', 'bram', 'chloe', 'dirk', 'emma', 'finn', 'greet', 'hugo', 'ines', 'jan', 'lotte', 'milan'];
export const LAST = ['peeters', 'janssens', 'maes', 'jacobs', 'mertens', 'willems', 'claes', 'goossens', 'wouters'];
export const QUANTITIES = [1, 1, 1, 2, 2, 2, 3, 4];
export const DAY = 86_400_000;

/** The state every writer acts on; World (generator.ts) decides who does what, when. */
export class Replicas {
  readonly website: unknown[] = [];
  readonly replicated: unknown[] = [];
  readonly devices: Device[];
  protected readonly orders: OrderModel[] = [];
  protected readonly random: Random;
  protected readonly server = { catalog: new Map<string, Item>(), sold: new Map<string, number>(), open: false };
  protected readonly manager: Device;
  protected readonly target: number;
  protected readonly faultRate: number;
  protected clock = Date.parse('2026-11-10T09:00:00.000Z');
  protected counter = 0;

  constructor(protected readonly options: GenerateOptions) {
    this.random = new Random(options.seed);
    this.target = Math.max(1, options.orders ?? 40);
    this.faultRate = options.faults ?? 0.02;
    const count = Math.max(1, options.devices ?? this.random.int(3, 5));
    this.devices = Array.from({ length: count }, (_, i) => this.device(i));
    this.manager = this.devices[0]!;
  }

  protected device(i: number): Device {
    const actor: Actor = i === 0
      ? { role: 'manager', userId: 'mia', deviceId: 'mia-laptop' }
      : { role: 'clerk', userId: FIRST[i % FIRST.length]!, deviceId: `door-${i}` };
    return {
      actor, stream: [], outbox: [], synced: { website: 0, replicated: 0 }, online: true,
      skewMs: this.random.int(-120, 120) * 1000, catalog: new Map(), sold: new Map(), open: false,
    };
  }

  /** A catalog change holds on the manager's device at once, and on the server once synced. */
  protected onManager(change: (catalog: Map<string, Item>) => void): void {
    change(this.manager.catalog);
    this.manager.outbox.push({ onSync: () => change(this.server.catalog) });
  }

  // ---- writing and syncing ---------------------------------------------------------

  protected emit(by: Device | undefined, type: string, data: object, order?: OrderModel, extra: Partial<Rec> = {}): void {
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

  protected send(d: Device, value: unknown, rec?: Rec): void {
    d.stream.push(value);
    d.outbox.push({ value, rec });
  }

  protected sync(d: Device): void {
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
  protected book(d: Device | undefined, before: Line[], after: Line[]): void {
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
  protected view(order: OrderModel, by: Device | undefined): View {
    const self = by?.actor.deviceId ?? WEBSITE.deviceId;
    const v: View = { known: false, lines: [], cancelled: false, checkedIn: false, paid: 0, payments: [] };
    const newest = { lines: -1, foreign: -1, own: -1, cancel: -1, revive: -1, checkIn: -1, undo: -1 };
    const voided = new Set<string>();
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
      if (r.type === 'OrderCheckedIn') newest.checkIn = Math.max(newest.checkIn, r.seq);
      if (r.type === 'CheckInUndone') newest.undo = Math.max(newest.undo, r.seq);
      if (r.voids) voided.add(r.voids);
      if (r.paymentId && r.amount) v.payments.push({ paymentId: r.paymentId, amount: r.amount });
    }
    v.payments = v.payments.filter((p, i, all) => !voided.has(p.paymentId) && all.findIndex((q) => q.paymentId === p.paymentId) === i);
    v.paid = v.payments.reduce((sum, p) => sum + p.amount, 0);
    v.checkedIn = newest.checkIn > newest.undo;
    v.cancelled = newest.cancel > newest.revive;
    v.after ??= own;
    // Writers name more of what they knew in `seen` (as decide does with the order's frontier);
    // a superset of the frontier is still true, and it exercises the late-arrival re-fold.
    const seen = foreign.filter((id) => id !== v.after).slice(-3);
    if (seen.length > 0) v.seen = seen;
    return v;
  }

  /** Whether a new event by `d` undoes a cancellation `d` has not heard of. */
  protected revives(o: OrderModel, d: Device): boolean {
    return o.recs.some((r) => r.type === 'OrderCancelled' && !knows(r, d, d.actor.deviceId));
  }

  protected knownOrder(d: Device): OrderModel | undefined {
    for (let tries = 0; tries < 5 && this.orders.length > 0; tries++) {
      const o = this.random.pick(this.orders);
      if (this.view(o, d).known) return o;
    }
    return undefined;
  }

  protected pickLines(catalog: Map<string, Item>, sold: Map<string, number>, checkStock: boolean): Line[] {
    const items = this.random.shuffle([...catalog.values()]).slice(0, this.random.int(1, 4));
    return items.flatMap(({ itemId, priceCents, stock }) => {
      const left = stock === null || !checkStock ? Infinity : stock - (sold.get(itemId) ?? 0);
      const quantity = Math.min(left, this.random.pick(QUANTITIES));
      return quantity > 0 ? [{ itemId, quantity, unitPriceCents: priceCents }] : [];
    });
  }

  protected customer(): { name: string; email?: string; phone?: string } {
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
