// The bounded 8-hour offline shift (the long one: `node --import tsx tests/soak/devices.ts`).
import { describe, expect, it } from 'vitest';
import { runShift } from './long-offline';

describe('long offline', () => {
  it('an 8-hour shift: hundreds of events, a reload every hour, the token expiring; one sync under the limit, nothing lost', async () => {
    const figures = await runShift({ hours: 8, commandsPerHour: 60, preOrders: 150, seed: 8, tokenTtlMs: 1_500 });
    expect(figures.clerkEvents).toBeGreaterThanOrEqual(400);
    expect(figures.refusedWithExpiredToken).toBe(4401);
    expect(figures.syncStep2Bytes).toBeLessThan(figures.messageLimitBytes);
    expect(figures.serverEvents).toBe(figures.clerkEvents + figures.managerEvents);
  }, 60_000);
});
