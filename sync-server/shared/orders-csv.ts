// The treasurer's CSV, one row per order: built by the server (GET …/orders.csv) and, offline,
// by the manager's device from its own projection. One module for both, so the two files have
// the same columns in the same words. Pure: the domain's types only (no node:* or DOM here).
// Times are the club's local time (TIME_ZONE, shared/time-zone.ts), given by the caller: the
// server's own, or on a device the one its page was served with, so both files are the same.
import type { Actor, OrderView } from '../../domain';
import { formatCents } from '../../domain/describe';
import { INVISIBLE } from './invisible-text';
import { zonedTime } from './time-zone';

// Per method, what the order kept (refunds taken off), so the treasurer counts the cash box from
// the file; `refunded`, what was given back in all.
const METHODS = ['cash', 'card', 'online', 'transfer'] as const;

/** `placed at (Europe/Brussels)`: the header names the zone its times are in. */
export function ordersCsvHeader(timeZone: string): string[] {
  return [
    'order number', 'order id', 'status', 'customer', 'email', 'phone', 'items', 'total', 'paid', 'outstanding', 'payment methods',
    ...METHODS, 'refunded', 'checked in', ...timeColumns('placed at', timeZone), 'placed by', 'note',
  ];
}

/** An item's name as the catalog gives it; undefined for an item it does not know. */
export type ItemNames = (itemId: string) => string | undefined;

export interface OrdersCsvOptions {
  /** The IANA zone its times are written in (the club's TIME_ZONE). */
  timeZone: string;
  itemName?: ItemNames;
}

export function ordersCsv(orders: readonly OrderView[], { timeZone, itemName = () => undefined }: OrdersCsvOptions): string {
  return csvDocument([ordersCsvHeader(timeZone), ...[...orders].sort(byNumber).map((o) => csvRow(o, itemName, timeZone))]);
}

/** The file: a byte order mark first, or Excel opened by a double click reads UTF-8 as the
 *  Windows code page ("ZoÃ« MÃ¼ller"); other spreadsheets and RFC 4180 readers skip it. */
export function csvDocument(rows: readonly string[][]): string {
  return '\uFEFF' + rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/** `outstanding` below 0 is money to give back (paid beyond the total; all of it, once cancelled). */
export function csvRow(order: OrderView, itemName: ItemNames, timeZone: string): string[] {
  const items = order.lines.map((l) => `${l.quantity} x ${itemName(l.itemId) ?? l.itemId} @ ${formatCents(l.unitPriceCents)}`).join('; ');
  const outstanding = (order.cancelled ? 0 : order.totalCents) - order.paidCents;
  const methods = [...new Set(order.payments.map((p) => p.method))].join(' ');
  return [
    order.orderNumber, order.orderId, order.status, order.customer.name, order.customer.email ?? '', order.customer.phone ?? '',
    items, formatCents(order.totalCents), formatCents(order.paidCents), formatCents(outstanding), methods,
    ...METHODS.map((method) => formatCents(sum(order.payments.filter((p) => p.method === method)))),
    formatCents(-sum(order.payments.filter((p) => p.amountCents < 0))),
    order.checkedIn ? 'yes' : 'no', ...timeCells(order.placedAt, timeZone), placedBy(order.placedBy), order.note ?? '',
  ];
}

/** Two columns per time: the local date-time, which spreadsheets take as one (with an offset in
 *  the same cell LibreOffice keeps it as text, and Excel's dates hold no offset), and the offset
 *  at that instant, so the hour the clocks go back is not ambiguous. */
export function timeColumns(name: string, timeZone: string): string[] {
  return [`${name} (${timeZone})`, 'offset'];
}

/** A time that does not parse (a log written by hand) is kept as written, with no offset. */
export function timeCells(iso: string, timeZone: string): string[] {
  const local = zonedTime(iso, timeZone);
  return local ? [local.dateTime, local.offset] : [iso, ''];
}

function sum(payments: readonly { amountCents: number }[]): number {
  return payments.reduce((total, p) => total + p.amountCents, 0);
}

/** "manager" for the demo's account named after its role (not "manager manager"), "tom (clerk)". */
export function placedBy(actor: Actor): string {
  if (actor.role === 'website') return 'website';
  return actor.userId === actor.role ? actor.userId : `${actor.userId} (${actor.role})`;
}

/** Every invisible character of a cell (invisible-text.ts): a spreadsheet would hide them, or show "Anna" reversed. */
const ALL_INVISIBLE = new RegExp(INVISIBLE.source, 'g');

/** RFC 4180 quoting, a leading quote for cells a spreadsheet would run as a formula, and
 *  invisible characters shown as U+FFFD (logs written before the website refused them). */
export function csvCell(raw: string): string {
  const value = raw.replace(ALL_INVISIBLE, '\uFFFD');
  const formula = /^[=+\-@\t\r]/.test(value) && !/^-?\d+(\.\d+)?$/.test(value);
  const safe = formula ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function byNumber(a: OrderView, b: OrderView): number {
  return a.orderNumber.localeCompare(b.orderNumber, 'en', { numeric: true });
}
