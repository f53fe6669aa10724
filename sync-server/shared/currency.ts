// The money a club counts in. Amounts are integer cents everywhere (the contract), so the
// server names one currency with cents (CURRENCY) and puts it in every page it serves; the
// apps read it from there, so a device that starts offline has it from its cached page.
import { z } from 'zod';

export interface Currency {
  /** ISO 4217, as the website API answers it: "GBP". */
  code: string;
  /** What people read before an amount: "£", "CHF". */
  symbol: string;
}

export const DEFAULT_CURRENCY: Currency = { code: 'EUR', symbol: '€' };

/** `<meta name="fundraiser-currency" content="GBP" data-symbol="£">` in every served page. */
export const CURRENCY_META = 'fundraiser-currency';

/** What a page's meta may hold; anything else reads as the default. */
export const CurrencyShape = z.object({
  code: z.string().regex(/^[A-Z]{3}$/),
  symbol: z.string().min(1).max(8),
});
