// Telling apart two orders with one name: at a review, two "Anna Schmidt" cards looked the same
// and a clerk took cash from the wrong one. A card shows the contact that tells them apart, and
// a list of results says when some share a name.
import { foldForSearch } from '../device/search-fold';

interface Named { orderId: string; customer: { name: string; email?: string | undefined; phone?: string | undefined } }

const EMAIL_SHOWN = 26;

/** The phone and email as a card shows them, "" where there is neither. */
export function contactText(customer: Named['customer']): string {
  return [customer.phone, customer.email && shortEmail(customer.email)].filter(Boolean).join(' · ');
}

/** An email short enough for a phone's card: the end of a long name before "@" gives way first, then the domain. */
export function shortEmail(email: string, max = EMAIL_SHOWN): string {
  if (email.length <= max) return email;
  const at = email.lastIndexOf('@');
  const domain = at > 0 ? email.slice(at) : '';
  if (domain.length > 0 && domain.length <= max / 2) return `${email.slice(0, max - domain.length - 1)}…${domain}`;
  return `${email.slice(0, max - 1)}…`;
}

/** "2 orders for Anna Schmidt — check the phone or the amount", for each name (as searched) shared by results. */
export function sameNameNotes(orders: readonly Named[]): string[] {
  const byName = new Map<string, Named[]>();
  for (const order of orders) {
    const key = foldForSearch(order.customer.name);
    byName.set(key, [...(byName.get(key) ?? []), order]);
  }
  return [...byName.values()].filter((group) => group.length > 1)
    .map((group) => `${group.length} orders for ${group[0]!.customer.name} — ${tellApartBy(group)}`);
}

function tellApartBy(group: Named[]): string {
  const distinct = (values: (string | undefined)[]) => values.every(Boolean) && new Set(values).size === values.length;
  if (distinct(group.map((o) => o.customer.phone?.replace(/\D/g, '')))) return 'check the phone or the amount';
  if (distinct(group.map((o) => o.customer.email))) return 'check the email or the amount';
  return 'check the amount and what was ordered, or ask for the order number';
}
