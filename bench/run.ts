// `npm run bench [-- --quick] [-- --only 1,4]`: measures the product's main paths on this
// machine, prints a table, writes bench/results.json and bench/RESULTS.md.
import { loadavg } from 'node:os';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Row, RowResult } from './harness';
import { machineReport, speedText, table, writeReports } from './report';
import { ROWS } from './rows';
import { speedReference } from './speed';

interface Options { quick: boolean; only?: Set<number>; write: boolean }

function parseArgs(argv: string[]): Options {
  const options: Options = { quick: false, write: true };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--quick') options.quick = true;
    else if (arg === '--no-write') options.write = false;
    else if (arg === '--only') options.only = new Set(argv[++i]!.split(',').map(Number));
    else if (arg.startsWith('--only=')) options.only = new Set(arg.slice(7).split(',').map(Number));
    else throw new Error(`unknown argument ${arg}; use --quick, --only <ids>, --no-write`);
  }
  return options;
}

async function runRow(row: Row, quick: boolean): Promise<RowResult> {
  const started = performance.now();
  const log = (message: string) => console.error(`  [${row.id}] ${message}`);
  console.error(`row ${row.id}: ${row.title}${quick ? ' (quick)' : ''}`);
  try {
    const { missed, ...result } = await row.run({ quick, runs: quick ? 3 : 7, log });
    for (const note of result.notes) log(note);
    log(`done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    // A row's reasons for missing are reported only where a figure did miss.
    const explain = result.figures.some((f) => !f.met) && missed ? { missed } : {};
    return { id: row.id, title: row.title, ...result, ...explain, seconds: (performance.now() - started) / 1000 };
  } catch (err) {
    console.error(err);
    const error = err instanceof Error ? err.message : String(err);
    return { id: row.id, title: row.title, figures: [], notes: [], error, seconds: (performance.now() - started) / 1000 };
  }
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const load = loadavg();
  const speedAtStart = speedReference();
  const results: RowResult[] = [];
  for (const row of ROWS) {
    if (options.only && !options.only.has(row.id)) continue;
    results.push(await runRow(row, options.quick));
  }
  console.log(table(results));
  const speed = { atStartMs: speedAtStart, atEndMs: speedReference() };
  console.log(speedText(speed).trim());
  const report = machineReport(options.quick, results, load, speed);
  // A partial run (--only) prints but does not overwrite the committed full results.
  if (options.write && !options.only) writeReports(dirname(fileURLToPath(import.meta.url)), report);
  const missed = results.filter((r) => r.error || r.figures.some((f) => !f.met)).map((r) => r.id);
  console.log(missed.length ? `missed: rows ${missed.join(', ')} (see bench/RESULTS.md)` : 'all targets met');
  process.exit(0); // child processes and sockets are closed by each row; do not wait for stray timers
}

await main();
