// The order form's content, checked on the page with the domain's own schemas before it is
// sent, so the customer sees the same messages beside the same fields as the server gives.
import { z } from 'zod';
import { Customer, Id, MAX_LINES, Note, Quantity, uniqueItems } from '../../domain/schema';
import { issuesByPath, zodIssues } from '../shared/api';

/** Exactly what POST /orders accepts (minus the idempotency key): never a price. */
export const OrderRequest = z.object({
  customer: Customer,
  lines: z.array(z.object({ itemId: Id, quantity: Quantity }).strict())
    .min(1, 'Choose at least one item.').max(MAX_LINES).superRefine(uniqueItems),
  note: Note.optional(),
}).strict();
export type OrderRequest = z.infer<typeof OrderRequest>;

export interface OrderDraft {
  quantities: Record<string, number>;
  name: string;
  email: string;
  phone: string;
  note: string;
}

export function emptyDraft(): OrderDraft {
  return { quantities: {}, name: '', email: '', phone: '', note: '' };
}

/** The form filled from a request sent before (submission.ts), or undefined for anything else. */
export function draftFromRequest(request: unknown): OrderDraft | undefined {
  const parsed = OrderRequest.safeParse(request);
  if (!parsed.success) return undefined;
  const { customer, lines, note } = parsed.data;
  const quantities = Object.fromEntries(lines.map((l) => [l.itemId, l.quantity]));
  return { quantities, name: customer.name, email: customer.email ?? '', phone: customer.phone ?? '', note: note ?? '' };
}

/** The request as the API wants it: empty optional fields left out, lines in catalog order. */
export function requestFromDraft(draft: OrderDraft, itemOrder: string[]): unknown {
  const lines = itemOrder
    .filter((itemId) => (draft.quantities[itemId] ?? 0) > 0)
    .map((itemId) => ({ itemId, quantity: draft.quantities[itemId]! }));
  const customer = { name: draft.name, ...optional('email', draft.email), ...optional('phone', draft.phone) };
  return { customer, lines, ...optional('note', draft.note) };
}

function optional<K extends string>(key: K, value: string): Partial<Record<K, string>> {
  return value.trim() ? ({ [key]: value } as Record<K, string>) : {};
}

export type FieldErrors = Record<string, string>;

export function validateRequest(request: unknown): { ok: true; request: OrderRequest } | { ok: false; errors: FieldErrors } {
  const parsed = OrderRequest.safeParse(request);
  if (parsed.success) return { ok: true, request: parsed.data };
  return { ok: false, errors: issuesByPath(zodIssues(parsed.error)) };
}

/**
 * Issue paths name lines by index (`lines.1.quantity`); the form shows them beside the item,
 * so they are re-keyed by item id (`item:veggie`). `lines` itself stays as it is.
 */
export function errorsByField(errors: FieldErrors, request: unknown): FieldErrors {
  const lines = (request as { lines?: { itemId: string }[] }).lines ?? [];
  const byField: FieldErrors = {};
  for (const [path, message] of Object.entries(errors)) {
    const line = /^lines\.(\d+)/.exec(path);
    const itemId = line ? lines[Number(line[1])]?.itemId : undefined;
    byField[itemId ? `item:${itemId}` : path] ??= message;
  }
  return byField;
}

/**
 * The page's early check of stock, from the catalog it loaded: a quantity above what is left
 * is marked beside its item before anything is sent. Stock is the server's to judge in the end
 * (others order meanwhile): it answers 409 sold_out then.
 */
export function stockErrors(quantities: Record<string, number>, items: readonly { itemId: string; available: number | null }[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const { itemId, available } of items) {
    if (available === null || (quantities[itemId] ?? 0) <= available) continue;
    errors[`item:${itemId}`] = available === 0 ? 'Sold out.' : `Only ${available} left.`;
  }
  return errors;
}
