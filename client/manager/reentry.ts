// Re-entering a device's export (after the server was restored from a backup, or a device was
// given up): what the export's copy holds that this one lacks, as the commands the manager
// runs to record it again. The export's own events cannot be replayed: the server takes a
// device's events only from their author, so the manager records them as hers, now, through
// decide() like any other change; a refusal (sold out, overpaid) is shown, never forced.
// Only what is missing is offered (orders, payments and refunds, check-ins, cancellations);
// an order whose lines or customer differ is named for the manager to look at, not overwritten,
// since either copy may be the later one.
import { z } from 'zod';
import { formatCents, Projection } from '../../domain';
import type { OrderView, Payment } from '../../domain';
import type { CommandInput } from '../device/commands';

/** At most this many elements per log: a fundraiser's export, not anything a file may hold. */
const MAX_ELEMENTS = 500_000;

/** What DeviceShell's "Export this device's events" writes (fundraiser-doc.ts `exportJson`). */
export const DeviceExport = z.object({
  fid: z.string(),
  exportedAt: z.string(),
  website: z.array(z.unknown()).max(MAX_ELEMENTS),
  replicated: z.array(z.unknown()).max(MAX_ELEMENTS),
});
export type DeviceExport = z.infer<typeof DeviceExport>;

/** One order's missing work: the commands, in order, and what they do in words. */
export interface Reentry {
  orderId: string;
  orderNumber: string;
  name: string;
  steps: { command: CommandInput; text: string }[];
}

export interface ExportComparison {
  reentries: Reentry[];
  /** Orders on both copies whose lines or customer differ: for the manager to check by hand. */
  differing: { orderNumber: string; name: string; what: string }[];
  /** The export's entries that could not be read or applied (its own fold rejected them): left out. */
  ignored: number;
}

/** The export's text parsed, or why it is not one this app wrote. */
export function parseExport(text: string): { ok: true; value: DeviceExport } | { ok: false; reason: string } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'This file is not an export of this app (it is not JSON).' };
  }
  const parsed = DeviceExport.safeParse(json);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, reason: 'This file is not an export of this app (it lacks the fundraiser and its events).' };
}

/** What the export holds that `current` lacks. The export is folded like any replica's log. */
export function compareExport(exported: DeviceExport, current: Projection): ExportComparison {
  const theirs = Projection.fold(exported.website, exported.replicated);
  const itemName = (itemId: string) => theirs.item(itemId)?.name ?? current.item(itemId)?.name ?? itemId;
  const reentries: Reentry[] = [];
  const differing: ExportComparison['differing'] = [];
  for (const order of byNumber(theirs.orders())) {
    const ours = current.order(order.orderId);
    const steps = ours ? missingOn(order, ours, { theirs, current }) : whole(order, itemName);
    if (steps.length > 0) reentries.push({ orderId: order.orderId, orderNumber: order.orderNumber, name: order.customer.name, steps });
    const what = ours ? differences(order, ours) : '';
    if (what) differing.push({ orderNumber: order.orderNumber, name: order.customer.name, what });
  }
  return { reentries, differing, ignored: leftOut(theirs) };
}

/** An order the current copy lacks: placed again as it was (its prices said), then its money and door. */
function whole(order: OrderView, itemName: (itemId: string) => string): Reentry['steps'] {
  if (order.cancelled && order.payments.length === 0) return []; // placed and cancelled: nothing to record
  const { orderId, orderNumber, customer, note } = order;
  const lines = order.lines.map(({ itemId, quantity, unitPriceCents }) => ({ itemId, quantity, unitPriceCents }));
  const place = { type: 'PlaceOrder', orderId, orderNumber, customer, lines, ...(note ? { note } : {}) } as const;
  const items = lines.map((l) => `${l.quantity} × ${itemName(l.itemId)}`).join(', ');
  const text = `place the order (${items}; ${formatCents(order.totalCents)} in all)`;
  return [{ command: place, text }, ...paymentsOf(order, order.payments), ...doorOf(order, undefined)];
}

interface Copies { theirs: Projection; current: Projection }

/**
 * What the current copy lacks of an order both have: payments, payments and a check-in the
 * export undid (the clerk's "Undo a mistake" after the backup), the door. Not what the current
 * copy undid itself: that undo is its own later word.
 */
function missingOn(order: OrderView, ours: OrderView, { theirs, current }: Copies): Reentry['steps'] {
  const known = new Set([...ours.payments.map((p) => p.paymentId), ...current.voidedPayments(order.orderId)]);
  const undid = (copy: Projection) => copy.history(order.orderId).some((h) => h.type === 'CheckInUndone');
  const door = doorOf(order, ours).filter((step) => !(undid(current) && step.command.type === 'CheckIn'));
  const voids = ours.payments.filter((p) => theirs.voidedPayments(order.orderId).includes(p.paymentId)).map((p) => voidOf(order, p));
  const undoCheckIn = !order.checkedIn && ours.checkedIn && undid(theirs)
    ? [{ command: { type: 'UndoCheckIn', orderId: order.orderId } as const, text: 'undo its check-in' }] : [];
  return [...paymentsOf(order, order.payments.filter((p) => !known.has(p.paymentId))), ...voids, ...undoCheckIn, ...door];
}

function voidOf(order: OrderView, { paymentId, amountCents, method }: Payment): Reentry['steps'][number] {
  const what = amountCents < 0 ? `${formatCents(-amountCents)} ${method} refund` : `${formatCents(amountCents)} ${method} payment`;
  return { command: { type: 'VoidPayment', orderId: order.orderId, paymentId }, text: `undo the ${what} (recorded by mistake)` };
}

function paymentsOf(order: OrderView, payments: Payment[]): Reentry['steps'] {
  return payments.map(({ paymentId, amountCents, method }) => {
    const refund = amountCents < 0;
    const command = { type: refund ? 'RecordRefund' : 'RecordPayment', orderId: order.orderId, paymentId, amountCents: Math.abs(amountCents), method } as const;
    return { command, text: `${refund ? 'give back' : 'take'} ${formatCents(Math.abs(amountCents))} ${method}` };
  });
}

/** The check-in, or the cancellation, where the export has it and the current copy does not. */
function doorOf(order: OrderView, ours: OrderView | undefined): Reentry['steps'] {
  const { orderId } = order;
  if (order.checkedIn && !ours?.checkedIn) return [{ command: { type: 'CheckIn', orderId }, text: 'check it in' }];
  if (order.cancelled && !ours?.cancelled) return [{ command: { type: 'CancelOrder', orderId }, text: 'cancel it' }];
  return [];
}

function differences(theirs: OrderView, ours: OrderView): string {
  const lines = (o: OrderView) => JSON.stringify(o.lines.map((l) => [l.itemId, l.quantity, l.unitPriceCents]).sort());
  const customer = (o: OrderView) => JSON.stringify([o.customer.name, o.customer.email ?? '', o.customer.phone ?? '']);
  const what = [lines(theirs) !== lines(ours) ? 'lines' : '', customer(theirs) !== customer(ours) ? 'customer' : ''].filter(Boolean);
  return what.length > 0 ? `${what.join(' and ')} differ` : '';
}

/** Entries the export's own fold could not use: rejected, or about an order the file lacks (orphans). */
function leftOut(theirs: Projection): number {
  const orphans = new Set(theirs.conflicts().filter((c) => c.kind === 'orphan').flatMap((c) => c.eventIds));
  return theirs.rejected().length + orphans.size;
}

function byNumber(orders: OrderView[]): OrderView[] {
  return orders.sort((a, b) => a.orderNumber.localeCompare(b.orderNumber, undefined, { numeric: true }) || a.orderId.localeCompare(b.orderId));
}
