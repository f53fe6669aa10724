// The prices a customer's page showed, sent with its order in a header (an extension,
// docs/EXTENSIONS.md): a manager changing a price while the page was open had the customer
// charged the new one without a word. The server refuses such an order (409 price_changed) and
// the page reads the menu again. A header, not a field: the contract fixes the body's fields.

export const EXPECTED_PRICES_HEADER = 'Expected-Prices';

/** {coffee: 200, waffle: 350} → "coffee=200,waffle=350" (item ids are header-safe: domain Id). */
export function expectedPricesValue(prices: Readonly<Record<string, number>>): string {
  return Object.entries(prices).map(([itemId, cents]) => `${itemId}=${cents}`).join(',');
}

/** The header's pairs as an object, for the server to check with the domain's schema; undefined
 *  for text that is not `id=digits` pairs. */
export function expectedPricesFrom(value: string): Record<string, number> | undefined {
  const prices: Record<string, number> = {};
  for (const pair of value.split(',')) {
    const match = /^\s*([^=\s]+)=(\d{1,9})\s*$/.exec(pair);
    if (!match || Object.hasOwn(prices, match[1]!)) return undefined;
    prices[match[1]!] = Number(match[2]);
  }
  return prices;
}
