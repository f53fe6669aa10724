// Which conflicts each order's card and detail show: its own (`orderId`), and each `oversold`
// that names it among the orders holding the units past the stock (`orderIds`): the door is
// told about an oversold order on that order's card, where it hands the food out.
import type { Conflict } from '../../domain';

/**
 * The conflicts by the orders they are about, built once per list of conflicts (the list is a
 * new array only when the log changed): each card reads its own, not a scan of 3k conflicts.
 */
export function indexByOrder(conflicts: () => Conflict[]): (orderId: string) => Conflict[] {
  let indexed: { from: Conflict[]; byOrder: Map<string, Conflict[]> } | undefined;
  return (orderId) => {
    const all = conflicts(); // tracked: a card follows its conflicts
    if (indexed?.from !== all) indexed = { from: all, byOrder: byOrder(all) };
    return indexed.byOrder.get(orderId) ?? NONE;
  };
}

const NONE: Conflict[] = [];

function byOrder(conflicts: readonly Conflict[]): Map<string, Conflict[]> {
  const index = new Map<string, Conflict[]>();
  for (const conflict of conflicts) {
    for (const orderId of new Set([...(conflict.orderId ? [conflict.orderId] : []), ...(conflict.orderIds ?? [])])) {
      const list = index.get(orderId);
      if (list) list.push(conflict);
      else index.set(orderId, [conflict]);
    }
  }
  return index;
}
