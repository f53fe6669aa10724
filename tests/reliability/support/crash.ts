// kill -9 during a burst of website orders and device updates, `rounds` times: after each
// restart every 201 order and every update any client saw relayed is there exactly once.
// (The server relays only what is durable, so an observer's copy is a lower bound of
// what the server had applied.) Used by tests/server/crash.test.ts and by `npm run soak`.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';

const ROOT = path.resolve(import.meta.dirname, '..', '..', '..');
const PASSWORD = 'crash-test';
/** The server process of the current round, so a failing caller can kill it. */
export let child: ChildProcess | undefined;

function startServer(dataDir: string): Promise<{ url: string; process: ChildProcess }> {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'sync-server/main.ts'], {
    cwd: ROOT, env: { ...process.env, PORT: '0', DATA_DIR: dataDir, DEMO_PASSWORD: PASSWORD, ORDER_RATE_LIMIT: '0', SERVE_DIST: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child = proc;
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    proc.stderr!.on('data', (chunk: Buffer) => void (err = (err + chunk.toString()).slice(-4_000)));
    proc.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const url = /website\s+(http:\/\/[^/\s]+)/.exec(out)?.[1];
      if (url) resolve({ url, process: proc });
    });
    proc.on('exit', (code) => reject(new Error(`server exited with ${code} before listening: ${out}${err ? `\n${err}` : ''}`)));
  });
}

async function login(url: string, username: string): Promise<string> {
  const response = await fetch(`${url}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: PASSWORD }) });
  return ((await response.json()) as { token: string }).token;
}

function connect(url: string, token: string, doc = new Y.Doc()) {
  const provider = new WebsocketProvider(`${url.replace('http', 'ws')}/sync`, 'demo', doc, {
    params: { token }, WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket, disableBc: true, maxBackoffTime: 100,
  });
  return { doc, provider };
}

function orderEvent(n: number, round: number) {
  return {
    id: `crash-${round}-${n}`, type: 'OrderPlaced', at: new Date().toISOString(), actor: { role: 'clerk', userId: 'clerk', deviceId: 'crash-dev' },
    data: { orderId: `crash-${round}-${n}`, orderNumber: `K${round}-${n}`, customer: { name: `Walk-in ${n}` }, lines: [{ itemId: 'lemonade', quantity: 1, unitPriceCents: 250 }] },
  };
}

async function burst(url: string, round: number, clerkToken: string, observer: Y.Doc) {
  const accepted: string[] = [];
  let someAccepted: () => void = () => {};
  const fiveAccepted = new Promise<void>((resolve) => (someAccepted = resolve));
  const writer = connect(url, clerkToken);
  await new Promise<void>((resolve) => writer.provider.once('sync', () => resolve()));
  const orders = Array.from({ length: 40 }, async (_, i) => {
    const response = await fetch(`${url}/api/fundraisers/demo/orders`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ customer: { name: `Crash ${round}-${i}` }, lines: [{ itemId: 'lemonade', quantity: 1 }] }),
    }).catch(() => undefined);
    if (response?.status === 201) accepted.push(((await response.json()) as { orderId: string }).orderId);
    if (accepted.length >= 5) someAccepted();
  });
  for (let n = 0; n < 30; n++) writer.doc.getArray('replicated').push([orderEvent(n, round)]);
  const seenSome = new Promise<void>((resolve) => {
    const check = () => observer.getArray('replicated').length + observer.getArray('website').length > 10 && resolve();
    observer.on('update', check);
  });
  await Promise.all([seenSome, fiveAccepted]); // kill while the rest are still under way
  return { accepted, orders, writer };
}

export interface CrashReport {
  rounds: number;
  /** Website orders answered 201 before the kill. */
  acknowledged: number;
  /** Device events an observer had seen relayed before the kill. */
  relayed: number;
  /** Each a lost or duplicated order or event; empty when the promise held. */
  problems: string[];
}

export async function runCrashRounds(rounds: number): Promise<CrashReport> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fo-crash-'));
  const acknowledged = new Set<string>();
  const relayed = new Set<string>();
  try {
    for (let round = 0; round < rounds; round++) await crashOnce(dataDir, round, acknowledged, relayed);
    return { rounds, acknowledged: acknowledged.size, relayed: relayed.size, problems: await verify(dataDir, acknowledged, relayed) };
  } finally {
    child?.kill('SIGKILL');
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function crashOnce(dataDir: string, round: number, acknowledged: Set<string>, relayed: Set<string>): Promise<void> {
  const server = await startServer(dataDir);
  const [clerkToken, managerToken] = [await login(server.url, 'clerk'), await login(server.url, 'manager')];
  const observer = connect(server.url, managerToken);
  const { accepted, orders, writer } = await burst(server.url, round, clerkToken, observer.doc);
  server.process.kill('SIGKILL');
  await Promise.allSettled(orders);
  for (const id of accepted) acknowledged.add(id);
  for (const e of observer.doc.getArray<{ id: string }>('replicated').toArray()) relayed.add(e.id);
  observer.provider.destroy();
  writer.provider.destroy();
}

/** A clean start on the crashed data, then every acknowledged thing exactly once. */
async function verify(dataDir: string, acknowledged: Set<string>, relayed: Set<string>): Promise<string[]> {
  const server = await startServer(dataDir);
  const check = connect(server.url, await login(server.url, 'manager'));
  await new Promise<void>((resolve) => check.provider.once('sync', () => resolve()));
  const websiteOrders = check.doc.getArray<{ data: { orderId: string } }>('website').toArray().map((e) => e.data.orderId);
  const replicated = check.doc.getArray<{ id: string }>('replicated').toArray().map((e) => e.id);
  check.provider.destroy();
  server.process.kill('SIGTERM');
  const problems: string[] = [];
  for (const id of acknowledged) if (!websiteOrders.includes(id)) problems.push(`201 order ${id} is lost`);
  for (const id of relayed) if (!replicated.includes(id)) problems.push(`relayed event ${id} is lost`);
  if (new Set(websiteOrders).size !== websiteOrders.length) problems.push('a website order is stored twice');
  if (new Set(replicated).size !== replicated.length) problems.push('a device event is stored twice');
  if (acknowledged.size === 0) problems.push('no order was acknowledged: the burst did not run');
  return problems;
}
