// Order numbers are made on each device without coordination (a device prefix and a
// counter), so two devices can, rarely, hand out the same number while offline. The
// projection cannot renumber (numbers are printed on receipts and called at the door), so
// it reports every reuse: derived from the placements, like oversold, so every replica
// agrees whatever order it learnt them in.
import type { OrderSlot } from './projection';
import { sentence } from './describe';
import { foldOrder } from './types';
import type { Conflict } from './types';

/** One conflict for each order that reuses a number an earlier placement (in fold order) took. */
export function duplicateNumberConflicts(slotsByNumber: ReadonlyMap<string, readonly OrderSlot[]>): Conflict[] {
  const conflicts: Conflict[] = [];
  for (const [number, slots] of slotsByNumber) {
    if (slots.length < 2) continue;
    const [first, ...later] = [...slots].sort((a, b) => foldOrder(a.state.placed!, b.state.placed!));
    for (const slot of later) conflicts.push(reuse(number, first!, slot));
  }
  return conflicts;
}

function reuse(number: string, first: OrderSlot, slot: OrderSlot): Conflict {
  const earlier = first.state.placed!.event;
  const placed = slot.state.placed!.event;
  return {
    kind: 'duplicate_number',
    orderId: slot.orderId,
    eventIds: [earlier.id, placed.id],
    message: `Two orders have the number ${number}: ${sentence(earlier)} (${first.state.view!.customer.name}), ` +
      `and ${sentence(placed)} (${slot.state.view!.customer.name}). Both orders stand; ` +
      `tell them apart by the customer's name when they arrive.`,
  };
}
