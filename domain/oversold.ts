// Oversold is derived from the totals, not from the order events arrived in: units sold
// are a sum, so every replica agrees on it whatever order it learnt the events in.
// The orders named are those holding the units claimed after the stock ran out: each unit
// counts at the fold position of the event that claimed it (the placement, or a change that
// raised that item's quantity), a lowered quantity gives back the latest-claimed units first,
// and a change that leaves the item alone moves nothing. Fold positions are the same on every
// replica, so the naming is too. The claims are re-derived only for an oversold item's orders,
// from the entries each order keeps, so the fold itself keeps nothing more per event.
import type { OrderEvent } from './events';
import type { PricedLine } from './schema';
import type { OrderSlot } from './projection';
import { linesEntries } from './order-history';
import { foldOrder } from './types';
import type { CatalogItem, Conflict, Logged } from './types';

/** Units of one item that an order took at one of its events, still held. */
interface Claim { slot: OrderSlot; entry: Logged<OrderEvent>; units: number }

export function oversoldConflicts(items: CatalogItem[], slotsOf: (itemId: string) => OrderSlot[]): Conflict[] {
  return items
    .filter((item) => item.stock !== null && item.sold > item.stock)
    .map((item) => oversold(item, slotsOf(item.itemId)));
}

function oversold(item: CatalogItem, slots: OrderSlot[]): Conflict {
  const stock = item.stock ?? 0;
  const over = pastStock(stock, slots.flatMap((slot) => claimsOf(slot, item.itemId)));
  const holders = [...unitsByOrder(over)];
  const names = holders.map(([slot, units]) => nameOf(slot, units, quantityOf(slot.counted, item.itemId)));
  return {
    kind: 'oversold',
    itemId: item.itemId,
    eventIds: over.map((claim) => claim.entry.event.id),
    orderIds: holders.map(([slot]) => slot.state.view!.orderId),
    message: `"${item.name}": ${item.sold} sold but only ${stock} in stock, ${item.sold - stock} too many. ` +
      'Counting each unit from when its order took it (placed, or its quantity raised), ' +
      `these orders hold the units past the stock: ${names.join('; ')}. Raise the stock or change those orders.`,
  };
}

/** The claims, or the part of each, counted after the stock ran out when all are counted in fold order. */
function pastStock(stock: number, claims: Claim[]): Claim[] {
  claims.sort((a, b) => foldOrder(a.entry, b.entry));
  const over: Claim[] = [];
  let counted = 0;
  for (const claim of claims) {
    const before = counted;
    counted += claim.units;
    if (counted > stock) over.push({ ...claim, units: counted - Math.max(before, stock) });
  }
  return over;
}

/** Units past the stock per order, the orders in the fold order of their first such unit. */
function unitsByOrder(over: Claim[]): Map<OrderSlot, number> {
  const units = new Map<OrderSlot, number>();
  for (const claim of over) units.set(claim.slot, (units.get(claim.slot) ?? 0) + claim.units);
  return units;
}

function nameOf(slot: OrderSlot, over: number, held: number): string {
  const view = slot.state.view!;
  const units = over === held ? `${over} unit${over === 1 ? '' : 's'}` : `${over} of its ${held} units`;
  return `${view.orderNumber} (${view.customer.name}): ${units}`;
}

/**
 * The units of an item an order holds, as claims at the events that took them. An order whose
 * lines never changed took them all when placed; else each of its lines entries is read for
 * that item (only for an oversold item's orders, when the conflicts are read).
 */
function claimsOf(slot: OrderSlot, itemId: string): Claim[] {
  const { placed, linesBy } = slot.state;
  if (linesBy === placed) return [{ slot, entry: placed!, units: quantityOf(slot.counted, itemId) }];
  const claims: Claim[] = [];
  let quantity = 0;
  for (const entry of linesEntries(slot.state, slot.entries)) {
    const { event } = entry;
    if (event.type !== 'OrderPlaced' && event.type !== 'OrderLinesChanged') continue; // never: narrows the type
    const next = quantityOf(event.data.lines, itemId);
    if (next > quantity) claims.push({ slot, entry, units: next - quantity });
    else giveBack(claims, quantity - next);
    quantity = next;
  }
  return claims;
}

/** A lowered quantity gives back the most recently claimed units first: the earliest stay in place. */
function giveBack(claims: Claim[], units: number): void {
  let left = units;
  while (left > 0 && claims.length > 0) {
    const last = claims[claims.length - 1]!;
    const returned = Math.min(left, last.units);
    last.units -= returned;
    left -= returned;
    if (last.units === 0) claims.pop();
  }
}

/** Units of an item in counted lines (an order names each item at most once). */
export function quantityOf(lines: readonly PricedLine[] | undefined, itemId: string): number {
  if (lines) for (const line of lines) if (line.itemId === itemId) return line.quantity;
  return 0;
}
