// Failed logins slow a guesser down. scrypt alone lets one address try a password about
// every 60 ms per core; with this, one address gets PER_NAME failed tries at one name and
// PER_ADDRESS at all names within WINDOW_MS, then its logins answer 429 until the window
// passes. Keyed by address AND name, so a guesser elsewhere cannot lock the real person out;
// a login that succeeds clears that name's count for its address. Per process, like the
// website's order limit; time comes in as an argument, so tests need no sleeps.
// A try counts as failed from its start (`attempt`), and a success takes it back: counted only
// after the slow password check, a burst of parallel guesses all passed the check before any
// was counted (250 checked where 10 were allowed).
export const LOGIN_LIMITS = { perName: 10, perAddress: 50, windowMs: 15 * 60_000, maxKeys: 100_000 };

interface Window { count: number; until: number }

export class LoginThrottle {
  private readonly failures = new Map<string, Window>();

  constructor(private readonly limits = LOGIN_LIMITS) {}

  /** How long (ms) this address must wait before it may try `username` again; 0: it may now. */
  waitMs(ip: string, username: string, now: number): number {
    const byName = this.active(nameKey(ip, username), now);
    const byAddress = this.active(addressKey(ip), now);
    const waits = [byName && byName.count >= this.limits.perName ? byName.until - now : 0, byAddress && byAddress.count >= this.limits.perAddress ? byAddress.until - now : 0];
    return Math.max(...waits);
  }

  /** 0 and the try counted as a failure until it succeeds; else how long to wait (nothing counted). */
  attempt(ip: string, username: string, now: number): number {
    const wait = this.waitMs(ip, username, now);
    if (wait === 0) this.failed(ip, username, now);
    return wait;
  }

  failed(ip: string, username: string, now: number): void {
    for (const key of [nameKey(ip, username), addressKey(ip)]) {
      const window = this.active(key, now) ?? { count: 0, until: now + this.limits.windowMs };
      window.count += 1;
      this.failures.delete(key); // re-inserted last: the map's order is the eviction order
      this.failures.set(key, window);
      if (this.failures.size > this.limits.maxKeys) this.failures.delete(this.failures.keys().next().value!);
    }
  }

  /** After `attempt`: the try was good, so it is not a failure of the address either. */
  succeeded(ip: string, username: string): void {
    this.failures.delete(nameKey(ip, username));
    const byAddress = this.failures.get(addressKey(ip));
    if (byAddress && byAddress.count > 0) byAddress.count -= 1;
  }

  private active(key: string, now: number): Window | undefined {
    const window = this.failures.get(key);
    if (window && window.until <= now) this.failures.delete(key);
    return window && window.until > now ? window : undefined;
  }
}

const nameKey = (ip: string, username: string) => `n\u0000${ip}\u0000${username.toLowerCase()}`;
const addressKey = (ip: string) => `a\u0000${ip}`;
