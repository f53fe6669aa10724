// Folds the events of ONE order, in fold order, into its view and its conflicts.
// Every order is folded on its own: an order's outcome depends only on its own events,
// which is what lets the projection re-fold a single order when a late website event
// lands before device events that are already applied.
import type { EventOf, OrderEvent } from './events';
import type { Customer, PricedLine } from './schema';
import type { Conflict, Logged, OrderStatus, OrderView, Rejected } from './types';
import { formatCents, sentence, who } from './describe';
import { Causality } from './causality';
import { appended } from './short-lists';
import { capital, conflict, reportOverride } from './order-conflicts';
import { corrected, setCheckedIn, voidPayment } from './order-corrections';

export type Entry = Logged<OrderEvent>;
type Placement = Logged<EventOf<'OrderPlaced'>>;

export interface OrderState {
  orderId: string;
  causality: Causality;
  placed?: Placement;
  view?: OrderView;
  /** The last event that set each aspect, to tell a concurrent change from an informed one. */
  linesBy?: Entry;
  customerBy?: Entry;
  cancelledBy?: Entry;
  /** The last event that changed whether it is checked in (a check-in, or its undo). */
  checkedInBy?: Entry;
  /** Payments taken back as recorded by mistake (PaymentVoided): their ids. */
  voided: string[];
  /** The last correction of the money (a refund, or an undone payment). */
  correctedBy?: Entry;
  revivers: Entry[];
  foldConflicts: Conflict[];
  rejected: Rejected[];
  /** Set only by orderHistory: collects the entries that went into the view. */
  history: Entry[] | undefined;
}

/** The `voided` of every order that has none (almost all): no empty list per order (row 7's
 *  memory); `appended` copies a list this short rather than push into it. */
const NONE_VOIDED: string[] = Object.freeze([]) as unknown as string[];

export function initialOrderState(orderId: string): OrderState {
  // Every field from the start: one shape for all states keeps the fold's reads monomorphic.
  return {
    orderId, causality: new Causality(), placed: undefined, view: undefined, linesBy: undefined,
    customerBy: undefined, cancelledBy: undefined, checkedInBy: undefined, voided: NONE_VOIDED, correctedBy: undefined, revivers: [], foldConflicts: [], rejected: [],
    history: undefined,
  };
}

/**
 * evolve(state, event) for one order. The accumulator is owned by the fold and updated in
 * place (an order's state is small, but a 100k-event log must not copy maps per event).
 */
export function evolveOrder(state: OrderState, entry: Entry): OrderState {
  const { event } = entry;
  if (!state.causality.addAndApply(entry)) {
    state.rejected.push({ log: entry.log, eventId: event.id, reason: `event ${event.id} is already applied` });
    return state;
  }
  if (event.type === 'OrderPlaced') return place(state, entry as Placement);
  if (!state.view) return orphan(state, entry);
  applyToPlaced(state, entry, state.view);
  state.history?.push(entry);
  state.view.lastEventId = event.id;
  return state;
}

function applyToPlaced(state: OrderState, entry: Entry, view: OrderView): void {
  const { event } = entry;
  switch (event.type) {
    case 'OrderLinesChanged':
      changeAspect(state, entry, 'linesBy', sameLines(view.lines, event.data.lines));
      view.lines = event.data.lines;
      view.totalCents = totalOf(view.lines);
      return revive(state, entry);
    case 'CustomerChanged':
      changeAspect(state, entry, 'customerBy', sameCustomer(view.customer, event.data.customer));
      view.customer = event.data.customer;
      return;
    case 'OrderCancelled':
      return cancel(state, entry);
    case 'PaymentRecorded':
      return pay(state, entry as Logged<EventOf<'PaymentRecorded'>>, view);
    case 'OrderCheckedIn':
      setCheckedIn(state, entry, view, true);
      return revive(state, entry);
    case 'CheckInUndone':
      return setCheckedIn(state, entry, view, false);
    case 'PaymentVoided':
      return voidPayment(state, entry as Logged<EventOf<'PaymentVoided'>>, view);
  }
}

function place(state: OrderState, entry: Placement): OrderState {
  if (state.placed) {
    const first = state.placed.event;
    conflict(state, 'duplicate', [first.id, entry.event.id],
      `Order ${first.data.orderNumber} was placed twice with the same order id: ${sentence(first)}, ` +
      `and ${sentence(entry.event)}. The second placement is ignored.`);
    return state;
  }
  state.placed = entry;
  state.linesBy = entry;
  state.customerBy = entry;
  state.view = placedView(entry);
  state.history?.push(entry);
  return state;
}

/**
 * The view of a new order. Two literals rather than spreading an optional `note` into one:
 * the spread made every placement ≈1 µs slower. Same keys in the same order either way.
 */
function placedView(entry: Placement): OrderView {
  const { data, at, actor, id } = entry.event;
  const { orderId, orderNumber, customer, lines, note } = data;
  const totalCents = totalOf(lines);
  return note
    ? {
      orderId, orderNumber, status: 'placed', customer, lines, note, totalCents, paidCents: 0,
      checkedIn: false, cancelled: false, placedAt: at, placedBy: actor, payments: [], lastEventId: id,
    }
    : {
      orderId, orderNumber, status: 'placed', customer, lines, totalCents, paidCents: 0,
      checkedIn: false, cancelled: false, placedAt: at, placedBy: actor, payments: [], lastEventId: id,
    };
}

function orphan(state: OrderState, entry: Entry): OrderState {
  conflict(state, 'orphan', [entry.event.id],
    `${capital(sentence(entry.event))} for order id ${state.orderId}, but no such order has been placed. ` +
    'Nothing was changed; if the order turns up later in the log this stays unapplied.');
  return state;
}

/** Two writers changed the same aspect without seeing each other: the later in fold order wins, loudly. */
function changeAspect(state: OrderState, entry: Entry, aspect: 'linesBy' | 'customerBy', unchanged: boolean): void {
  const previous = state[aspect];
  if (previous && !unchanged && state.causality.concurrent(previous, entry)) {
    reportOverride(state, previous, entry, 'The one named second was kept (not necessarily the later by the clock); the first was replaced.');
  }
  state[aspect] = entry;
}

function cancel(state: OrderState, entry: Entry): void {
  if (state.cancelledBy) return;
  const unseen = state.revivers.find((r) => state.causality.concurrent(r, entry));
  if (unseen) {
    reportOverride(state, unseen, entry, 'The cancellation stands: it comes after that change in the shared log, whatever the clocks said.');
  }
  state.cancelledBy = entry;
}

/** Checking in, paying or changing lines of an order revives it if its cancellation was not seen. */
function revive(state: OrderState, entry: Entry): void {
  state.revivers = appended(state.revivers, entry);
  const cancelled = state.cancelledBy;
  if (!cancelled || !state.causality.concurrent(cancelled, entry)) return;
  reportOverride(state, cancelled, entry, 'So the order became active again: this change was kept over the cancellation.');
  state.cancelledBy = undefined;
}

function pay(state: OrderState, entry: Logged<EventOf<'PaymentRecorded'>>, view: OrderView): void {
  const { data, id, at, actor } = entry.event;
  if (hasPayment(view, data.paymentId)) {
    conflict(state, 'duplicate', [id],
      `${capital(sentence(entry.event))} on order ${view.orderNumber}, but payment ${data.paymentId} ` +
      'is already recorded. It is not counted twice.');
    return;
  }
  view.payments = appended(view.payments, { paymentId: data.paymentId, amountCents: data.amountCents, method: data.method, eventId: id, at, actor });
  view.paidCents += data.amountCents;
  if (data.amountCents < 0) corrected(state, entry);
  revive(state, entry);
}

function hasPayment(view: OrderView, paymentId: string): boolean {
  for (let i = 0; i < view.payments.length; i++) if (view.payments[i]!.paymentId === paymentId) return true;
  return false;
}

/**
 * Status and the overpaid check are derived once the events are folded. The totals are
 * kept as lines and payments change (the sums they always were: lines in order, payments
 * in fold order), so settling reads none of an order's older lines or payments.
 */
export function settleOrder(state: OrderState): Conflict[] {
  const view = state.view;
  if (!view) return state.foldConflicts;
  view.cancelled = state.cancelledBy !== undefined;
  view.status = statusOf(view);
  const settled = [overpaidConflict(state, view), checkedInOwing(state, view)].filter((c) => c !== undefined);
  return settled.length > 0 ? [...state.foldConflicts, ...settled] : state.foldConflicts;
}

/**
 * Lines changed (a plate added) on one device while another checked the customer in, neither
 * seeing the other: the door let them in on the old total, so the order is in and owes. Said
 * as the two changes that did not see each other, with what is owed; gone once it is paid.
 */
function checkedInOwing(state: OrderState, view: OrderView): Conflict | undefined {
  const { linesBy, checkedInBy } = state;
  if (!view.checkedIn || view.cancelled || view.paidCents >= view.totalCents) return undefined;
  if (linesBy?.event.type !== 'OrderLinesChanged' || checkedInBy?.event.type !== 'OrderCheckedIn') return undefined;
  if (!state.causality.concurrent(linesBy, checkedInBy)) return undefined;
  return {
    kind: 'concurrent_edit', orderId: state.orderId, eventIds: [linesBy.event.id, checkedInBy.event.id],
    message: `Order ${view.orderNumber} (${view.customer.name}): ${sentence(linesBy.event)}; and ${sentence(checkedInBy.event)}, ` +
      `while neither had seen the other. It is checked in and ${formatCents(view.totalCents - view.paidCents)} is still owed.`,
  };
}

function totalOf(lines: readonly PricedLine[]): number {
  let total = 0;
  for (let i = 0; i < lines.length; i++) total += lines[i]!.quantity * lines[i]!.unitPriceCents;
  return total;
}

function statusOf(view: OrderView): OrderStatus {
  if (view.cancelled) return 'cancelled';
  if (view.checkedIn) return 'checked_in';
  return view.totalCents > 0 && view.paidCents >= view.totalCents ? 'paid' : 'placed';
}

/** What was paid beyond what the order costs (all of it, once cancelled): to give back. */
export function refundDue(view: Pick<OrderView, 'cancelled' | 'totalCents' | 'paidCents'>): number {
  return Math.max(0, view.paidCents - (view.cancelled ? 0 : view.totalCents));
}

function overpaidConflict(state: OrderState, view: OrderView): Conflict | undefined {
  const { orderId } = state;
  if (view.paidCents < 0) return overRefunded(orderId, view);
  const owed = view.cancelled ? 0 : view.totalCents;
  if (view.paidCents <= owed) return undefined;
  const why = view.cancelled ? 'it is cancelled' : `it only costs ${formatCents(view.totalCents)}`;
  const payers = [...new Set(view.payments.map((p) => who(p.actor)))].join(' and ');
  const conflict: Conflict = {
    kind: 'overpaid', orderId, eventIds: view.payments.map((p) => p.eventId),
    message: `Order ${view.orderNumber} (${view.customer.name}) has ${formatCents(view.paidCents)} paid ` +
      `(taken by ${payers}) but ${why}: ${formatCents(view.paidCents - owed)} should be refunded.`,
  };
  if (paidUnseen(state, view)) conflict.concurrentPayments = true;
  return conflict;
}

/** Whether two payments (not refunds) were recorded without either seeing the other: perhaps one money recorded twice. */
function paidUnseen(state: OrderState, view: OrderView): boolean {
  const paid = view.payments.filter((p) => p.amountCents > 0);
  for (let i = 0; i < paid.length; i++) {
    for (let j = i + 1; j < paid.length; j++) if (state.causality.concurrentIds(paid[i]!.eventId, paid[j]!.eventId)) return true;
  }
  return false;
}

/** Refunds recorded on two devices, each unaware of the other, can give back more than was paid. */
function overRefunded(orderId: string, view: OrderView): Conflict {
  const refunds = view.payments.filter((p) => p.amountCents < 0);
  const givers = [...new Set(refunds.map((p) => who(p.actor)))].join(' and ');
  return {
    kind: 'overrefunded', orderId, eventIds: refunds.map((p) => p.eventId),
    message: `Order ${view.orderNumber} (${view.customer.name}): ${formatCents(-view.paidCents)} more was given back ` +
      `(by ${givers}) than was paid. Ask the customer to return it, or write it off.`,
  };
}

/**
 * Folds all of an order's entries (in fold order) into `state`, a fresh one. Every entry is
 * registered before any is judged: a website event's `after` may name a device event that
 * folds later.
 */
export function refoldOrder(state: OrderState, entries: readonly Entry[]): OrderState {
  for (const entry of entries) state.causality.add(entry);
  for (const entry of entries) evolveOrder(state, entry);
  return state;
}

// Field by field rather than by JSON text: events are used as their writer's JSON left
// them (event-check.ts), so two equal customers may list their keys in different orders.
function sameLines(a: readonly PricedLine[], b: readonly PricedLine[]): boolean {
  return a.length === b.length && a.every((line, i) => {
    const other = b[i]!;
    return line.itemId === other.itemId && line.quantity === other.quantity && line.unitPriceCents === other.unitPriceCents;
  });
}

function sameCustomer(a: Customer, b: Customer): boolean {
  return a.name === b.name && a.email === b.email && a.phone === b.phone;
}
