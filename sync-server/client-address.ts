// Who a connection comes from, decided from plain values (transport.ts hands them over, so
// this file needs neither node:http nor ws): the client's address behind trusted proxies,
// whether a browser Origin may open a socket, and how many sockets each address holds.

/** The client's address: the peer's, unless the peer is a trusted proxy; then the nearest
 *  X-Forwarded-For hop that is not itself a trusted proxy (hops further left are client-made). */
export function clientAddress(peer: string | undefined, forwardedFor: string | string[] | undefined, trusted: ReadonlySet<string>): string {
  const address = peer ?? 'unknown';
  if (!trusted.has(address)) return address;
  const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor ?? '').split(',').slice(-16).map((h) => h.trim()).filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) if (!trusted.has(hops[i]!)) return hops[i]!.slice(0, 64);
  return address;
}

/** Browsers send Origin; only our own host and the configured list may open a socket. */
export function originAllowed(origin: string | undefined, host: string | undefined, allowed: readonly string[] | undefined): boolean {
  if (origin === undefined) return true; // Node clients, curl: not a browser-driven cross-site request
  if (allowed?.includes(origin)) return true;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

/** Open sockets per address; an address leaves the map when its last socket closes. */
export class AddressCounts {
  private readonly counts = new Map<string, number>();

  /** Counts one more socket of `address`; returns how many it has open now. */
  add(address: string): number {
    const open = (this.counts.get(address) ?? 0) + 1;
    this.counts.set(address, open);
    return open;
  }

  remove(address: string): void {
    const left = (this.counts.get(address) ?? 1) - 1;
    if (left > 0) this.counts.set(address, left);
    else this.counts.delete(address);
  }

  get(address: string): number {
    return this.counts.get(address) ?? 0;
  }
}
