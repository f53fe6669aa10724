// The treasurer's CSV: from the server when online (its projection is the reference), else
// built on the device from the local projection, with the same columns and a note column last.
// Lines name items as the catalog does (an id where it does not know the item); "placed by" is
// the person's user id, with the role only where the id does not already say it.
import type { Actor, OrderView } from '../../domain';
import { formatCents } from '../../domain/describe';
import { NetworkError, errorFrom, send } from '../shared/api';

const HEADER = ['order number', 'order id', 'status', 'customer', 'email', 'phone', 'items', 'total', 'paid', 'outstanding', 'payment methods', 'checked in', 'placed at', 'placed by', 'note'];

export type ItemNames = (itemId: string) => string | undefined;

export async function downloadCsv(fid: string, token: string, orders: OrderView[], itemName: ItemNames): Promise<'server' | 'device'> {
  try {
    const response = await send(`/api/fundraisers/${encodeURIComponent(fid)}/orders.csv`, { headers: { authorization: `Bearer ${token}` } });
    if (!response.ok) throw errorFrom(response.status, await response.json().catch(() => undefined));
    save(`${fid}-orders.csv`, await response.blob());
    return 'server';
  } catch (error) {
    if (!(error instanceof NetworkError)) throw error;
    save(`${fid}-orders-from-this-device.csv`, new Blob([localCsv(orders, itemName)], { type: 'text/csv' }));
    return 'device';
  }
}

export function localCsv(orders: OrderView[], itemName: ItemNames = () => undefined): string {
  const rows = [...orders].sort((a, b) => a.orderNumber.localeCompare(b.orderNumber, 'en', { numeric: true })).map((o) => row(o, itemName));
  return [HEADER, ...rows].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
}

function row(order: OrderView, itemName: ItemNames): string[] {
  const items = order.lines.map((l) => `${l.quantity} x ${itemName(l.itemId) ?? l.itemId} @ ${formatCents(l.unitPriceCents)}`).join('; ');
  const owed = order.cancelled ? 0 : order.totalCents - order.paidCents;
  return [
    order.orderNumber, order.orderId, order.status, order.customer.name, order.customer.email ?? '', order.customer.phone ?? '', items,
    formatCents(order.totalCents), formatCents(order.paidCents), formatCents(owed), [...new Set(order.payments.map((p) => p.method))].join(' '),
    order.checkedIn ? 'yes' : 'no', order.placedAt, placedBy(order.placedBy), order.note ?? '',
  ];
}

/** "manager" for the demo's account named after its role (not "manager manager"), "tom (clerk)". */
export function placedBy(actor: Actor): string {
  if (actor.role === 'website') return 'website';
  return actor.userId === actor.role ? actor.userId : `${actor.userId} (${actor.role})`;
}

/** RFC 4180 quoting; a leading quote keeps a spreadsheet from running a cell as a formula. */
function cell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) && !/^-?\d+(\.\d+)?$/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function save(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const link = Object.assign(document.createElement('a'), { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
