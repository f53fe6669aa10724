// Money is integer cents everywhere; these turn it into text and back for people, in the
// club's currency (the server's CURRENCY, read from the page: sync-server/shared/currency.ts).
import { formatCents } from '../../domain/describe';
import { CURRENCY_META, CurrencyShape, DEFAULT_CURRENCY, type Currency } from '../../sync-server/shared/currency';

let pageCurrency: Currency | undefined;

/** The currency the page was served with; the default where none is named (the dev server, Node). */
export function currency(): Currency {
  return (pageCurrency ??= currencyOfPage());
}

function currencyOfPage(): Currency {
  if (typeof document === 'undefined') return DEFAULT_CURRENCY;
  const meta = document.querySelector(`meta[name="${CURRENCY_META}"]`);
  const named = CurrencyShape.safeParse({ code: meta?.getAttribute('content'), symbol: meta?.getAttribute('data-symbol') });
  return named.success ? named.data : DEFAULT_CURRENCY;
}

/** "€ 12.50", "£ 12.50". A no-break space keeps the sign with its amount: a narrow column
 *  broke "€ / 12.00" in two. */
export function formatMoney(cents: number): string {
  return `${currency().symbol}\u00a0${formatCents(cents)}`;
}

/** "Price (€)": a field's label naming the currency its amount is in. */
export function inCurrency(label: string): string {
  return `${label} (${currency().symbol})`;
}

/** "12", "12.5", "12,50" → cents; undefined when it is not an amount. */
export function parseMoney(text: string): number | undefined {
  const match = /^\s*(\d{1,7})(?:[.,](\d{1,2}))?\s*$/.exec(text);
  if (!match) return undefined;
  const cents = (match[2] ?? '').padEnd(2, '0');
  return Number(match[1]) * 100 + Number(cents);
}

export function centsToInput(cents: number): string {
  return formatCents(cents);
}
