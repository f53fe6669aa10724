// Money is integer cents everywhere; these turn it into text and back for people.
import { formatCents } from '../../domain/describe';

/** A no-break space keeps the sign with its amount: a narrow column broke "€ / 12.00" in two. */
export function euros(cents: number): string {
  return `€\u00a0${formatCents(cents)}`;
}

/** "12", "12.5", "12,50" → cents; undefined when it is not an amount. */
export function parseEuros(text: string): number | undefined {
  const match = /^\s*(\d{1,7})(?:[.,](\d{1,2}))?\s*$/.exec(text);
  if (!match) return undefined;
  const cents = (match[2] ?? '').padEnd(2, '0');
  return Number(match[1]) * 100 + Number(cents);
}

export function centsToInput(cents: number): string {
  return formatCents(cents);
}
