import { runChaos } from '../tests/reliability/support/chaos';
import { runCrashRounds } from '../tests/reliability/support/crash';
import { runHttpFuzz } from '../tests/reliability/support/fuzz-http';
import { runSyncFuzz } from '../tests/reliability/support/fuzz-sync';
import { runShift } from '../tests/reliability/long-offline';
const gc = (globalThis as { gc?: () => void }).gc!;
const heap = () => { gc(); gc(); return (process.memoryUsage().heapUsed / 1048576).toFixed(1); };
let seed = 5000;
const which = process.argv[2]!;
const work: Record<string, () => Promise<unknown>> = {
  chaos: () => runChaos({ seed: seed++, steps: 600, orders: 50 }),
  sqlite: () => runChaos({ seed: seed++, steps: 400, orders: 35, storage: 'sqlite' }),
  crash: () => runCrashRounds(3),
  sync: () => runSyncFuzz(seed++, 500),
  http: () => runHttpFuzz(seed++, 500),
  shift: () => runShift({ hours: 8, commandsPerHour: 250, preOrders: 600, seed: seed++, tokenTtlMs: 1_500 }),
};
const sizes: string[] = [heap()];
for (let i = 0; i < Number(process.argv[3] ?? 4); i++) { await work[which]!(); if (process.env.CLEAR) performance.clearResourceTimings(); sizes.push(heap()); }
console.log(which, sizes.join(' → '));
process.exit(0);
