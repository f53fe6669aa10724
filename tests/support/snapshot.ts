// A projection as one plain, deep-comparable object: what two replicas must agree on.
import type { Projection } from '../../domain';

export interface Snapshot {
  websiteOpen: boolean;
  size: { website: number; replicated: number };
  items: unknown[];
  orders: unknown[];
  conflicts: unknown[];
  rejected: unknown[];
}

/**
 * Orders and rejections come back in no promised order, so they are sorted here. Items and
 * conflicts are kept in the projection's own order: a screen lists them as given, so
 * replicas must agree on that order too.
 */
export function snapshot(p: Projection): Snapshot {
  return plain({
    websiteOpen: p.websiteOpen,
    size: p.size,
    items: p.items(),
    orders: [...p.orders()].sort((a, b) => compare(a.orderId, b.orderId)).map((o) => ({ ...o, history: p.history(o.orderId) })),
    conflicts: p.conflicts(),
    rejected: p.rejected().map((r) => JSON.stringify(r)).sort(compare).map((text) => JSON.parse(text)),
  });
}

/** JSON round trip: drops undefined fields and detaches the result from the projection's live state. */
function plain<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
