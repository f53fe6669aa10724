// Primitive schemas shared by events and commands. Every string from outside is trimmed
// and length-capped, every number is an integer in a sane range: the log is replicated to
// every device, so one oversized or malformed field would cost everyone.
import { z } from 'zod';

export const ID_PATTERN = /^[A-Za-z0-9_.:@-]+$/;
export const PHONE_PATTERN = /^[0-9+()./ -]*$/;

/** Ids are made on devices (UUIDs, slugs, "C1-42"); bounded and free of control characters. */
export const Id = z
  .string()
  .trim()
  .min(1, 'Needed.')
  .max(64, 'At most 64 characters.')
  .regex(ID_PATTERN, 'Only letters, digits and _ . : @ -');

/** Money is integer cents; a million euros per amount is more than any club dinner needs. */
export const Cents = z.number().int().min(0).max(100_000_000);
export const MAX_CENTS = 100_000_000;
/** A payment's amount: money taken, or (negative) given back; never nothing. */
export const PaymentCents = z.number().int().min(-MAX_CENTS).max(MAX_CENTS).refine((c) => c !== 0, 'A payment of 0 records nothing.');
export const MAX_QUANTITY = 999;
export const Quantity = z.number().int('A whole number, please.').min(1, 'At least 1.').max(MAX_QUANTITY, `At most ${MAX_QUANTITY}.`);
export const MAX_LINES = 50;

/** How many ids an event's `seen` may name: an order's frontier is one or two events in practice. */
export const MAX_SEEN = 16;
/** How many of a conflict's event ids a ConflictHandled names: 200 ids of 64 characters stay within an event's 16 KB. */
export const MAX_HANDLED_IDS = 200;
/** A bound on a conflict's event count in a ConflictHandled (a sane range, far above any evening). */
export const MAX_REF_EVENTS = 10_000_000;
/** A ConflictHandled's digest of a long conflict's event ids: hex, as handled-conflicts.ts writes it. */
export const DIGEST_PATTERN = /^[0-9a-f]{1,16}$/;
/** The kinds of conflict the projection reports (events.ts makes the schema; the fast check reads the list). */
export const CONFLICT_KINDS = [
  'oversold', 'overruled', 'concurrent_edit', 'overpaid', 'overrefunded', 'orphan',
  'duplicate', // an extension of the contract's list: a second placement or payment id
  'duplicate_number', // an extension: two different orders carry the same order number
] as const;

// Messages are shown under a form's field, whose label says what it is, and in the API's issues
// and conflict reasons beside the field's path: so they say what is wanted, in plain words.
export const Name = z.string().trim().min(1, 'A name is needed.').max(120, 'At most 120 characters.');
export const Customer = z
  .object({
    name: Name,
    email: z.string().trim().max(254, 'At most 254 characters.').pipe(z.email('Not an email address.')).optional(),
    phone: z
      .string()
      .trim()
      .max(40, 'At most 40 characters.')
      .regex(PHONE_PATTERN, 'Only digits, spaces and + ( ) . / -')
      .optional(),
  })
  .strict();
export type Customer = z.infer<typeof Customer>;

export const PricedLine = z.object({ itemId: Id, quantity: Quantity, unitPriceCents: Cents }).strict();
export type PricedLine = z.infer<typeof PricedLine>;

/** An order's lines name each item once: two lines for one item would make "change lines" ambiguous. */
export function uniqueItems<T extends { itemId: string }>(lines: T[], ctx: z.RefinementCtx): void {
  const seen = new Set<string>();
  lines.forEach((line, index) => {
    if (seen.has(line.itemId)) {
      ctx.addIssue({ code: 'custom', path: [index, 'itemId'], message: `${line.itemId} appears twice` });
    }
    seen.add(line.itemId);
  });
}

export const PricedLines = z.array(PricedLine).min(1).max(MAX_LINES).superRefine(uniqueItems);
export const Note = z.string().trim().max(500, 'At most 500 characters.');
export const Reason = z.string().trim().max(300);
export const Stock = z.number().int().min(0).max(1_000_000).nullable();
export const OrderNumber = z.string().trim().min(1).max(32);
/** ISO-8601 with an offset, as `new Date().toISOString()` writes it on any device. */
export const Timestamp = z.iso.datetime({ offset: true });
