// The printed door list's order, apart from its page so that it can be tested in Node.
import type { OrderView } from '../../domain';
import { foldForSearch } from '../device/search-fold';

/**
 * Not cancelled, by name as a person looks it up, then number: by the search's folded name
 * (search-fold.ts: "Groß" as "gross", "Hans-Peter" as "hans peter"), so a name is found on
 * paper where the door's search would find it. Folded once per order, not per comparison.
 */
export function doorListOrder(orders: OrderView[]): OrderView[] {
  const byName = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });
  return orders.filter((o) => !o.cancelled).map((order) => ({ order, key: foldForSearch(order.customer.name) }))
    .sort((a, b) => byName.compare(a.key, b.key) || byName.compare(a.order.orderNumber, b.order.orderNumber))
    .map(({ order }) => order);
}
