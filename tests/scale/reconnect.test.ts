// The apps' reconnect policy: full jitter under y-websocket's exponential bound, so devices
// that lost the same server do not come back in lockstep; 44xx closes stay final.
import { describe, expect, it } from 'vitest';
import type { WebsocketProvider } from 'y-websocket';
import { jitteredReconnect } from '../../client/device/reconnect';

const provider = (failures: number) => ({ wsUnsuccessfulReconnects: failures, maxBackoffTime: 0 }) as unknown as WebsocketProvider;

describe('jitteredReconnect', () => {
  it('waits a uniform fraction of min(cap, 100 ms · 2^failures)', () => {
    const policy = jitteredReconnect(2_000, () => 0.5);
    const waits = [1, 3, 5, 10].map((n) => {
      const p = provider(n);
      expect(policy({ code: 1006 }, p)).toBe(true);
      return p.maxBackoffTime;
    });
    expect(waits).toEqual([100, 400, 1_000, 1_000]);
  });

  it('spreads devices that failed together over the whole window', () => {
    let seed = 1;
    const random = () => ((seed = (seed * 48271) % 2147483647) / 2147483647);
    const policy = jitteredReconnect(10_000, random);
    const waits = Array.from({ length: 200 }, () => {
      const p = provider(4); // bound 1600 ms
      policy({ code: 1001 }, p);
      return p.maxBackoffTime;
    });
    expect(Math.min(...waits)).toBeLessThan(200);
    expect(Math.max(...waits)).toBeGreaterThan(1_400);
    expect(waits.every((w) => w >= 1 && w <= 1_600)).toBe(true);
  });

  it('does not reconnect after a 44xx close (bad token, refused update)', () => {
    expect(jitteredReconnect(10_000)({ code: 4401 }, provider(0))).toBe(false);
  });
});
