// kill -9 during a burst of website orders and device updates, several times (see
// tests/reliability/support/crash.ts). CRASH_ROUNDS sets how many; `npm run soak` runs many.
import { afterEach, describe, expect, it } from 'vitest';
import { child, runCrashRounds } from '../reliability/support/crash';

const ROUNDS = Number(process.env.CRASH_ROUNDS ?? 4);
afterEach(() => void child?.kill('SIGKILL'));

describe('kill -9 under load', () => {
  it(`loses no acknowledged order and no relayed update, and duplicates nothing, over ${ROUNDS} crashes`, async () => {
    const report = await runCrashRounds(ROUNDS);
    expect(report.problems).toEqual([]);
    expect(report.acknowledged).toBeGreaterThan(0);
  }, 30_000 * ROUNDS);
});
