// Row 5: fan-out. One writer appends events one per transaction at a steady rate; 50 and
// then 200 readers receive each. This product and the stock Yjs server each run in a child
// process under the same load; we compare server CPU per delivered message and the p99 of
// delivery (writer's send → reader's receive, one clock: both ends live in this process).
import { WebSocket } from 'ws';
import type { Actor } from '../../domain';
import { figure, quantile } from '../harness';
import type { Figure, Row, RowContext } from '../harness';
import { startChild } from '../support/child';
import type { Child } from '../support/child';
import { connectDevice, eventsAs } from '../support/devices';
import { logOf } from '../support/events';

interface Ready { url: string; tokens: { manager?: string; clerk?: string } }
interface Load { readers: number; events: unknown[]; perSecond: number }
interface Outcome { cpuUsPerMessage: number; latencies: number[] }

/** Events per second by reader count: loads the stock server sustains on this machine. */
const RATE: Record<number, number> = { 50: 100, 200: 50 };
const MANAGER: Actor = { role: 'manager', userId: 'manager', deviceId: 'office-laptop' };

export const row5: Row = {
  id: 5,
  title: 'fan-out: 1 writer, many readers',
  async run(ctx) {
    const count = ctx.quick ? 150 : 5_000;
    const events = eventsAs(logOf(count * 3, 5).replicated, MANAGER, count);
    const figures: Figure[] = [];
    const notes: string[] = [];
    for (const readers of ctx.quick ? [50] : [50, 200]) {
      const perSecond = RATE[readers]!;
      const load = { readers, events, perSecond };
      const ours = await measure(ctx, 'app', load);
      const stock = await measure(ctx, 'stock', load);
      figures.push(
        figure({ label: `${readers} readers: server CPU per delivered message`, value: ours.cpuUsPerMessage, unit: 'µs', baseline: stock.cpuUsPerMessage, baselineLabel: 'stock @y/websocket-server', limit: 1.0 }),
        figure({ label: `${readers} readers: delivery p99`, value: quantile(ours.latencies, 0.99), baseline: quantile(stock.latencies, 0.99), baselineLabel: 'stock @y/websocket-server', limit: 1.2 }),
      );
      notes.push(`${readers} readers at ${perSecond} events/s: delivery p50 ${quantile(ours.latencies, 0.5).toFixed(1)} ms here vs ${quantile(stock.latencies, 0.5).toFixed(1)} ms stock`);
    }
    notes.unshift(`${count} events, one per transaction, at ${RATE[50]}/s to 50 readers and ${RATE[200]}/s to 200 (5,000 and 10,000 deliveries/s: faster, the stock server itself falls behind on this shared 2-core machine, where readers and servers share the cores) from one stock y-websocket client (manager token); readers are raw WebSocket clients that count sync-update messages; each server in its own child process, CPU from its process.cpuUsage (all threads) over the run; per-connection rate limits raised for the bench`);
    return { figures, notes, ...(figures.every((f) => f.met) ? {} : { missed: MISSED }) };
  },
};

async function measure(ctx: RowContext, kind: 'app' | 'stock', load: Load): Promise<Outcome> {
  const server = await startChild<Ready>('./server-child.ts', [kind]);
  try {
    const outcome = await fanOut(server, load);
    ctx.log(`${kind}, ${load.readers} readers: ${outcome.cpuUsPerMessage.toFixed(1)} µs CPU per message, p99 ${quantile(outcome.latencies, 0.99).toFixed(1)} ms`);
    return outcome;
  } finally {
    await server.stop();
  }
}

async function fanOut(server: Child<Ready>, load: Load): Promise<Outcome> {
  const { url, tokens } = server.ready;
  const sentAt: number[] = [];
  const readers = await Promise.all(Array.from({ length: load.readers }, () => reader(url, tokens.clerk, sentAt)));
  const writer = connectDevice(url, 'demo', tokens.manager);
  try {
    await new Promise<void>((resolve) => (writer.provider.synced ? resolve() : writer.provider.once('sync', () => resolve())));
    const before = await server.ask<{ usage: NodeJS.CpuUsage }>({ type: 'cpu' }, 'cpu');
    await write(writer.doc, load, sentAt);
    await Promise.all(readers.map((r) => r.all(load.events.length)));
    const after = await server.ask<{ usage: NodeJS.CpuUsage }>({ type: 'cpu' }, 'cpu');
    const cpuUs = after.usage.user + after.usage.system - before.usage.user - before.usage.system;
    return { cpuUsPerMessage: cpuUs / (load.events.length * load.readers), latencies: readers.flatMap((r) => r.latencies) };
  } finally {
    writer.destroy();
    for (const r of readers) r.close();
  }
}

async function write(doc: import('yjs').Doc, load: Load, sentAt: number[]): Promise<void> {
  const array = doc.getArray<unknown>('replicated');
  const start = performance.now();
  for (let k = 0; k < load.events.length; k++) {
    const due = start + (k * 1000) / load.perSecond;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    sentAt[k] = performance.now();
    doc.transact(() => array.push([load.events[k]]));
  }
}

/** A reader: counts sync-update messages (type 0, subtype 2); the k-th is the writer's k-th event. */
function reader(url: string, token: string | undefined, sentAt: number[]) {
  const socket = new WebSocket(`${url.replace(/^http/, 'ws')}/sync/demo${token ? `?token=${token}` : ''}`);
  const latencies: number[] = [];
  let waiting: { n: number; resolve: () => void } | undefined;
  socket.on('message', (data: Buffer) => {
    if (data[0] !== 0 || data[1] !== 2) return;
    latencies.push(performance.now() - sentAt[latencies.length]!);
    if (waiting && latencies.length >= waiting.n) waiting.resolve();
  });
  return new Promise<{ latencies: number[]; all(n: number): Promise<void>; close(): void }>((resolve, reject) => {
    socket.once('error', reject);
    socket.once('open', () => resolve({
      latencies,
      all: (n) => (latencies.length >= n ? Promise.resolve() : new Promise<void>((done, fail) => {
        const timer = setTimeout(() => fail(new Error(`a reader got ${latencies.length} of ${n} events`)), 120_000);
        waiting = { n, resolve: () => (clearTimeout(timer), done()) };
      })),
      close: () => socket.terminate(),
    }));
  });
}

// Measured in the server child under this row's load (5,000 events, 50 readers; per-thread CPU
// from /proc/<pid>/task, --cpu-prof of each thread, strace), on the shared 2-core VM at load 3-5.
const MISSED = {
  why: 'The relay is the same as the stock server\'s (one frame, then one ws send per reader: about 10 µs each, writev included, in both), so the extra CPU is per update, and it is mostly hand-overs between threads. Each update crosses threads four times (to the staging worker and back, to the SQLite writer and back); on this VM waking a sleeping thread for a message costs about 70 µs on the main thread and 50 µs on a worker, so the main thread wakes three times per update where the stock server wakes once. Per update, by thread: main 950 µs vs 680 stock (two more wake-ups and postMessages, the pipeline\'s bookkeeping); staging worker about 250-390 µs (the check is about 50 µs in a hot loop and several times that when it runs once every 10 ms with cold caches, plus its wake-up and reply); SQLite writer about 290-390 µs (BEGIN, upsert, COMMIT writing 1-4 WAL pages, the fsync; about 300 µs in a bare loop paced like this row, its own wake-up included); V8 helper threads about 100 µs more (TurboFan compiling three isolates\' code). Taking the writer thread out (memory storage) saved about 560 µs per update, checking on the main thread about 440, both about 1,060 (leaving 260 over stock). No per-update waste of note was found: updates cross threads as clones of about 220 bytes (views over exactly-sized read buffers), statements are prepared once, nothing is logged, the awareness path is idle. Delivery p50 is the stock path plus the check (about 0.4 ms) and the store (0.6-1.4 ms); the tail adds the disk\'s fsync tail, the overdue compaction (at 100/s the room is never quiet for 100 ms: an encode of 7-18 ms on the main thread, then a write that the next stores queue behind: 6-12 ms since the batch removes the old snapshot first and saves the new one last, 17-88 ms before; replayed in a scratch script, this row\'s 5,000 one-event updates into a DocStore on the threaded SQLite adapter, compacted when overdue, two runs each) and, on a loaded machine, a backlog: the room stores one update at a time, one fsync each, so after a stall the queue drains slowly (queue wait p99 100-190 ms at load 5-7).',
  close: 'Durable before visible and the whole-update check stay, and so do the two hand-overs and the fsync. The check cannot move to the main thread for small updates: a crafted update of 359 bytes (50 items claiming one origin) took 143-269 ms to check against a doc of 3,000-10,000 items, one of 905 bytes 0.3-0.9 s; only the worker\'s time bound keeps that off the event loop, and the bound (terminating the worker) rules out running the store on the same thread. What would help: a group commit of device updates (the updates queued while one is stored are checked in order and stored in one transaction), which drains a backlog with one fsync (the tail under load, CPU with several writers); the compaction policy went from count alone to count and size (storage/compaction-policy.ts): in this row\'s 5,000 one-event updates the room used to write a snapshot of the whole doc every 1,000 updates (5 times, each stalling the appends behind it); now 3 times (the same overdue rule replayed on 5,000 generated one-event updates against a DocStore: at 1,000, 2,000 and 3,848).',
};
