// Units sold per item, kept by difference: settling an order moves only the units its
// counted lines changed (a payment or a check-in moves none), and remembers which orders
// hold units of each item, for the oversold report.
import { quantityOf } from './oversold';
import type { OrderSlot } from './projection';

export class SoldCounts {
  private readonly sold = new Map<string, number>();
  private readonly ordersByItem = new Map<string, Set<OrderSlot>>();

  of(itemId: string): number {
    return this.sold.get(itemId) ?? 0;
  }

  ordersOf(itemId: string): OrderSlot[] {
    return [...(this.ordersByItem.get(itemId) ?? [])];
  }

  /** Counts the order's lines as they now stand (none when it is cancelled or not placed). */
  move(slot: OrderSlot): void {
    const view = slot.state.view;
    const next = view && !view.cancelled ? view.lines : undefined;
    const previous = slot.counted;
    if (next === previous) return;
    for (const line of previous ?? []) {
      if (quantityOf(next, line.itemId) !== line.quantity) this.add(line.itemId, -line.quantity, slot);
    }
    for (const line of next ?? []) {
      if (quantityOf(previous, line.itemId) !== line.quantity) this.add(line.itemId, line.quantity, slot);
    }
    slot.counted = next;
  }

  private add(itemId: string, quantity: number, slot: OrderSlot): void {
    this.sold.set(itemId, this.of(itemId) + quantity);
    let slots = this.ordersByItem.get(itemId);
    if (!slots) this.ordersByItem.set(itemId, (slots = new Set()));
    if (quantity > 0) slots.add(slot);
    else slots.delete(slot);
  }
}
