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
