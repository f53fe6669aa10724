// Convergence under chaos against the real server (see support/chaos.ts). A failure names its
// seed; `SEED=<n> npx vitest run tests/reliability/chaos.test.ts` replays that schedule.
// The long version (many seeds, SQLite, more steps) is `npm run soak`.
import { describe, expect, it } from 'vitest';
import { runChaos } from './support/chaos';

const seeds = process.env.SEED ? [Number(process.env.SEED)] : [1, 2];

describe('convergence under chaos', () => {
  it.each(seeds)('seed %i: every replica, the server and its storage end identical, every event exactly once', async (seed) => {
    const report = await runChaos({ seed, steps: 200, orders: 20 });
    expect(report.eventsChecked).toBeGreaterThan(40);
    expect(report.faults.duplicate + report.faults.dropToServer + report.faults.dropToDevice + report.faults.reorder).toBeGreaterThan(0);
  });

  it('on SQLite, with a server restart in the middle of it', async () => {
    const report = await runChaos({ seed: 4, steps: 150, orders: 15, storage: 'sqlite', restartAt: 75 });
    expect(report.eventsChecked).toBeGreaterThan(30);
    expect(report.faults.restart).toBeGreaterThanOrEqual(1);
  });
});
