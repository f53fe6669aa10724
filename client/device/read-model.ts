// The read model a device can show before its Y.Doc is loaded: what the clerk's first screen
// needs (every order's id, number, name, contact and check-in, newest first; the catalog; the conflicts)
// and, per order, the fields of its check-in card as a JSON text parsed only when the card is
// shown. Columns of strings rather than 28k objects: reading and checking them costs a few
// milliseconds, where a zod parse of every order would cost about the baseline of bench row 1.
// Built from the projection (to write) and checked with zod (on read: it is outside input).
import { z } from 'zod';
import { Actor, isOpen } from '../../domain'; // Actor: the schema, for a handled mark's writer
import type { CatalogItem, Conflict, OrderView, Projection } from '../../domain';

/** Bump when the domain's fold or this format changes: an older snapshot is then not used. */
export const READ_MODEL_VERSION = 10; // 10: an oversold conflict's orderIds

/** What the clerk's list, search and check-in card show of an order. An OrderView is one. */
export interface ListedOrder {
  orderId: string;
  orderNumber: string;
  status: OrderView['status'];
  /** Email and phone where the order has them: they tell two orders of one name apart. */
  customer: { name: string; email?: string | undefined; phone?: string | undefined };
  /** Only once the doc is loaded: a snapshot does not keep notes. */
  note?: string | undefined;
  lines: { itemId: string; quantity: number }[];
  totalCents: number;
  paidCents: number;
  checkedIn: boolean;
  cancelled: boolean;
}

export interface ReadModel {
  version: number;
  items: CatalogItem[];
  websiteOpen: boolean;
  /** The conflicts as one JSON text (3k conflicts, 1 MB at 100k events), parsed when first shown. */
  conflicts: string;
  conflictCount: number;
  /** Those not marked handled: the count the apps show. */
  openConflicts: number;
  /** Newest first. */
  ids: string[];
  numbers: string[];
  names: string[];
  /** The customer's email and phone ('' where none): the search finds a caller by them, a card shows them. */
  emails: string[];
  phones: string[];
  checkedIn: boolean[];
  /** One JSON text per order: its Card (below). */
  cards: string[];
}

const Str = z.string();
const CatalogItemSchema = z.object({
  itemId: Str, name: Str, priceCents: z.number(), stock: z.number().nullable(), sold: z.number(), available: z.number().nullable(),
});
const HandledSchema = z.object({ eventId: Str, at: Str, actor: Actor, note: Str.optional() });
const ConflictSchema = z.object({
  kind: z.enum(['oversold', 'overruled', 'concurrent_edit', 'overpaid', 'overrefunded', 'orphan', 'duplicate', 'duplicate_number']),
  orderId: Str.optional(), itemId: Str.optional(), eventIds: z.array(Str), orderIds: z.array(Str).optional(), message: Str,
  handled: HandledSchema.optional(), alsoHandled: z.array(HandledSchema).optional(), handledBefore: HandledSchema.optional(), reopened: HandledSchema.optional(),
  concurrentPayments: z.literal(true).optional(),
});
const Column = z.array(z.string());

export const ReadModelSchema = z.object({
  version: z.literal(READ_MODEL_VERSION),
  items: z.array(CatalogItemSchema),
  websiteOpen: z.boolean(),
  conflicts: z.string(),
  conflictCount: z.number().int().min(0),
  openConflicts: z.number().int().min(0),
  ids: Column, numbers: Column, names: Column, emails: Column, phones: Column, checkedIn: z.array(z.boolean()), cards: Column,
}).refine((m) => [m.numbers, m.names, m.emails, m.phones, m.checkedIn, m.cards].every((c) => c.length === m.ids.length), 'columns differ in length');

const CardSchema = z.object({
  status: z.enum(['placed', 'paid', 'checked_in', 'cancelled']),
  lines: z.array(z.object({ itemId: Str, quantity: z.number() })),
  totalCents: z.number(), paidCents: z.number(), cancelled: z.boolean(),
});
type Card = z.infer<typeof CardSchema>;

/** The projection's state now, newest order first. */
export function readModelOf(projection: Projection): ReadModel {
  const orders = newestFirst(projection.orders());
  return {
    version: READ_MODEL_VERSION, items: projection.items(), websiteOpen: projection.websiteOpen,
    conflicts: JSON.stringify(projection.conflicts()), conflictCount: projection.conflicts().length,
    openConflicts: projection.conflicts().filter(isOpen).length,
    ids: orders.map((o) => o.orderId), numbers: orders.map((o) => o.orderNumber), names: orders.map((o) => o.customer.name),
    emails: orders.map((o) => o.customer.email ?? ''), phones: orders.map((o) => o.customer.phone ?? ''),
    checkedIn: orders.map((o) => o.checkedIn), cards: orders.map(cardText),
  };
}

function cardText(order: OrderView): string {
  const card: Card = {
    status: order.status, lines: order.lines.map((l) => ({ itemId: l.itemId, quantity: l.quantity })),
    totalCents: order.totalCents, paidCents: order.paidCents, cancelled: order.cancelled,
  };
  return JSON.stringify(card);
}

/** The read model's conflicts, or undefined where their text does not parse. */
export function conflictsOf(model: ReadModel): Conflict[] | undefined {
  try {
    const conflicts = z.array(ConflictSchema).safeParse(JSON.parse(model.conflicts));
    return conflicts.success && conflicts.data.length === model.conflictCount ? conflicts.data as Conflict[] : undefined;
  } catch {
    return undefined;
  }
}

/** The read model's order at `index`, or undefined where its card text does not parse. */
export function listedAt(model: ReadModel, index: number): ListedOrder | undefined {
  try {
    const card = CardSchema.safeParse(JSON.parse(model.cards[index]!));
    if (!card.success) return undefined;
    const customer = { name: model.names[index]!, ...(model.emails[index] ? { email: model.emails[index] } : {}), ...(model.phones[index] ? { phone: model.phones[index] } : {}) };
    return { orderId: model.ids[index]!, orderNumber: model.numbers[index]!, customer, checkedIn: model.checkedIn[index]!, ...card.data };
  } catch {
    return undefined;
  }
}

type Placed = { placedAt: string; orderId: string };

/** Sort comparator: negative when `a` is listed before `b` (placed later; then by id). */
export function newerFirst(a: Placed, b: Placed): number {
  return a.placedAt < b.placedAt ? 1 : a.placedAt > b.placedAt ? -1 : a.orderId < b.orderId ? -1 : a.orderId > b.orderId ? 1 : 0;
}

export function newestFirst<T extends Placed>(orders: T[]): T[] {
  return orders.sort(newerFirst);
}
