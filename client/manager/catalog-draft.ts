// The catalog editor's forms as text, and back: what a field that cannot be read says, in
// plain words within the domain's limits.
import type { CatalogItem } from '../../domain';
import type { FieldErrors } from '../device-ui/form-errors';
import { centsToInput, parseMoney } from '../shared/money';

export interface ItemDraft { name: string; price: string; stock: string }

export function draftOf(item?: CatalogItem): ItemDraft {
  return { name: item?.name ?? '', price: item ? centsToInput(item.priceCents) : '', stock: item?.stock === null || !item ? '' : String(item.stock) };
}

/** Form text → command fields; a field that cannot be read becomes an error beside it, in the
 *  domain's limits (its schema would say "Too small: expected number to be >=0"). */
export function parseDraft(draft: ItemDraft): { ok: true; priceCents: number; stock: number | null } | { ok: false; errors: FieldErrors } {
  const priceCents = parseMoney(draft.price);
  const stock = draft.stock.trim() === '' ? null : Number(draft.stock);
  const errors: FieldErrors = {};
  if (priceCents === undefined) errors.priceCents = 'Enter a price like 4.50.';
  else if (priceCents > MAX_PRICE_CENTS) errors.priceCents = 'At most 1000000.00.';
  if (stock !== null && !Number.isInteger(stock)) errors.stock = 'Enter a whole number, or leave empty for unlimited.';
  else if (stock !== null && (stock < 0 || stock > MAX_STOCK)) errors.stock = `Enter 0 to ${MAX_STOCK}, or leave empty for unlimited.`;
  return Object.keys(errors).length || priceCents === undefined ? { ok: false, errors } : { ok: true, priceCents, stock };
}

const MAX_PRICE_CENTS = 100_000_000;
const MAX_STOCK = 1_000_000;

/** Edits a field and takes away the errors it may have settled: its own and the form's. */
export function withoutErrorsOf(field: string) {
  return (errors: FieldErrors): FieldErrors => Object.fromEntries(Object.entries(errors).filter(([key]) => key !== field && key !== '_form'));
}
