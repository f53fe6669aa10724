// Token buckets: `burst` tokens, refilled at `perSecond`. Time comes in as an argument so
// tests need no sleeps. One bucket per sync connection (messages), one per client address
// (website orders).
export class TokenBucket {
  private tokens: number;

  constructor(private readonly burst: number, private readonly perSecond: number, private last: number) {
    this.tokens = burst;
  }

  /** Takes `cost` tokens if there are enough; false (and nothing taken) otherwise. */
  take(now: number, cost = 1): boolean {
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.perSecond);
    this.last = now;
    if (this.tokens < cost) return false;
    this.tokens -= cost;
    return true;
  }
}

/** A bucket per key (a client address), with bounded memory. */
export class RateLimiter {
  private readonly buckets = new Map<string, TokenBucket>();

  /** `perMinute` 0 turns the limit off. */
  constructor(private readonly perMinute: number, private readonly maxKeys = 100_000) {}

  take(key: string, now: number): boolean {
    if (this.perMinute <= 0) return true;
    const bucket = this.buckets.get(key) ?? new TokenBucket(this.perMinute, this.perMinute / 60, now);
    const allowed = bucket.take(now);
    if (allowed) this.remember(key, bucket);
    return allowed;
  }

  /** A flood of addresses evicts the least recently allowed buckets; memory never grows without end. */
  private remember(key: string, bucket: TokenBucket): void {
    this.buckets.delete(key);
    this.buckets.set(key, bucket);
    if (this.buckets.size > this.maxKeys) this.buckets.delete(this.buckets.keys().next().value!);
  }
}
