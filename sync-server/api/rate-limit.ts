// A per-key token bucket. Time comes in as an argument so tests need no sleeps.
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  /** `perMinute` 0 turns the limit off. */
  constructor(private readonly perMinute: number, private readonly maxKeys = 100_000) {}

  take(key: string, now: number): boolean {
    if (this.perMinute <= 0) return true;
    const bucket = this.buckets.get(key) ?? { tokens: this.perMinute, at: now };
    bucket.tokens = Math.min(this.perMinute, bucket.tokens + ((now - bucket.at) / 60_000) * this.perMinute);
    bucket.at = now;
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    this.remember(key, bucket);
    return true;
  }

  /** Bounded memory: a flood of addresses evicts the oldest buckets, never grows without end. */
  private remember(key: string, bucket: { tokens: number; at: number }): void {
    this.buckets.delete(key);
    this.buckets.set(key, bucket);
    if (this.buckets.size > this.maxKeys) this.buckets.delete(this.buckets.keys().next().value!);
  }
}
