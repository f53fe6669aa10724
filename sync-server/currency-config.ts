// CURRENCY from the environment: checked against what this Node's ICU knows, and only a
// currency of two minor digits, since every amount is stored in cents (JPY, with none, would
// show ¥12.50 for 1,250 yen).
import type { Currency } from './shared/currency';

/** "gbp" → {code: "GBP", symbol: "£"}; undefined for an unknown code or one without cents. */
export function currencyFromCode(text: string): Currency | undefined {
  const code = text.trim().toUpperCase();
  if (!Intl.supportedValuesOf('currency').includes(code)) return undefined;
  const format = new Intl.NumberFormat('en', { style: 'currency', currency: code, currencyDisplay: 'narrowSymbol' });
  if (format.resolvedOptions().maximumFractionDigits !== 2) return undefined;
  const symbol = format.formatToParts(1).find((part) => part.type === 'currency')?.value;
  return symbol ? { code, symbol } : undefined;
}

/** The meta tag the served pages carry (static.ts), its values escaped for an attribute. */
export function currencyMetaTag(currency: Currency, metaName: string): string {
  const attr = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  return `<meta name="${metaName}" content="${attr(currency.code)}" data-symbol="${attr(currency.symbol)}">`;
}
