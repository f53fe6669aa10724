// Check-in search that stays instant with thousands of orders: each order's searchable text
// (number, name, email and phone, lowercased, accents removed) is computed once when the order changes, so
// a keystroke is one pass of `includes` over short strings — no refold, no allocation per order.
import type { OrderView } from '../../domain';

export function searchable(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

/** An order number without its separators: "w-2" → "w2". */
function bareNumber(number: string): string {
  return number.replace(/[^\p{L}\p{N}]/gu, '');
}

export class SearchIndex {
  private readonly numbers = new Map<string, string>();
  private readonly texts = new Map<string, string>();

  update(order: Pick<OrderView, 'orderId' | 'orderNumber'> & { customer: { name: string; email?: string | undefined; phone?: string | undefined } }): void {
    const number = searchable(order.orderNumber);
    const bare = bareNumber(number);
    this.numbers.set(order.orderId, number);
    // The bare number too: a clerk types "w2" for the receipt's "W-2". The phone also as digits
    // only: a caller reads "0499 12 34 56" as "049912…".
    const { name, email, phone } = order.customer;
    const contact = [email, phone, phone?.replace(/\D/g, '')].filter(Boolean).join(' ');
    this.texts.set(order.orderId, `${number} ${bare === number ? '' : `${bare} `}${searchable(name)}${contact ? ` ${searchable(contact)}` : ''}`);
  }

  get size(): number {
    return this.texts.size;
  }

  /**
   * Ids of matching orders: an exact order number first, then the others in `order` (the
   * list's newest first; else index order), so that a result does not depend on the order in
   * which the index was filled (a snapshot, a full load, orders arriving by sync).
   */
  search(query: string, limit = 50, order: Iterable<string> = this.texts.keys()): string[] {
    const needle = searchable(query.trim());
    if (!needle) return [];
    const exact: string[] = [];
    const partial: string[] = [];
    for (const orderId of order) {
      const text = this.texts.get(orderId);
      if (text === undefined || !text.includes(needle)) continue;
      const number = this.numbers.get(orderId)!;
      if (number === needle || bareNumber(number) === needle) exact.push(orderId);
      else if (partial.length < limit) partial.push(orderId);
    }
    return [...exact, ...partial].slice(0, limit);
  }
}
