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
  .min(1)
  .max(64)
  .regex(ID_PATTERN, 'may only hold letters, digits and _ . : @ -');

/** Money is integer cents; a million euros per amount is more than any club dinner needs. */
export const Cents = z.number().int().min(0).max(100_000_000);
export const MAX_QUANTITY = 999;
export const Quantity = z.number().int().min(1).max(MAX_QUANTITY);
export const MAX_LINES = 50;

/** How many ids an event's `seen` may name: an order's frontier is one or two events in practice. */
export const MAX_SEEN = 16;

export const Name = z.string().trim().min(1, 'is required').max(120);
export const Customer = z
  .object({
    name: Name,
    email: z.string().trim().max(254).pipe(z.email()).optional(),
    phone: z
      .string()
      .trim()
      .max(40)
      .regex(PHONE_PATTERN, 'may only hold digits, spaces and + ( ) . / -')
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
export const Note = z.string().trim().max(500);
export const Reason = z.string().trim().max(300);
export const Stock = z.number().int().min(0).max(1_000_000).nullable();
export const OrderNumber = z.string().trim().min(1).max(32);
/** ISO-8601 with an offset, as `new Date().toISOString()` writes it on any device. */
export const Timestamp = z.iso.datetime({ offset: true });
