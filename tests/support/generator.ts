// Seeded, realistic fundraiser logs for tests and benchmarks. A manager seeds the catalog,
// customers order on the website for two weeks, then on the evening clerks at the doors
// check people in, take payments and walk-in orders. Devices only know what they last
// synced, so their `after`s show real concurrency: overruled cancellations, double payments,
// concurrent edits, overselling. A few faults (malformed, re-sent, orphan events) are mixed
// in. No Math.random: the same options give the same logs on every machine.
import { Projection, conflictRef, isOpen } from '../../domain';
import type { Actor } from '../../domain';
import { DAY, MENU, QUANTITIES, Replicas } from './replicas';
import type { Device, GenerateOptions, Item, OrderModel } from './replicas';

export { Random } from './random';
export { interleave, scheduleDelivery } from './delivery';
export type { Delivery } from './delivery';
export type { GenerateOptions } from './replicas';

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

/** The fundraiser's story: the catalog, two weeks of presale, the evening at the doors. */
class World extends Replicas {
  run(): void {
    this.seedCatalog();
    for (const d of this.devices) this.sync(d);
    const online = Math.round(this.target * 0.75);
    this.presale(online);
    this.eventNight(this.target - online);
    for (const d of this.devices) this.sync(d);
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
    if (this.options.corrections) this.doorMistake(d, o);
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
    if (this.options.corrections) this.managerCorrection();
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

  // ---- mistakes put right (options.corrections) ----------------------------------------

  /** At the door: the payment or check-in was for the wrong order, so it is undone (and the
   *  right one may follow later), or lines were cut and the money paid too much goes back. */
  private doorMistake(d: Device, o: OrderModel): void {
    const roll = this.random.next();
    const v = this.view(o, d);
    if (roll < 0.04 && v.payments.length > 0) this.voidPayment(d, o, this.random.pick(v.payments).paymentId);
    else if (roll < 0.07 && v.checkedIn) this.emit(d, 'CheckInUndone', { orderId: o.orderId }, o);
    else if (roll < 0.1) this.amend(d, o);
    if (roll < 0.1) this.refundExcess(d, o);
  }

  /** The manager gives back what was paid too much, undoes a payment, or deals with a conflict. */
  private managerCorrection(): void {
    const m = this.manager;
    const roll = this.random.next();
    const o = roll < 0.2 ? this.knownOrder(m) : undefined;
    if (o && roll < 0.15) this.refundExcess(m, o);
    else if (o) {
      const { payments } = this.view(o, m);
      if (payments.length > 0) this.voidPayment(m, o, this.random.pick(payments).paymentId);
    } else if (roll < 0.3) this.markConflict();
  }

  private voidPayment(d: Device, o: OrderModel, paymentId: string): void {
    this.emit(d, 'PaymentVoided', { orderId: o.orderId, paymentId }, o, { voids: paymentId });
  }

  /** A refund (a negative payment) of what the writer believes was paid too much, if any. */
  private refundExcess(d: Device, o: OrderModel): void {
    const v = this.view(o, d);
    const due = v.cancelled ? 0 : v.lines.reduce((s, l) => s + l.quantity * l.unitPriceCents, 0);
    if (!v.known || v.paid <= due) return;
    const paymentId = `pay-${++this.counter}`;
    const data = { orderId: o.orderId, paymentId, amountCents: due - v.paid, method: 'cash' };
    this.emit(d, 'PaymentRecorded', data, o, { amount: due - v.paid, paymentId });
  }

  /** The manager marks one of the conflicts her copy reports handled, or takes a mark back. */
  private markConflict(): void {
    const m = this.manager;
    const mine = m.outbox.flatMap((entry) => (entry.value === undefined ? [] : [entry.value]));
    const known = Projection.fold(this.website.slice(0, m.synced.website), [...this.replicated.slice(0, m.synced.replicated), ...mine]);
    const conflicts = known.conflicts();
    const open = conflicts.filter(isOpen);
    const handled = conflicts.filter((c) => !isOpen(c));
    if (handled.length > 0 && this.random.chance(0.15)) {
      this.emit(m, 'ConflictReopened', { conflict: conflictRef(this.random.pick(handled)), note: 'Not settled after all' });
    } else if (open.length > 0) {
      this.emit(m, 'ConflictHandled', { conflict: conflictRef(this.random.pick(open)), note: 'Spoke to them at the door' });
    }
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
      this.emit(d, 'PaymentRecorded', data, o, { amount: amountCents, paymentId, revives: this.revives(o, d) });
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
}
