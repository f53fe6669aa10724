// One idempotency key per submission attempt: a double click or a retry after a network
// failure sends the SAME key, so the server answers with the first order instead of making a
// second. The key is kept in sessionStorage with the exact body it was made for, so a reload
// after a lost answer retries safely too, and the form is filled from that body again (a
// customer should not type it all again to send it again). A new key is made only when the body
// changes or the server gave a definite answer (an order, or a refusal the customer must act on).
import { z } from 'zod';

const STORAGE_KEY = 'fundraiser-orders:pending-submission';
const Pending = z.object({ key: z.string().min(8).max(128), body: z.string(), fid: z.string().optional() });

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

function readPending(): z.infer<typeof Pending> | undefined {
  try {
    const parsed = Pending.safeParse(JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? 'null'));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
