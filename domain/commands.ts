// What users ask for. Commands are parsed like events (a UI gets field-level issues from
// the same schemas), then `decide` turns one into the events that record it.
import { z } from 'zod';
import { Actor, ConflictRef, PaymentMethod } from './events';
import { Cents, Customer, Id, Name, Note, OrderNumber, Quantity, Reason, Stock, Timestamp, MAX_LINES, uniqueItems } from './schema';

/** A line as a user asks for it: devices may set a price, the website never does. */
export const RequestedLine = z.object({ itemId: Id, quantity: Quantity, unitPriceCents: Cents.optional() }).strict();
export type RequestedLine = z.infer<typeof RequestedLine>;
const RequestedLines = z.array(RequestedLine).min(1, 'an order needs at least one line').max(MAX_LINES).superRefine(uniqueItems);

function commandOf<T extends string, S extends z.ZodRawShape>(type: T, shape: S) {
  return z.object({ type: z.literal(type), ...shape }).strict();
}

/** The unit prices a customer's page showed, by item: an order priced otherwise (the catalog
 *  changed while the page was open) is refused (`price_changed`), not charged in silence. */
export const ExpectedPrices = z.record(Id, Cents).refine((prices) => Object.keys(prices).length <= MAX_LINES, `at most ${MAX_LINES} prices`);

/** A device sells past the stock it knows, which may be out of date (the manager raised it since
 *  the last sync): asked for by a person, and the oversold conflict says after the sync if it
 *  was more than there was. Never the website's. */
const BeyondStock = z.literal(true).optional();

export const PlaceOrder = commandOf('PlaceOrder', {
  orderId: Id, orderNumber: OrderNumber, customer: Customer, lines: RequestedLines, note: Note.optional(), expectedPrices: ExpectedPrices.optional(),
  beyondStock: BeyondStock,
});
export const ChangeLines = commandOf('ChangeLines', { orderId: Id, lines: RequestedLines, beyondStock: BeyondStock });
export const ChangeCustomer = commandOf('ChangeCustomer', { orderId: Id, customer: Customer });
export const CancelOrder = commandOf('CancelOrder', { orderId: Id, reason: Reason.optional() });
export const RecordPayment = commandOf('RecordPayment', {
  orderId: Id, paymentId: Id, amountCents: Cents.refine((c) => c > 0, 'At least 0.01.'), method: PaymentMethod,
});
/** Money given back (written as a payment of the negative amount): what was paid too much. */
export const RecordRefund = commandOf('RecordRefund', {
  orderId: Id, paymentId: Id, amountCents: Cents.refine((c) => c > 0, 'At least 0.01.'), method: PaymentMethod,
});
export const CheckIn = commandOf('CheckIn', { orderId: Id });
/** Corrections of a mistake (a tap on the wrong order): not money given back, which is a refund. */
export const UndoCheckIn = commandOf('UndoCheckIn', { orderId: Id });
export const VoidPayment = commandOf('VoidPayment', { orderId: Id, paymentId: Id });
export const DefineItem = commandOf('DefineItem', { itemId: Id, name: Name, priceCents: Cents, stock: Stock });
export const ChangeItem = commandOf('ChangeItem', {
  itemId: Id, name: Name.optional(), priceCents: Cents.optional(), stock: Stock.optional(),
});
export const SetWebsiteOrdering = commandOf('SetWebsiteOrdering', { open: z.boolean() });
/** The manager dealt with a conflict: it stays listed, marked handled, with a note of what was done. */
export const HandleConflict = commandOf('HandleConflict', { conflict: ConflictRef, note: Note.optional() });
/** A handled conflict open again (marked by mistake, or not dealt with after all), saying why. */
export const ReopenConflict = commandOf('ReopenConflict', { conflict: ConflictRef, note: Note.optional() });

export const Command = z.discriminatedUnion('type', [
  PlaceOrder, ChangeLines, ChangeCustomer, CancelOrder, RecordPayment, RecordRefund, CheckIn, UndoCheckIn, VoidPayment,
  DefineItem, ChangeItem, SetWebsiteOrdering, HandleConflict, ReopenConflict,
]);
export type Command = z.infer<typeof Command>;
export type CommandOf<T extends Command['type']> = Extract<Command, { type: T }>;

/** Time, ids and the writer come in as data: the domain reads no clock and draws no random numbers. */
export const CommandMeta = z.object({ eventId: Id, at: Timestamp, actor: Actor }).strict();
export type CommandMeta = z.infer<typeof CommandMeta>;

export type DomainErrorCode =
  | 'invalid' | 'forbidden' | 'closed' | 'sold_out' | 'unknown_item' | 'not_found' | 'exists'
  | 'not_cancellable' | 'cancelled' | 'already_checked_in' | 'overpayment' | 'below_sold' | 'no_change'
  | 'nothing_to_refund' | 'over_refund' | 'not_checked_in' | 'already_handled' | 'not_handled' | 'not_allowed' | 'price_changed';

export interface FieldIssue { path: string; message: string }

/** A refusal a UI can show beside a field: `field` is a dotted path into the command. */
export interface DomainError {
  code: DomainErrorCode;
  message: string;
  field?: string;
  issues?: FieldIssue[];
}

export function fieldIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
}
