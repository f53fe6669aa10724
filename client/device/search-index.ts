// Check-in search that stays instant with thousands of orders: each order's searchable text
// (number, name, email and phone, folded as typed at the door: search-fold.ts) is computed once
// when the order changes, so a keystroke is one pass over short strings — no refold, no
// allocation per order. A customer who gives a number finds it first: the exact order number,
// then the numbers that begin with it; then words that begin with the query ("anna" finds Anna
// before Hannah), then everything else that contains it (a phone's digits).
import type { OrderView } from '../../domain';
import { foldForSearch, germanFold, joinedFold } from './search-fold';

/** What a keystroke compares per order: computed when the order changes. */
interface Entry {
  text: string;
  /** The order number without separators: "W-213" → "w213". */
  bare: string;
  /** Its number after the prefix: "W-213" → "213" ('' where it ends in no digits). */
  digits: string;
}

/** The matches in ranked order, at most the limit, and how many matched in all. */
export interface SearchResult {
  ids: string[];
  total: number;
}

type Indexed = Pick<OrderView, 'orderId' | 'orderNumber'> & { customer: { name: string; email?: string | undefined; phone?: string | undefined } };

const bareOf = (folded: string) => folded.replace(/[^\p{L}\p{N}]/gu, '');

export class SearchIndex {
  private readonly entries = new Map<string, Entry>();

  update(order: Indexed): void {
    const number = foldForSearch(order.orderNumber);
    const bare = bareOf(number);
    // The name also as a German types it ("mueller") and run together ("hanspeter"); the
    // phone also as digits only: a caller reads "0499 12 34 56" as "049912…".
    const { name, email, phone } = order.customer;
    const contact = foldForSearch(`${email ?? ''} ${phone ?? ''}`);
    const text = [number, bare, foldForSearch(name), germanFold(name), joinedFold(name), contact, phone?.replace(/\D/g, '')].filter(Boolean).join(' ');
    this.entries.set(order.orderId, { text, bare, digits: /\d+$/.exec(bare)?.[0] ?? '' });
  }

  get size(): number {
    return this.entries.size;
  }

  /**
   * Matching orders: the exact order number first, then numbers that begin with the query,
   * then a word that begins with it, then the others that contain it; each group in `order` (the list's newest first; else
   * index order), so that a result does not depend on the order in which the index was
   * filled (a snapshot, a full load, orders arriving by sync).
   */
  search(query: string, limit = 50, order: Iterable<string> = this.entries.keys()): SearchResult {
    const needle = foldForSearch(query);
    if (!needle) return { ids: [], total: 0 };
    const german = germanFold(query); // "Müller" typed finds a "Mueller" too
    const rank = numberRank(bareOf(needle));
    const groups: [string[], string[], string[], string[]] = [[], [], [], []];
    const wordStart = ` ${needle}`;
    let total = 0;
    for (const orderId of order) {
      const entry = this.entries.get(orderId);
      if (!entry) continue;
      const group = rank(entry) ?? textRank(entry.text, needle, wordStart, german);
      if (group === undefined) continue;
      total++;
      if (group === 0 || groups[group].length < limit) groups[group].push(orderId);
    }
    return { ids: groups.flat().slice(0, limit), total };
  }
}

/** 2 where a word begins with the query, 3 where it is inside one, else undefined. */
function textRank(text: string, needle: string, wordStart: string, german: string | undefined): 2 | 3 | undefined {
  if (text.startsWith(needle) || text.includes(wordStart)) return 2;
  return text.includes(needle) || (german !== undefined && text.includes(german)) ? 3 : undefined;
}

/**
 * How an order's number ranks for a query: 0 the same number, 1 a number beginning with it,
 * undefined otherwise. Digits alone ("5", "#5") are the number after any prefix (W-5, C7K-5);
 * with letters ("w5", "w 5", "W-5", "c7k5") the whole number. Only a query with a digit is a number.
 */
function numberRank(query: string): (entry: Entry) => 0 | 1 | undefined {
  if (!/\d/.test(query)) return () => undefined;
  const digitsOnly = /^\d+$/.test(query);
  return (entry) => {
    const number = digitsOnly ? entry.digits : entry.bare;
    return number === query ? 0 : number.startsWith(query) ? 1 : undefined;
  };
}
