// decide(command, state, meta) → events: the rules a user's action must pass. Trusted
// devices run it before writing; the server runs it for every website command. It never
// throws: a refusal is a typed error naming the field it is about.
import { Command, fieldIssues } from './commands';
import type { CommandMeta, CommandOf, DomainError, RequestedLine } from './commands';
import { FundraiserEvent, describeIssues, mayWrite } from './events';
import type { EventType, PaymentMethod, Role } from './events';
import type { PricedLine } from './schema';
import type { CatalogItem, Conflict, OrderView } from './types';
import { findConflict } from './handled-conflicts';
import { formatCents } from './describe';
import { refundDue } from './order';

/** What decide reads; the Projection provides it. */
export interface DecideState {
  readonly websiteOpen: boolean;
  item(itemId: string): CatalogItem | undefined;
  order(orderId: string): OrderView | undefined;
  lastForeignEventId(orderId: string, deviceId: string): string | undefined;
  /** Other events of the order the writer has seen besides `after` (the `seen` extension). */
  seenBesides?(orderId: string, deviceId: string, after: string | undefined): string[];
  /** The conflicts as reported now, handled ones marked (only HandleConflict reads them). */
  conflicts?(): Conflict[];
}

export type Decision = { ok: true; events: FundraiserEvent[] } | { ok: false; error: DomainError };
type Data = Record<string, unknown>;
type Outcome = { ok: true; data: Data } | { ok: false; error: DomainError };

const EVENT_OF: Record<Command['type'], EventType> = {
  PlaceOrder: 'OrderPlaced', ChangeLines: 'OrderLinesChanged', ChangeCustomer: 'CustomerChanged',
  CancelOrder: 'OrderCancelled', RecordPayment: 'PaymentRecorded', RecordRefund: 'PaymentRecorded', CheckIn: 'OrderCheckedIn',
  UndoCheckIn: 'CheckInUndone', VoidPayment: 'PaymentVoided',
  DefineItem: 'ItemDefined', ChangeItem: 'ItemChanged', SetWebsiteOrdering: 'WebsiteOrderingSet',
  HandleConflict: 'ConflictHandled', ReopenConflict: 'ConflictReopened',
};

export function decide(input: unknown, state: DecideState, meta: CommandMeta): Decision {
  const parsed = Command.safeParse(input);
  if (!parsed.success) return refuse('invalid', describeIssues(parsed.error), undefined, fieldIssues(parsed.error));
  const command = parsed.data;
  const type = EVENT_OF[command.type];
  if (!mayWrite(meta.actor.role, type)) return refuse('forbidden', `a ${meta.actor.role} may not ${command.type}`);
  const outcome = rules(command, state, meta);
  if (!outcome.ok) return outcome;
  return eventFor(type, outcome.data, state, meta);
}

function rules(command: Command, state: DecideState, meta: CommandMeta): Outcome {
  switch (command.type) {
    case 'PlaceOrder': return placeOrder(command, state, meta);
    case 'ChangeLines': return changeLines(command, state);
    case 'ChangeCustomer': return withOrder(state, command.orderId, () => ({ ok: true, data: data(command) }));
    case 'CancelOrder': return cancelOrder(command, state);
    case 'RecordPayment': return recordPayment(command, state);
    case 'RecordRefund': return recordRefund(command, state);
    case 'CheckIn': return checkIn(command, state);
    case 'UndoCheckIn': return undoCheckIn(command, state);
    case 'VoidPayment': return voidPayment(command, state, meta);
    case 'DefineItem': return defineItem(command, state);
    case 'ChangeItem': return changeItem(command, state);
    case 'SetWebsiteOrdering': return { ok: true, data: data(command) };
    case 'HandleConflict': case 'ReopenConflict': return markConflict(command, state);
  }
}

function placeOrder(command: CommandOf<'PlaceOrder'>, state: DecideState, meta: CommandMeta): Outcome {
  const website = meta.actor.role === 'website';
  if (state.order(command.orderId)) return refuse('exists', `order ${command.orderId} already exists`, 'orderId');
  if (website && !state.websiteOpen) return refuse('closed', 'Website ordering is closed for this fundraiser.');
  if (website && command.beyondStock) return refuse('invalid', 'Stock is the catalog\'s.', 'beyondStock');
  const priced = priceLines(command.lines, state, { website, beyondStock: command.beyondStock === true });
  if (!priced.ok) return priced;
  const changed = command.expectedPrices && changedPrice(priced.lines, command.expectedPrices, state);
  if (changed) return changed;
  // What the page showed, and a sale past the known stock, are how it was decided, not the order's.
  const { type: _type, expectedPrices: _shown, beyondStock: _beyond, ...placed } = command;
  return { ok: true, data: { ...placed, lines: priced.lines } };
}

/** The first line priced otherwise than the page showed (a line whose price it did not say is not checked). */
function changedPrice(lines: PricedLine[], shown: Record<string, number>, state: DecideState): { ok: false; error: DomainError } | undefined {
  const index = lines.findIndex((line) => shown[line.itemId] !== undefined && shown[line.itemId] !== line.unitPriceCents);
  if (index < 0) return undefined;
  const { itemId, unitPriceCents } = lines[index]!;
  const name = state.item(itemId)?.name ?? itemId;
  return refuse('price_changed', `"${name}" now costs ${formatCents(unitPriceCents)}, not ${formatCents(shown[itemId]!)}.`, `lines.${index}.itemId`);
}

function changeLines(command: CommandOf<'ChangeLines'>, state: DecideState): Outcome {
  return withOrder(state, command.orderId, (order) => {
    if (order.cancelled) return refuse('cancelled', `Order ${order.orderNumber} is cancelled.`);
    const held = new Map(order.lines.map((l) => [l.itemId, l.quantity]));
    const priced = priceLines(command.lines, state, { held, current: order.lines, beyondStock: command.beyondStock === true });
    if (!priced.ok) return priced;
    return { ok: true, data: { orderId: command.orderId, lines: priced.lines } };
  });
}

/**
 * Prices each line from the catalog (the website's always; a device's unless it names a
 * price) and checks the units left. `held` are units this order already holds.
 */
function priceLines(lines: RequestedLine[], state: DecideState, how: PricingOptions): { ok: true; lines: PricedLine[] } | { ok: false; error: DomainError } {
  const { website = false, held = new Map<string, number>(), current = [], beyondStock = false } = how;
  const priced: PricedLine[] = [];
  for (const [index, line] of lines.entries()) {
    const field = `lines.${index}`;
    if (website && line.unitPriceCents !== undefined) return refuse('invalid', 'Prices come from the catalog.', `${field}.unitPriceCents`);
    const item = state.item(line.itemId);
    const kept = current.find((l) => l.itemId === line.itemId);
    if (!item && !kept) return refuse('unknown_item', `There is no item ${line.itemId}.`, `${field}.itemId`);
    const left = item?.available === null || !item ? Infinity : item.available + (held.get(line.itemId) ?? 0);
    if (line.quantity > left && !beyondStock) return refuse('sold_out', soldOutMessage(item!, left), `${field}.quantity`);
    const unitPriceCents = line.unitPriceCents ?? kept?.unitPriceCents ?? item!.priceCents;
    priced.push({ itemId: line.itemId, quantity: line.quantity, unitPriceCents });
  }
  return { ok: true, lines: priced };
}

/** `held`: units the order already holds; `current`: its lines (a kept price); `beyondStock`: a
 *  device's sale past the stock it knows (commands.ts). */
interface PricingOptions { website?: boolean; held?: Map<string, number>; current?: PricedLine[]; beyondStock?: boolean }

function soldOutMessage(item: CatalogItem, left: number): string {
  return left <= 0 ? `"${item.name}" is sold out.` : `Only ${left} of "${item.name}" left.`;
}

function cancelOrder(command: CommandOf<'CancelOrder'>, state: DecideState): Outcome {
  return withOrder(state, command.orderId, (order) => {
    if (order.cancelled) return refuse('not_cancellable', `Order ${order.orderNumber} is already cancelled.`);
    if (order.checkedIn) return refuse('not_cancellable', `Order ${order.orderNumber} is already checked in.`);
    return { ok: true, data: data(command) };
  });
}

function recordPayment(command: CommandOf<'RecordPayment'>, state: DecideState): Outcome {
  return withOrder(state, command.orderId, (order) => {
    if (order.cancelled) return refuse('cancelled', `Order ${order.orderNumber} is cancelled.`);
    if (order.payments.some((p) => p.paymentId === command.paymentId)) return refuse('exists', 'This payment is already recorded.', 'paymentId');
    const owed = order.totalCents - order.paidCents;
    if (command.amountCents > owed) return refuse('overpayment', `Only ${formatCents(Math.max(0, owed))} is still owed.`, 'amountCents');
    return { ok: true, data: data(command) };
  });
}

/** Only what was paid beyond what the order costs (all of it, once cancelled) goes back. */
function recordRefund(command: CommandOf<'RecordRefund'>, state: DecideState): Outcome {
  return withOrder(state, command.orderId, (order) => {
    if (order.payments.some((p) => p.paymentId === command.paymentId)) return refuse('exists', 'This refund is already recorded.', 'paymentId');
    const due = refundDue(order);
    if (due === 0) return refuse('nothing_to_refund', `Nothing was paid too much on order ${order.orderNumber}.`, 'amountCents');
    if (command.amountCents > due) return refuse('over_refund', `Only ${formatCents(due)} was paid too much.`, 'amountCents');
    return { ok: true, data: { ...data(command), amountCents: -command.amountCents } };
  });
}

function checkIn(command: CommandOf<'CheckIn'>, state: DecideState): Outcome {
  return withOrder(state, command.orderId, (order) => {
    if (order.cancelled) return refuse('cancelled', `Order ${order.orderNumber} is cancelled: it cannot be checked in.`);
    if (order.checkedIn) return refuse('already_checked_in', `Order ${order.orderNumber} is already checked in.`);
    return { ok: true, data: data(command) };
  });
}

function undoCheckIn(command: CommandOf<'UndoCheckIn'>, state: DecideState): Outcome {
  return withOrder(state, command.orderId, (order) => {
    if (!order.checkedIn) return refuse('not_checked_in', `Order ${order.orderNumber} is not checked in.`);
    return { ok: true, data: data(command) };
  });
}

/**
 * Only a payment the order still counts; one undone already is no longer among them. A clerk
 * undoes only what a clerk takes at the door (cash, card): a transfer or an online payment is
 * money in the club's account, which the manager books and so undoes (undone at the door, it
 * would leave the books and never be paid back).
 */
function voidPayment(command: CommandOf<'VoidPayment'>, state: DecideState, meta: CommandMeta): Outcome {
  return withOrder(state, command.orderId, (order) => {
    const payment = order.payments.find((p) => p.paymentId === command.paymentId);
    if (!payment) return refuse('not_found', `Order ${order.orderNumber} has no such payment (undone already?).`, 'paymentId');
    if (!mayUndoPayment(meta.actor.role, payment.method)) {
      return refuse('not_allowed', `A ${payment.method === 'online' ? 'payment made online' : payment.method} is undone by a manager.`, 'paymentId');
    }
    return { ok: true, data: data(command) };
  });
}

/** The methods a clerk records at the door, and so may undo; a manager undoes any. */
export const CLERK_PAYMENT_METHODS: readonly PaymentMethod[] = ['cash', 'card'];

export function mayUndoPayment(role: Role, method: PaymentMethod): boolean {
  return role === 'manager' || (role === 'clerk' && CLERK_PAYMENT_METHODS.includes(method));
}

function defineItem(command: CommandOf<'DefineItem'>, state: DecideState): Outcome {
  if (state.item(command.itemId)) return refuse('exists', `Item ${command.itemId} already exists.`, 'itemId');
  return { ok: true, data: data(command) };
}

function changeItem(command: CommandOf<'ChangeItem'>, state: DecideState): Outcome {
  const item = state.item(command.itemId);
  if (!item) return refuse('unknown_item', `There is no item ${command.itemId}.`, 'itemId');
  const { name, priceCents, stock } = command;
  if (name === undefined && priceCents === undefined && stock === undefined) return refuse('no_change', 'Nothing to change.');
  if (stock != null && stock < item.sold) return refuse('below_sold', `${item.sold} ${item.sold === 1 ? 'is' : 'are'} already sold.`, 'stock');
  return { ok: true, data: data(command) };
}

/**
 * Only a conflict reported now, as named (one that gained events since it was shown is another
 * conflict), and marked only while open, reopened only while handled.
 */
function markConflict(command: CommandOf<'HandleConflict' | 'ReopenConflict'>, state: DecideState): Outcome {
  const conflict = findConflict(state.conflicts?.() ?? [], command.conflict);
  if (!conflict) return refuse('not_found', 'This conflict is no longer reported as shown: it was settled, or it changed. Look at the list again.');
  const handling = command.type === 'HandleConflict';
  if (handling && conflict.handled) return refuse('already_handled', 'This conflict is already marked handled.');
  if (!handling && !conflict.handled) return refuse('not_handled', 'This conflict is open already.');
  return { ok: true, data: data(command) };
}

function withOrder(state: DecideState, orderId: string, then: (order: OrderView) => Outcome): Outcome {
  const order = state.order(orderId);
  if (!order) return refuse('not_found', `There is no order ${orderId}.`, 'orderId');
  return then(order);
}

function data(command: Command): Data {
  const { type: _type, ...rest } = command;
  return rest;
}

/** Builds the event and checks it against the log's own schema: decide never emits what the log would reject. */
function eventFor(type: EventType, eventData: Data, state: DecideState, meta: CommandMeta): Decision {
  const orderId = typeof eventData.orderId === 'string' ? eventData.orderId : undefined;
  const after = orderId && type !== 'OrderPlaced' ? state.lastForeignEventId(orderId, meta.actor.deviceId) : undefined;
  const seen = orderId && type !== 'OrderPlaced' ? (state.seenBesides?.(orderId, meta.actor.deviceId, after) ?? []) : [];
  const candidate = {
    id: meta.eventId, type, at: meta.at, actor: meta.actor, ...(after ? { after } : {}), ...(seen.length > 0 ? { seen } : {}), data: eventData,
  };
  const parsed = FundraiserEvent.safeParse(candidate);
  if (!parsed.success) return refuse('invalid', describeIssues(parsed.error), undefined, fieldIssues(parsed.error));
  return { ok: true, events: [parsed.data] };
}

function refuse(code: DomainError['code'], message: string, field?: string, issues?: DomainError['issues']): { ok: false; error: DomainError } {
  return { ok: false, error: { code, message, ...(field ? { field } : {}), ...(issues ? { issues } : {}) } };
}
