// Hostile input, bounded (the long runs are `npm run soak`). fast-check prints the seed and
// the shrunk case on failure; FUZZ_SEED replays it.
import { describe, expect, it } from 'vitest';
import { runHttpFuzz } from './support/fuzz-http';
import { runSyncFuzz } from './support/fuzz-sync';

const seed = Number(process.env.FUZZ_SEED ?? 20261130);

describe('fuzzing the sync socket', () => {
  it('the server closes with a contract code or answers, within the bound; devices keep syncing; only valid events are kept', async () => {
    const report = await runSyncFuzz(seed, 150);
    expect(report.cases).toBe(150);
    expect(report.healthChecks).toBeGreaterThanOrEqual(6);
    expect(Object.keys(report.closes).length).toBeGreaterThan(1);
  }, 120_000);
});

describe('fuzzing the HTTP API', () => {
  it("answers every request below 500, errors in the contract's shape, never another customer's data", async () => {
    const report = await runHttpFuzz(seed, 250);
    expect(report.cases).toBe(250);
    expect(Object.keys(report.statuses).length).toBeGreaterThan(3);
  }, 120_000);
});
