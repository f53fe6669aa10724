// A real sync server on port 0 over SQLite in a temp dir, stock y-websocket clients, raw ws
// sockets for hostile frames, and waits that resolve on events (never on sleeps).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as encoding from 'lib0/encoding';
import { afterEach } from 'vitest';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import type { Actor } from '../../domain';
import { hashPassword } from '../../sync-server/auth';
import { createSyncServer, type SyncServer, type SyncServerOptions } from '../../sync-server/server';
import type { StorageAdapter } from '../../sync-server/storage/adapter';
import { SqliteStorageAdapter } from '../../sync-server/storage/sqlite';

export const SECRET = 'test-secret-test-secret-test-secret-0123456789';
export const FID = 'demo';
export const MANAGER: Actor = { role: 'manager', userId: 'u-mia', deviceId: 'mia-laptop' };
export const CLERK: Actor = { role: 'clerk', userId: 'u-tom', deviceId: 'door-1' };
export const CLERK_2: Actor = { role: 'clerk', userId: 'u-ann', deviceId: 'door-2' };
export const PASSWORD = 'correct horse battery staple';

export interface TestServer {
  server: SyncServer;
  dir: string;
  logs: string[];
  token(actor: Actor, extra?: { fids?: string[] }): string;
  wsUrl: string;
  /** Closes this server and starts a new one on the same data directory. */
  restart(): Promise<TestServer>;
  close(): Promise<void>;
}

type Extra = Omit<Partial<SyncServerOptions>, 'storage'> & { wrapStorage?: (inner: StorageAdapter) => StorageAdapter };

export async function startServer(extra: Extra = {}, dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sync-test-'))): Promise<TestServer> {
  const logs: string[] = [];
  const inner = new SqliteStorageAdapter(dir);
  const storage = extra.wrapStorage ? extra.wrapStorage(inner) : inner;
  const { wrapStorage: _ignored, ...options } = extra;
  const server = await createSyncServer({
    port: 0, secret: SECRET, storage, idleUnloadMs: 60_000,
    log: (message, err) => {
      logs.push(err ? `${message}: ${String(err)}` : message);
      if (process.env.DEBUG_SYNC) console.log(`[server] ${logs.at(-1)}`);
    },
    ...options,
  });
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await server.close();
  };
  return {
    server, dir, logs, close,
    wsUrl: `${server.url.replace('http', 'ws')}/sync`,
    token: (actor, more = {}) => server.tokens.issue({ sub: actor.userId, role: actor.role, ...more }).token,
    restart: async () => {
      await close();
      return startServer(extra, dir);
    },
  };
}

export async function addAccount(server: SyncServer, username: string, actor: Actor): Promise<void> {
  await server.records.putAccount({ username, userId: actor.userId, role: actor.role, passwordHash: await hashPassword(PASSWORD) });
}

// ---- stock clients ----

export interface Device {
  doc: Y.Doc;
  provider: WebsocketProvider;
  log(): unknown[];
  push(...events: unknown[]): void;
  destroy(): void;
}

export function connectDevice(ts: TestServer, actor: Actor, opts: { token?: string; doc?: Y.Doc; fid?: string } = {}): Device {
  const doc = opts.doc ?? new Y.Doc();
  const provider = new WebsocketProvider(ts.wsUrl, opts.fid ?? FID, doc, {
    params: { token: opts.token ?? ts.token(actor) },
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true, // in one process BroadcastChannel would sync the docs past the server
  });
  return {
    doc, provider,
    log: () => doc.getArray('replicated').toArray(),
    push: (...events) => doc.getArray('replicated').push(events),
    destroy: () => {
      provider.destroy();
      doc.destroy();
    },
  };
}

export function synced(device: Device, ms = 10_000): Promise<void> {
  if (device.provider.synced) return Promise.resolve();
  return withTimeout(new Promise((resolve) => device.provider.once('sync', () => resolve())), ms, 'provider sync');
}

/** Resolves once `predicate(doc)` holds, re-checked after every change of the doc. */
export function waitForDoc(doc: Y.Doc, predicate: (doc: Y.Doc) => boolean, ms = 10_000, label = 'doc condition'): Promise<void> {
  if (predicate(doc)) return Promise.resolve();
  let listener: () => void = () => {};
  const done = new Promise<void>((resolve) => {
    listener = () => predicate(doc) && resolve();
    doc.on('update', listener);
  });
  return withTimeout(done, ms, label).finally(() => doc.off('update', listener));
}

export function providerClosed(device: Device, ms = 10_000): Promise<{ code: number; reason: string }> {
  return withTimeout(
    new Promise((resolve) => device.provider.once('connection-close', (event: CloseEvent | null) => resolve({ code: event?.code ?? -1, reason: event?.reason ?? '' }))),
    ms, 'provider close',
  );
}

// ---- raw sockets ----

export interface RawClient {
  ws: WebSocket;
  opened: Promise<void>;
  closed: Promise<{ code: number; reason: string }>;
  received: Uint8Array[];
  send(data: Uint8Array): void;
}

export function rawClient(url: string, headers: Record<string, string> = {}): RawClient {
  const ws = new WebSocket(url, { headers });
  const received: Uint8Array[] = [];
  ws.on('message', (data: Buffer) => received.push(new Uint8Array(data)));
  ws.on('error', () => {});
  const opened = new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  return { ws, opened, closed, received, send: (data) => ws.send(data) };
}

export function rawSync(ts: TestServer, token: string | undefined, fid = FID): RawClient {
  const query = token === undefined ? '' : `?token=${encodeURIComponent(token)}`;
  return rawClient(`${ts.wsUrl}/${fid}${query}`);
}

/** A y-protocols sync "update" frame carrying `update`. */
export function updateFrame(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 0);
  encoding.writeVarUint(encoder, 2);
  encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

export function awarenessFrame(entries: { client: number; clock: number; state: unknown }[]): Uint8Array {
  const inner = encoding.createEncoder();
  encoding.writeVarUint(inner, entries.length);
  for (const e of entries) {
    encoding.writeVarUint(inner, e.client);
    encoding.writeVarUint(inner, e.clock);
    encoding.writeVarString(inner, JSON.stringify(e.state));
  }
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 1);
  encoding.writeVarUint8Array(encoder, encoding.toUint8Array(inner));
  return encoding.toUint8Array(encoder);
}

/** The update one transaction on `doc` produces. */
export function captureUpdate(doc: Y.Doc, change: () => void): Uint8Array {
  let captured: Uint8Array | undefined;
  const listener = (update: Uint8Array) => (captured = update);
  doc.on('update', listener);
  try {
    doc.transact(change);
  } finally {
    doc.off('update', listener);
  }
  if (!captured) throw new Error('the change produced no update');
  return captured;
}

// ---- events ----

let counter = 0;
export function placedBy(actor: Actor, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const n = ++counter;
  return {
    id: `ev-${actor.userId}-${n}`, type: 'OrderPlaced', at: new Date().toISOString(), actor,
    data: { orderId: `o-${actor.userId}-${n}`, orderNumber: `N-${n}`, customer: { name: `Customer ${n}` }, lines: [{ itemId: 'waffle', quantity: 1, unitPriceCents: 350 }] },
    ...overrides,
  };
}

export function ids(values: unknown[]): string[] {
  return values.map((v) => (v as { id: string }).id);
}

export function withTimeout<T>(promise: Promise<T>, ms: number, label: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${label}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Servers and devices that a test file starts, closed after each test in reverse order:
 * call once at the file's top level.
 */
export function closedAfterEach(defaultActor: Actor) {
  let cleanup: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const fn of cleanup.reverse()) await fn();
    cleanup = [];
  });
  return {
    later: (fn: () => Promise<void> | void) => void cleanup.push(fn),
    async start(options?: Parameters<typeof startServer>[0]): Promise<TestServer> {
      const ts = await startServer(options);
      cleanup.push(() => ts.close());
      return ts;
    },
    device(ts: TestServer, actor = defaultActor, doc?: Y.Doc): Device {
      const d = connectDevice(ts, actor, doc ? { doc } : {});
      cleanup.push(() => d.destroy());
      return d;
    },
  };
}
