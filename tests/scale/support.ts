// Several sync servers on one real PostgreSQL, as they run in production, plus a minimal TCP
// load balancer (first server that accepts the connection) for failover.
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import pg from 'pg';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { jitteredReconnect } from '../../client/device/reconnect';
import type { Actor } from '../../domain';
import type { AppConfig } from '../../sync-server/app';
import { DocStore } from '../../sync-server/storage/doc-store';
import { PostgresStorageAdapter } from '../../sync-server/storage/postgres';
import { startApp, DEMO_PASSWORD, type TestApp } from '../support/app';
import type { TestPostgres } from '../support/postgres';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
let databases = 0;

/** `n` servers sharing a fresh database (each test gets its own). */
export async function cluster(postgres: TestPostgres, n: number, extra: Partial<AppConfig> = {}): Promise<{ url: string; servers: TestApp[] }> {
  const url = await postgres.createDatabase(`scale_${process.pid}_${++databases}`);
  const servers: TestApp[] = [];
  for (let i = 0; i < n; i++) servers.push(await startApp({ databaseUrl: url, ...extra }));
  return { url, servers };
}

/**
 * Stores a device event the way a server does, but never announces it: what the others see
 * when a server dies between its commit and its announcement, or the announcement is lost.
 */
export async function storeUnannounced(url: string, actor: Actor, label: string): Promise<string> {
  const storage = await PostgresStorageAdapter.open(url);
  storage.announce = () => {};
  try {
    const event = orderEvent(actor, label);
    const doc = new Y.Doc();
    doc.getArray('replicated').push([event]);
    await new DocStore(storage).appendUpdate('demo', Y.encodeStateAsUpdate(doc));
    return event.id as string;
  } finally {
    await storage.close();
  }
}

export async function sql<R extends pg.QueryResultRow>(url: string, text: string, params: unknown[] = []): Promise<R[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<R>(text, params)).rows;
  } finally {
    await client.end();
  }
}

export interface Device { doc: Y.Doc; provider: WebsocketProvider; destroy(): void }

/** A stock y-websocket client, reconnecting with jitter as the apps do. */
export function deviceAt(baseUrl: string, token: string, fid = 'demo'): Device {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(`${baseUrl.replace('http', 'ws')}/sync`, fid, doc, {
    params: { token }, WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket, disableBc: true,
    maxBackoffTime: 500, shouldReconnect: jitteredReconnect(500),
  });
  return { doc, provider, destroy: () => (provider.destroy(), doc.destroy()) };
}

export function whenSynced(d: Device): Promise<void> {
  if (d.provider.synced) return Promise.resolve();
  return new Promise((resolve) => d.provider.once('sync', () => resolve()));
}

let counter = 0;
export function orderEvent(actor: Actor, label: string): Record<string, unknown> {
  const n = ++counter;
  return {
    id: `ev-${label}-${n}`, type: 'OrderPlaced', at: new Date().toISOString(), actor,
    data: { orderId: `o-${label}-${n}`, orderNumber: `${label}-${n}`, customer: { name: `Customer ${n}` }, lines: [{ itemId: 'lemonade', quantity: 1, unitPriceCents: 250 }] },
  };
}

export function eventIds(doc: Y.Doc): string[] {
  return doc.getArray<{ id: string }>('replicated').toArray().map((e) => e.id);
}

/** Forwards each TCP connection to the first backend that accepts it, in the order given. */
export async function balancer(ports: () => number[]): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.pause();
    void connectFirst(ports()).then((backend) => {
      if (!backend) return client.destroy();
      sockets.add(backend);
      backend.on('close', () => (sockets.delete(backend), client.destroy()));
      client.on('close', () => backend.destroy());
      client.on('error', () => backend.destroy());
      backend.on('error', () => client.destroy());
      client.pipe(backend).pipe(client);
      client.resume();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => (sockets.forEach((s) => s.destroy()), server.close(() => resolve()))),
  };
}

async function connectFirst(ports: number[]): Promise<net.Socket | undefined> {
  for (const port of ports) {
    const socket = await new Promise<net.Socket | undefined>((resolve) => {
      const s = net.connect(port, '127.0.0.1');
      s.once('connect', () => resolve(s));
      s.once('error', () => resolve(undefined));
    });
    if (socket) return socket;
  }
  return undefined;
}

/** A server in its own process (`npm start`'s entry point), so that it can be killed -9. */
export function spawnServer(databaseUrl: string): Promise<{ url: string; port: number; process: ChildProcess }> {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'sync-server/main.ts'], {
    cwd: ROOT, env: { ...process.env, PORT: '0', DATABASE_URL: databaseUrl, DEMO_PASSWORD, ORDER_RATE_LIMIT: '0', SERVE_DIST: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    proc.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const url = /website\s+(http:\/\/[^/\s]+)/.exec(out)?.[1];
      if (url) resolve({ url, port: Number(new URL(url).port), process: proc });
    });
    proc.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
    proc.on('exit', (code) => reject(new Error(`server exited with ${code} before listening: ${out}`)));
  });
}

export async function login(url: string, username: string): Promise<string> {
  const response = await fetch(`${url}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: DEMO_PASSWORD }) });
  return ((await response.json()) as { token: string }).token;
}
