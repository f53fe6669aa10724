// The event log's schemas, as ../shared/contract.md fixes them. Types are inferred from the
// schemas so that the parser and the code that folds events can never disagree.
import { z } from 'zod';
import {
  CONFLICT_KINDS, Cents, Customer, DIGEST_PATTERN, Id, MAX_HANDLED_IDS, MAX_REF_EVENTS, MAX_SEEN, Name, Note, OrderNumber, PaymentCents, PricedLines, Reason, Stock, Timestamp,
} from './schema';
import { fastEvent } from './event-check';

export const Role = z.enum(['website', 'manager', 'clerk']);
export type Role = z.infer<typeof Role>;
export const DeviceRole = z.enum(['manager', 'clerk']);
export type DeviceRole = z.infer<typeof DeviceRole>;

export const Actor = z.object({ role: Role, userId: Id, deviceId: Id }).strict();
export type Actor = z.infer<typeof Actor>;

export const PaymentMethod = z.enum(['cash', 'card', 'online', 'transfer']);
export type PaymentMethod = z.infer<typeof PaymentMethod>;

export { MAX_SEEN };

// `seen` is an extension of the contract's envelope: the other newest events of the order
// the writer had seen besides `after`, when concurrent branches left more than one (see
// docs/domain.md, "the single-after limit"). Old events without it keep their meaning.
const envelope = {
  id: Id, at: Timestamp, actor: Actor, after: Id.optional(), seen: z.array(Id).min(1).max(MAX_SEEN).optional(),
};

function eventOf<T extends string, D extends z.ZodType>(type: T, data: D) {
  return z.object({ ...envelope, type: z.literal(type), data }).strict();
}

export const ItemDefined = eventOf(
  'ItemDefined',
  z.object({ itemId: Id, name: Name, priceCents: Cents, stock: Stock }).strict(),
);
export const ItemChanged = eventOf(
  'ItemChanged',
  z
    .object({ itemId: Id, name: Name.optional(), priceCents: Cents.optional(), stock: Stock.optional() })
    .strict(),
);
export const WebsiteOrderingSet = eventOf('WebsiteOrderingSet', z.object({ open: z.boolean() }).strict());
export const OrderPlaced = eventOf(
  'OrderPlaced',
  z
    .object({ orderId: Id, orderNumber: OrderNumber, customer: Customer, lines: PricedLines, note: Note.optional() })
    .strict(),
);
export const OrderLinesChanged = eventOf(
  'OrderLinesChanged',
  z.object({ orderId: Id, lines: PricedLines }).strict(),
);
export const CustomerChanged = eventOf('CustomerChanged', z.object({ orderId: Id, customer: Customer }).strict());
export const OrderCancelled = eventOf(
  'OrderCancelled',
  z.object({ orderId: Id, reason: Reason.optional() }).strict(),
);
export const PaymentRecorded = eventOf(
  'PaymentRecorded',
  z
    // A negative amount is money given back: a refund (an extension; the contract gives the
    // field's shape, and every replica's sum of payments stays the money kept).
    .object({ orderId: Id, paymentId: Id, amountCents: PaymentCents, method: PaymentMethod })
    .strict(),
);
export const OrderCheckedIn = eventOf('OrderCheckedIn', z.object({ orderId: Id }).strict());
// Corrections (an extension): a check-in or a payment recorded by mistake, on the wrong order
// say, is taken back by an event of its own; the log stays append-only and the history shows both.
export const CheckInUndone = eventOf('CheckInUndone', z.object({ orderId: Id }).strict());
export const PaymentVoided = eventOf('PaymentVoided', z.object({ orderId: Id, paymentId: Id }).strict());

export const ConflictKind = z.enum(CONFLICT_KINDS);
export type ConflictKind = z.infer<typeof ConflictKind>;
/**
 * A conflict as the projection reported it: its kind, what it is about, its events (sorted, at
 * most MAX_HANDLED_IDS), how many there were, and past that many a digest of them all.
 */
export const ConflictRef = z.object({
  kind: ConflictKind, orderId: Id.optional(), itemId: Id.optional(), eventIds: z.array(Id).min(1).max(MAX_HANDLED_IDS),
  eventCount: z.number().int().min(1).max(MAX_REF_EVENTS), digest: z.string().regex(DIGEST_PATTERN).optional(),
}).strict();
export type ConflictRef = z.infer<typeof ConflictRef>;
// A conflict the manager has dealt with (an extension). The conflict stays listed, marked
// handled; one that gains events (another order oversold) is a new conflict, not handled.
// `conflict` is nested so that the event is not taken for one of an order's own events.
export const ConflictHandled = eventOf('ConflictHandled', z.object({ conflict: ConflictRef, note: Note.optional() }).strict());
/** A mark taken back (on the wrong conflict, or it was not dealt with after all): the conflict is open again. */
export const ConflictReopened = eventOf('ConflictReopened', z.object({ conflict: ConflictRef, note: Note.optional() }).strict());

export const FundraiserEvent = z.discriminatedUnion('type', [
  ItemDefined, ItemChanged, WebsiteOrderingSet, OrderPlaced, OrderLinesChanged,
  CustomerChanged, OrderCancelled, PaymentRecorded, OrderCheckedIn, CheckInUndone, PaymentVoided,
  ConflictHandled, ConflictReopened,
]);
export type FundraiserEvent = z.infer<typeof FundraiserEvent>;
export type EventType = FundraiserEvent['type'];
export type EventOf<T extends EventType> = Extract<FundraiserEvent, { type: T }>;
export type OrderEvent = EventOf<
  | 'OrderPlaced' | 'OrderLinesChanged' | 'CustomerChanged' | 'OrderCancelled' | 'PaymentRecorded' | 'OrderCheckedIn'
  | 'CheckInUndone' | 'PaymentVoided'
>;
export type CatalogEvent = EventOf<'ItemDefined' | 'ItemChanged' | 'WebsiteOrderingSet'>;
export type HandledEvent = EventOf<'ConflictHandled' | 'ConflictReopened'>;

export const EVENT_TYPES = FundraiserEvent.options.map((o) => o.shape.type.value) as EventType[];

/** Who may write which type: the contract's table. */
export const WRITERS: Record<EventType, readonly Role[]> = {
  ItemDefined: ['manager'],
  ItemChanged: ['manager'],
  WebsiteOrderingSet: ['manager'],
  OrderPlaced: ['website', 'manager', 'clerk'],
  OrderLinesChanged: ['manager', 'clerk'],
  CustomerChanged: ['manager', 'clerk'],
  OrderCancelled: ['website', 'manager', 'clerk'],
  PaymentRecorded: ['manager', 'clerk'],
  OrderCheckedIn: ['manager', 'clerk'],
  CheckInUndone: ['manager', 'clerk'],
  PaymentVoided: ['manager', 'clerk'],
  ConflictHandled: ['manager'],
  ConflictReopened: ['manager'],
};

export function mayWrite(role: Role, type: EventType): boolean {
  return WRITERS[type].includes(role);
}

export function isOrderEvent(event: FundraiserEvent): event is OrderEvent {
  return 'orderId' in event.data;
}

/** The two roots of the document, and who writes each. */
export type LogName = 'website' | 'replicated';

export type ParsedEvent = { ok: true; event: FundraiserEvent } | { ok: false; reason: string };

/** A JSON text cap per event: a device update carrying megabytes in one event is refused. */
export const MAX_EVENT_JSON_BYTES = 16_384;

/**
 * Parses one element of a log. Never throws: anything from outside becomes a reason a
 * person can read. The root decides which roles are legitimate: only the server writes
 * `website`, and only devices write `replicated`.
 */
export function parseLogEntry(log: LogName, value: unknown): ParsedEvent {
  const event = fastEvent(value) ?? parsedByZod(value);
  if (typeof event === 'string') return { ok: false, reason: event };
  if (!mayWrite(event.actor.role, event.type)) {
    return { ok: false, reason: `a ${event.actor.role} may not write ${event.type}` };
  }
  const fromWebsite = event.actor.role === 'website';
  if (fromWebsite !== (log === 'website')) {
    return { ok: false, reason: `a ${event.actor.role} event does not belong in the ${log} log` };
  }
  return { ok: true, event };
}

/** How the reason for an event of a type this code does not know begins: a newer app wrote it
 *  (an extension added since), and an app that meets one should say "reload to update". */
export const UNKNOWN_TYPE = 'unknown event type';

/** The schema of record: a copy of the event (strings trimmed), or why it is not one. */
function parsedByZod(value: unknown): FundraiserEvent | string {
  const type = typeof value === 'object' && value !== null ? (value as { type?: unknown }).type : undefined;
  if (typeof type === 'string' && !(EVENT_TYPES as string[]).includes(type)) return `${UNKNOWN_TYPE} ${JSON.stringify(type.slice(0, 40))}`;
  const result = FundraiserEvent.safeParse(value);
  return result.success ? result.data : describeIssues(result.error);
}

export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.length ? issue.path.join('.') : 'event'}: ${issue.message}`)
    .join('; ');
}
