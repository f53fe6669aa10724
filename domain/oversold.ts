// Oversold is derived from the totals, not from the order events arrived in: units sold
// are a sum, so every replica agrees on it whatever order it learnt the events in.
// The orders named are the ones that went past the stock, in fold order.
import type { PricedLine } from './schema';
import type { OrderSlot } from './projection';
import { foldOrder } from './types';
import type { CatalogItem, Conflict } from './types';

export function oversoldConflicts(items: CatalogItem[], slotsOf: (itemId: string) => OrderSlot[]): Conflict[] {
  return items
    .filter((item) => item.stock !== null && item.sold > item.stock)
    .map((item) => oversold(item, slotsOf(item.itemId)));
}

function oversold(item: CatalogItem, slots: OrderSlot[]): Conflict {
  const stock = item.stock ?? 0;
  const over = overTheTop(item.itemId, stock, slots);
  const names = over.map((s) => `${s.state.view!.orderNumber} (${s.state.view!.customer.name})`).join(', ');
  return {
    kind: 'oversold',
    itemId: item.itemId,
    eventIds: over.map((s) => s.state.linesBy!.event.id),
    message: `"${item.name}": ${item.sold} sold but only ${stock} in stock, ${item.sold - stock} too many. ` +
      `The orders that went past the stock: ${names}. Raise the stock or change those orders.`,
  };
}

/** The orders whose units, counted in fold order of their lines, come after the stock ran out. */
function overTheTop(itemId: string, stock: number, slots: OrderSlot[]): OrderSlot[] {
  const sorted = [...slots].sort((a, b) => foldOrder(a.state.linesBy!, b.state.linesBy!));
  let counted = 0;
  return sorted.filter((slot) => {
    counted += quantityOf(slot.counted, itemId);
    return counted > stock;
  });
}

/** Units of an item in counted lines (an order names each item at most once). */
export function quantityOf(lines: readonly PricedLine[] | undefined, itemId: string): number {
  if (lines) for (const line of lines) if (line.itemId === itemId) return line.quantity;
  return 0;
}
