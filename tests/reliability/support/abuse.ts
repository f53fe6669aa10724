// Resource abuse at soak scale, with a memory check: one server takes round after round of
// idle sockets, slow headers, awareness floods and hundreds of fundraisers opened by one
// address; after each round its rooms unload, and the heap (after a forced GC) must come
// back near the baseline measured after a warm-up round. Needs `node --expose-gc`.
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { awarenessFrame, CLERK, rawSync, startServer, type TestServer } from '../../server/helpers';

export interface AbuseReport {
  rounds: number;
  idleSockets: number;
  slowRequests: number;
  awarenessFrames: number;
  fundraisersOpened: number;
  baselineHeapMb: number;
  /** Heap after each round (after GC), in MB. */
  heapAfterRoundMb: number[];
  maxGrowthMb: number;
}

export async function runAbuse(rounds: number, fundraisersPerRound = 300): Promise<AbuseReport> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with node --expose-gc');
  const ts = await startServer({
    idleUnloadMs: 50,
    limits: { headersTimeoutMs: 500, requestTimeoutMs: 1_000, maxSocketsPerIp: 200, syncOpensPerMinute: 1e9, messageBurst: 50, messagesPerSecond: 10 },
  });
  const report: AbuseReport = { rounds: 0, idleSockets: 0, slowRequests: 0, awarenessFrames: 0, fundraisersOpened: 0, baselineHeapMb: 0, heapAfterRoundMb: [], maxGrowthMb: 0 };
  try {
    await abuseRound(ts, report, fundraisersPerRound); // warm-up: code paths compiled, pools filled
    report.baselineHeapMb = await settledHeapMb(ts, gc);
    for (let r = 0; r < rounds; r++) {
      await abuseRound(ts, report, fundraisersPerRound);
      const heap = await settledHeapMb(ts, gc);
      report.heapAfterRoundMb.push(heap);
      report.maxGrowthMb = Math.max(report.maxGrowthMb, heap - report.baselineHeapMb);
      report.rounds++;
    }
    return report;
  } finally {
    await ts.close();
  }
}

async function abuseRound(ts: TestServer, report: AbuseReport, fundraisers: number): Promise<void> {
  await idleSockets(ts, 150, report);
  await slowHeaders(ts, 40, report);
  await awarenessFlood(ts, report);
  await manyFundraisers(ts, fundraisers, report);
  if ((await fetch(`${ts.server.url}/healthz`)).status !== 200) throw new Error('the server stopped answering during abuse');
}

async function idleSockets(ts: TestServer, count: number, report: AbuseReport): Promise<void> {
  await Promise.all(Array.from({ length: count }, () => tcpUntilClosed(ts, () => {})));
  report.idleSockets += count;
}

async function slowHeaders(ts: TestServer, count: number, report: AbuseReport): Promise<void> {
  await Promise.all(Array.from({ length: count }, () => tcpUntilClosed(ts, (s) => s.write('GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: '))));
  report.slowRequests += count;
}

/** Resolves when the server has cut the socket (it must, within its timeouts). */
function tcpUntilClosed(ts: TestServer, start: (socket: net.Socket) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(ts.server.port, '127.0.0.1', () => start(socket));
    const timer = setTimeout(() => (socket.destroy(), reject(new Error('an idle or slow socket was never cut'))), 10_000);
    socket.on('error', () => {});
    socket.once('close', () => (clearTimeout(timer), resolve()));
  });
}

async function awarenessFlood(ts: TestServer, report: AbuseReport): Promise<void> {
  const raw = rawSync(ts, ts.token(CLERK), 'flooded');
  await raw.opened;
  const entries = Array.from({ length: 1_000 }, (_, i) => ({ client: 50_000 + i, clock: 1, state: { name: 'x'.repeat(100) } }));
  for (let i = 0; i < 100 && raw.ws.readyState === raw.ws.OPEN; i++) {
    raw.send(awarenessFrame(entries.map((e) => ({ ...e, clock: i + 1 }))));
    report.awarenessFrames++;
  }
  const { code } = await raw.closed;
  if (code !== 4529) throw new Error(`an awareness flood was closed with ${code}, not 4529`);
}

async function manyFundraisers(ts: TestServer, count: number, report: AbuseReport): Promise<void> {
  const token = ts.token(CLERK);
  for (let i = 0; i < count; i += 50) {
    await Promise.all(Array.from({ length: Math.min(50, count - i) }, async (_, k) => {
      const raw = rawSync(ts, token, `abuse-${i + k}`);
      const loaded = new Promise<void>((resolve) => raw.ws.once('message', () => resolve())); // its room loaded: step 1 came
      await raw.opened;
      if (raw.received.length === 0) await loaded;
      raw.ws.terminate();
      await raw.closed;
    }));
  }
  report.fundraisersOpened += count;
}

/** Waits for every room to unload (idleUnloadMs is 50 ms here), then GCs and reads the heap. */
async function settledHeapMb(ts: TestServer, gc: () => void): Promise<number> {
  for (let i = 0; ts.server.rooms.loaded().length > 0; i++) {
    if (i > 200) throw new Error(`rooms never unloaded: ${ts.server.rooms.loaded().length} still loaded`);
    await sleep(50); // soak only: the unload timers run on their own clock
  }
  for (let i = 0; i < 3; i++) {
    gc();
    await sleep(20);
  }
  return process.memoryUsage().heapUsed / 2 ** 20;
}
