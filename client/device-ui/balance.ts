// What an order still owes, or what must go back to its customer: the words the order list,
// the door list, the order detail and the dashboard all use. A cancelled order owes nothing,
// and every payment on it is to be refunded; an active order is owed its total less what was
// paid, and paid more than its total (an amend cut it, or two devices took a payment) is a
// refund due. "paid" alone hid both: a checked-in order still owing, and money to give back.
import { refundDue } from '../../domain';
import type { CatalogItem, OrderView } from '../../domain';
import { formatMoney } from '../shared/money';

export interface Money { totalCents: number; paidCents: number; cancelled: boolean }

export type Balance = { kind: 'owes' | 'refund'; cents: number } | { kind: 'settled'; cents: 0 };

export function balanceOf(order: Money): Balance {
  const refund = refundDue(order); // what decide() lets a refund give back
  if (refund > 0) return { kind: 'refund', cents: refund };
  const owed = order.cancelled ? 0 : order.totalCents - order.paidCents;
  return owed > 0 ? { kind: 'owes', cents: owed } : { kind: 'settled', cents: 0 };
}

/** "owes € 4.30", "refund € 5.50", or `settled` ("paid" on the door list, nothing in a row). */
export function balanceText(balance: Balance, settled = 'paid'): string {
  return balance.kind === 'settled' ? settled : `${balance.kind} ${formatMoney(balance.cents)}`;
}

/** Sums over every order: what active orders still owe, and what must be refunded. */
export function moneyTotals(orders: readonly Money[]): { stillOwedCents: number; toRefundCents: number } {
  let stillOwedCents = 0, toRefundCents = 0;
  for (const order of orders) {
    const balance = balanceOf(order);
    if (balance.kind === 'owes') stillOwedCents += balance.cents;
    if (balance.kind === 'refund') toRefundCents += balance.cents;
  }
  return { stillOwedCents, toRefundCents };
}

/** The catalog as this order's change prices it: a line it already holds keeps the order's own
 *  unit price (decide() saves that one), a new item costs the catalog's price. */
export function orderPricedItems(items: readonly CatalogItem[], order: Pick<OrderView, 'lines'>): CatalogItem[] {
  const own = new Map(order.lines.map((l) => [l.itemId, l.unitPriceCents]));
  return items.map((item) => (own.has(item.itemId) ? { ...item, priceCents: own.get(item.itemId)! } : item));
}

/** An order's total after a lines change, at the prices decide() saves: `priced` from
 *  orderPricedItems; lines of items the catalog no longer lists keep their own price. */
export function changedTotal(priced: readonly CatalogItem[], order: Pick<OrderView, 'lines'>, quantities: Readonly<Record<string, number>>): number {
  const listed = new Set(priced.map((i) => i.itemId));
  const unit = new Map<string, number>([...order.lines.filter((l) => !listed.has(l.itemId)).map((l) => [l.itemId, l.unitPriceCents] as const), ...priced.map((i) => [i.itemId, i.priceCents] as const)]);
  return [...unit].reduce((sum, [itemId, cents]) => sum + (quantities[itemId] ?? 0) * cents, 0);
}
