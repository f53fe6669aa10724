// The long version of the device checks (docs/RELIABILITY.md): offline shifts at
// growing volume, one after another with new seeds, until the duration is up.
//
//   node --import tsx tests/soak/devices.ts [--minutes 10] [--hours 8] [--commands-per-hour 250] [--seed 1]
//     [--token-ttl-ms 1500]   (short, so that every shift ends with an expired token; a sync
//                              of tens of thousands of events needs longer to finish within it)
//
// Prints one JSON line of figures per shift and a summary; exits 1 at the first failure
// (with its seed, to re-run it alone with --seed S --minutes 0).
import { parseArgs } from 'node:util';
import { runShift, type ShiftFigures } from '../reliability/long-offline';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '10' },
    hours: { type: 'string', default: '8' },
    'commands-per-hour': { type: 'string', default: '250' },
    'pre-orders': { type: 'string', default: '600' },
    seed: { type: 'string', default: '1' },
    'token-ttl-ms': { type: 'string', default: '1500' },
    verbose: { type: 'boolean', default: false },
  },
});
const minutes = Number(values.minutes);
const hours = Number(values.hours);
const perHour = Number(values['commands-per-hour']);
const preOrders = Number(values['pre-orders']);
let seed = Number(values.seed);
const tokenTtlMs = Number(values['token-ttl-ms']);
if (![minutes, hours, perHour, preOrders, seed, tokenTtlMs].every(Number.isFinite)) throw new Error('every option takes a number');

const mb = (bytes: number) => `${Math.round(bytes / 1_048_576)} MB`;
/** With `node --expose-gc`, memory is read after a full collection: live data, not garbage. */
const collect = () => (globalThis as { gc?: () => void }).gc?.();
const deadline = Date.now() + minutes * 60_000;
const all: ShiftFigures[] = [];
do {
  try {
    const onPhase = values.verbose ? (phase: string) => collect() ?? console.error(`  ${phase}: heap ${mb(process.memoryUsage().heapUsed)}, rss ${mb(process.memoryUsage().rss)}`) : undefined;
    const figures = await runShift({ hours, commandsPerHour: perHour, preOrders, seed, tokenTtlMs, ...(onPhase ? { onPhase } : {}) });
    all.push(figures);
    console.log(JSON.stringify(figures));
  } catch (err) {
    console.error(`shift with seed ${seed} FAILED: ${(err as Error).stack ?? String(err)}`);
    process.exit(1);
  }
  seed++;
} while (Date.now() < deadline);

const sum = (pick: (f: ShiftFigures) => number) => all.reduce((total, f) => total + pick(f), 0);
console.log(JSON.stringify({
  shifts: all.length, seeds: `${all[0]!.seed}..${all.at(-1)!.seed}`, reloads: sum((f) => f.reloads),
  clerkEvents: sum((f) => f.clerkEvents), managerEvents: sum((f) => f.managerEvents), eventsChecked: sum((f) => f.serverEvents),
  largestSyncStep2Bytes: Math.max(...all.map((f) => f.syncStep2Bytes)), messageLimitBytes: all[0]!.messageLimitBytes,
}));
process.exit(0);
