// One idempotency key per submission attempt: a double click or a retry after a network
// failure sends the SAME key, so the server answers with the first order instead of making a
// second. The key is kept in sessionStorage with the exact body it was made for, so a reload
// after a lost answer retries safely too, and the form is filled from that body again (a
// customer should not type it all again to send it again). A new key is made only when the body
// changes or the server gave a definite answer (an order, or a refusal the customer must act on).
// An order placed is remembered in its place (its number and receipt), so the order page says so
// when it is shown again in this tab: a reload while "Placing order…" whose answer the old page
// still took, or Back from the receipt, had shown an empty form, and ordering again made a second.
import { z } from 'zod';

const STORAGE_KEY = 'fundraiser-orders:pending-submission';
const PLACED_KEY = 'fundraiser-orders:placed-order';
const Pending = z.object({ key: z.string().min(8).max(128), body: z.string(), fid: z.string().optional() });
const Placed = z.object({ fid: z.string(), orderNumber: z.string().max(64), receiptPath: z.string().startsWith('/order/').max(2048) });
export type PlacedOrder = z.infer<typeof Placed>;

export function keyFor(body: string, fid?: string): string {
  const pending = readPending();
  if (pending && pending.body === body) return pending.key;
  const key = `web-${crypto.randomUUID()}`;
  sessionStorage.setItem(STORAGE_KEY, JSON.stringify({ key, body, fid }));
  return key;
}

/** The request sent for `fid` whose answer never came (the page was reloaded meanwhile), if any. */
export function unansweredRequest(fid: string): unknown {
  const pending = readPending();
  if (!pending || pending.fid !== fid) return undefined;
  try {
    return JSON.parse(pending.body);
  } catch {
    return undefined;
  }
}

/** The server answered for good: the next attempt is a new order. */
export function settle(): void {
  sessionStorage.removeItem(STORAGE_KEY);
}

/** The server placed it: the next attempt is a new order, and this one is said on the order page. */
export function settlePlaced(placed: PlacedOrder): void {
  sessionStorage.setItem(PLACED_KEY, JSON.stringify(placed));
  settle();
}

/** The order this tab last placed for `fid`, if any. */
export function lastPlaced(fid: string): PlacedOrder | undefined {
  const placed = readStored(PLACED_KEY, Placed);
  return placed?.fid === fid ? placed : undefined;
}

function readPending(): z.infer<typeof Pending> | undefined {
  return readStored(STORAGE_KEY, Pending);
}

/** What sessionStorage holds under `key`, if it parses: anything else there is as good as nothing. */
function readStored<T>(key: string, schema: z.ZodType<T>): T | undefined {
  try {
    const parsed = schema.safeParse(JSON.parse(sessionStorage.getItem(key) ?? 'null'));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
