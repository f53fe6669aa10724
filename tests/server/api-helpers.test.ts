// Pure helpers of the HTTP API: the per-address rate limit and the treasurer's CSV cells.
import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../sync-server/rate-limit';
import { csvCell } from '../../sync-server/shared/orders-csv';

describe('RateLimiter', () => {
  it('allows the limit per minute, then refuses until tokens flow back', () => {
    const limiter = new RateLimiter(3);
    expect([0, 1, 2, 3].map(() => limiter.take('1.2.3.4', 0))).toEqual([true, true, true, false]);
    expect(limiter.take('5.6.7.8', 0)).toBe(true);
    expect(limiter.take('1.2.3.4', 20_000)).toBe(true);
    expect(limiter.take('1.2.3.4', 20_000)).toBe(false);
  });

  it('0 turns the limit off', () => {
    const limiter = new RateLimiter(0);
    expect(Array.from({ length: 1000 }, () => limiter.take('a', 0)).every(Boolean)).toBe(true);
  });

  it('keeps a bounded number of addresses', () => {
    const limiter = new RateLimiter(1, 10);
    for (let i = 0; i < 100; i++) limiter.take(`ip-${i}`, 0);
    expect(limiter.take('ip-0', 0)).toBe(true); // evicted long ago, so it starts afresh
    expect(limiter.take('ip-99', 0)).toBe(false);
  });
});

describe('csvCell', () => {
  it('quotes separators and quotes, and defuses formulas but not negative amounts', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('-5.00')).toBe('-5.00');
  });

  it('shows invisible characters and text-direction overrides as U+FFFD', () => {
    expect(csvCell('\u202Eanna\u0007')).toBe('\uFFFDanna\uFFFD'); // not shown reversed, nor hidden
  });
});
