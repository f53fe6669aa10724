// npm run soak -- --minutes N [--seed S] [--out file.json]
// The long versions of the reliability suite, round-robin until the time is up: chaos
// simulations (a new seed each, memory and SQLite), kill -9 crash rounds, sync and HTTP
// fuzzing, resource abuse with a memory-baseline check, and 8-hour offline clerk shifts. Stops at the first failure and
// prints how to replay it. Figures go to stdout and to --out (default soak-report.json).
import fs from 'node:fs';
import { execSync } from 'node:child_process';
import { runAbuse, type AbuseReport } from '../tests/reliability/support/abuse';
import { runChaos, type ChaosReport } from '../tests/reliability/support/chaos';
import { runCrashRounds } from '../tests/reliability/support/crash';
import { runHttpFuzz } from '../tests/reliability/support/fuzz-http';
import { runSyncFuzz } from '../tests/reliability/support/fuzz-sync';
import { runShift } from '../tests/reliability/long-offline';

/** The heap may grow this much over the abuse baseline before the soak calls it a leak. */
const MAX_HEAP_GROWTH_MB = 24;

interface Totals {
  startedAt: string;
  commit: string;
  minutes: number;
  chaos: { runs: number; seeds: number[]; steps: number; eventsChecked: number; faults: Record<string, number> };
  crash: { rounds: number; acknowledgedOrders: number; relayedEvents: number };
  syncFuzz: { cases: number; seeds: number[]; closes: Record<string, number>; answered: number };
  httpFuzz: { cases: number; seeds: number[]; statuses: Record<string, number> };
  abuse: AbuseReport[];
  shifts: { runs: number; seeds: number[]; clerkEvents: number; eventsChecked: number; largestSyncStep2Bytes: number };
  failure?: string;
  elapsedMinutes?: number;
}

const args = parseArgs(process.argv.slice(2));
const deadline = Date.now() + args.minutes * 60_000;
const totals: Totals = {
  startedAt: new Date().toISOString(), commit: commit(), minutes: args.minutes,
  chaos: { runs: 0, seeds: [], steps: 0, eventsChecked: 0, faults: {} },
  crash: { rounds: 0, acknowledgedOrders: 0, relayedEvents: 0 },
  syncFuzz: { cases: 0, seeds: [], closes: {}, answered: 0 },
  httpFuzz: { cases: 0, seeds: [], statuses: {} },
  abuse: [],
  shifts: { runs: 0, seeds: [], clerkEvents: 0, eventsChecked: 0, largestSyncStep2Bytes: 0 },
};

const workloads: (() => Promise<void>)[] = [abuse, chaos, chaos, chaosOnSqlite, crash, syncFuzz, httpFuzz, offlineShift];

async function main(): Promise<void> {
  const started = Date.now();
  try {
    for (let i = 0; Date.now() < deadline; i++) await workloads[i % workloads.length]!();
  } catch (err) {
    totals.failure = err instanceof Error ? `${err.message}${err.cause ? ` (cause: ${String(err.cause)})` : ''}` : String(err);
  }
  totals.elapsedMinutes = Math.round((Date.now() - started) / 600) / 100;
  fs.writeFileSync(args.out, `${JSON.stringify(totals, null, 2)}\n`);
  console.log(JSON.stringify(totals, null, 2));
  if (totals.failure) {
    console.error(`SOAK FAILED: ${totals.failure}`);
    process.exit(1);
  }
  process.exit(0);
}

let nextSeed = args.seed;

async function chaos(): Promise<void> {
  addChaos(await runChaos({ seed: nextSeed++, steps: 600, orders: 50 }));
}

async function chaosOnSqlite(): Promise<void> {
  addChaos(await runChaos({ seed: nextSeed++, steps: 400, orders: 35, storage: 'sqlite' }));
}

function addChaos(report: ChaosReport): void {
  const c = totals.chaos;
  c.runs++;
  c.seeds.push(report.seed);
  c.steps += report.steps;
  c.eventsChecked += report.eventsChecked;
  for (const [fault, n] of Object.entries(report.faults)) c.faults[fault] = (c.faults[fault] ?? 0) + n;
  log(`chaos seed ${report.seed}: ${report.steps} steps, ${report.eventsChecked} events checked, faults ${JSON.stringify(report.faults)}`);
}

async function crash(): Promise<void> {
  const report = await runCrashRounds(3);
  if (report.problems.length > 0) throw new Error(`crash rounds: ${report.problems.join('; ')}`);
  totals.crash.rounds += report.rounds;
  totals.crash.acknowledgedOrders += report.acknowledged;
  totals.crash.relayedEvents += report.relayed;
  log(`crash: ${report.rounds} kill -9 rounds, ${report.acknowledged} acknowledged orders and ${report.relayed} relayed events all there once`);
}

async function syncFuzz(): Promise<void> {
  const seed = nextSeed++;
  const report = await runSyncFuzz(seed, 500);
  const f = totals.syncFuzz;
  f.cases += report.cases;
  f.seeds.push(seed);
  f.answered += report.answered;
  for (const [code, n] of Object.entries(report.closes)) f.closes[code] = (f.closes[code] ?? 0) + n;
  log(`sync fuzz seed ${seed}: ${report.cases} cases, closes ${JSON.stringify(report.closes)}, answered ${report.answered}`);
}

async function httpFuzz(): Promise<void> {
  const seed = nextSeed++;
  const report = await runHttpFuzz(seed, 500);
  const f = totals.httpFuzz;
  f.cases += report.cases;
  f.seeds.push(seed);
  for (const [status, n] of Object.entries(report.statuses)) f.statuses[status] = (f.statuses[status] ?? 0) + n;
  log(`http fuzz seed ${seed}: ${report.cases} cases, statuses ${JSON.stringify(report.statuses)}`);
}

async function abuse(): Promise<void> {
  const report = await runAbuse(4);
  totals.abuse.push(report);
  log(`abuse: ${report.rounds} rounds, heap baseline ${report.baselineHeapMb.toFixed(1)} MB, after rounds ${report.heapAfterRoundMb.map((h) => h.toFixed(1)).join(', ')} MB`);
  if (report.maxGrowthMb > MAX_HEAP_GROWTH_MB) throw new Error(`abuse: the heap grew ${report.maxGrowthMb.toFixed(1)} MB over its baseline`);
}

/** An 8-hour offline clerk shift at the volume of a busy door (tests/reliability/long-offline.ts). */
async function offlineShift(): Promise<void> {
  const seed = nextSeed++;
  const f = await runShift({ hours: 8, commandsPerHour: 250, preOrders: 600, seed, tokenTtlMs: 1_500 });
  const s = totals.shifts;
  s.runs++;
  s.seeds.push(seed);
  s.clerkEvents += f.clerkEvents;
  s.eventsChecked += f.serverEvents;
  s.largestSyncStep2Bytes = Math.max(s.largestSyncStep2Bytes, f.syncStep2Bytes);
  log(`offline shift seed ${seed}: ${f.reloads} reloads, ${f.clerkEvents} clerk events in one sync of ${f.syncStep2Bytes} B, ${f.serverEvents} events checked`);
}

function log(line: string): void {
  const left = Math.max(0, Math.round((deadline - Date.now()) / 1000));
  console.log(`[soak ${left}s left] ${line}`);
}

function parseArgs(argv: string[]): { minutes: number; seed: number; out: string } {
  const value = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const minutes = Number(value('minutes') ?? 10);
  if (!(minutes > 0)) throw new Error('--minutes must be a positive number');
  return { minutes, seed: Number(value('seed') ?? Date.now() % 1_000_000), out: value('out') ?? 'soak-report.json' };
}

function commit(): string {
  try {
    return execSync('git rev-parse --short HEAD', { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

void main();
