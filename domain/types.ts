// What the projection shows: the shapes every replica (server, manager, clerk) agrees on.
import type { Actor, ConflictKind, EventType, FundraiserEvent, LogName, PaymentMethod } from './events';
import type { Customer, PricedLine } from './schema';

/** Who marked a conflict handled, when, and why (the ConflictHandled extension). */
export interface Handled {
  eventId: string;
  at: string;
  actor: Actor;
  note?: string;
}

export interface Conflict {
  kind: ConflictKind;
  orderId?: string;
  itemId?: string;
  eventIds: string[];
  /**
   * Only on `oversold`: the orders holding the units past the stock, as its message names them
   * (fold order of their first such unit), so each order's card and detail can show it.
   */
  orderIds?: string[];
  message: string;
  /** Present once a manager marked it handled; the conflict stays listed. */
  handled?: Handled;
  /** Other managers' marks of it, written without seeing the first (fold order). */
  alsoHandled?: Handled[];
  /** An open conflict marked handled before it changed (gained events) or was reopened: the latest such mark. */
  handledBefore?: Handled;
  /** The mark taken back: who reopened it, when, why. */
  reopened?: Handled;
  /**
   * Only on `overpaid`: two of its payments were recorded without either seeing the other, so
   * the same money may have been recorded twice (undo one) rather than taken twice (refund).
   * Absent where the order was paid and then cancelled or made cheaper: the money goes back.
   */
  concurrentPayments?: true;
}

/** An element of a log that could not be applied at all, with the reason. */
export interface Rejected {
  log: LogName;
  eventId?: string;
  reason: string;
}

export type OrderStatus = 'placed' | 'paid' | 'checked_in' | 'cancelled';

export interface HistoryEntry {
  eventId: string;
  type: EventType;
  at: string;
  actor: Actor;
  log: LogName;
  /** The whole sentence: who, what, when, which event. */
  description: string;
  /** Only what was done ("took a cash payment of 21.00"), for a table that shows who and when beside it. */
  what: string;
}

export interface Payment {
  paymentId: string;
  amountCents: number;
  method: PaymentMethod;
  eventId: string;
  at: string;
  actor: Actor;
}

export interface OrderView {
  orderId: string;
  orderNumber: string;
  status: OrderStatus;
  customer: Customer;
  lines: PricedLine[];
  note?: string;
  totalCents: number;
  paidCents: number;
  checkedIn: boolean;
  cancelled: boolean;
  placedAt: string;
  placedBy: Actor;
  payments: Payment[];
  /** The newest event of this order in fold order: what a writer puts in `after`. */
  lastEventId: string;
}

export interface CatalogItem {
  itemId: string;
  name: string;
  priceCents: number;
  /** Units for sale in all; null where unlimited. */
  stock: number | null;
  /** Units on orders that are not cancelled. */
  sold: number;
  /** Units left (never below 0), or null where unlimited. */
  available: number | null;
}

/** One element of a log, with where it stands; `pos` moves when elements are inserted before it. */
export interface Logged<E extends FundraiserEvent = FundraiserEvent> {
  event: E;
  log: LogName;
  pos: number;
}

/** Fold order: every website event before every replicated one, each log in array order. */
export function foldOrder(a: { log: LogName; pos: number }, b: { log: LogName; pos: number }): number {
  if (a.log !== b.log) return a.log === 'website' ? -1 : 1;
  return a.pos - b.pos;
}
