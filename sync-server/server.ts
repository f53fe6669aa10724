// The sync server: one Node process, one port, serving the HTTP handlers it is given plus
// its own (/healthz, /api/login), and y-websocket sync on /sync/<fid>.
import { mayOpenFundraiser, TokenAuthority, DEFAULT_TOKEN_TTL_MS, type SyncRole } from './auth.js';
import { CatchUpBudget } from './catch-up-budget.js';
import { Connection } from './connection.js';
import { Heartbeats } from './heartbeats.js';
import { DeviceSessions } from './device-sessions.js';
import { SessionsSeen } from './sessions-seen.js';
import { FundraiserEpochs } from './epochs.js';
import { encodeEpochMessage } from './sync-messages.js';
import { devicesApi } from './devices-api.js';
import type { HttpHandler, SocketLike, SyncUpgrade } from './http-types.js';
import { healthHandler, loginHandler } from './login.js';
import { Rooms } from './rooms.js';
import { SerialQueue } from './serial-queue.js';
import { CloseCode, DEFAULT_LIMITS, HEARTBEAT_INTERVAL_MS, REVOKED_REASON, type Limits } from './shared/protocol.js';
import { StagingClient } from './staging-client.js';
import type { StorageAdapter } from './storage/adapter.js';
import { DocStore } from './storage/doc-store.js';
import { Records } from './storage/records.js';
import { Transport } from './transport.js';

export interface SyncServerContext {
  rooms: Rooms;
  docStore: DocStore;
  records: Records;
  tokens: TokenAuthority;
  storage: StorageAdapter;
  sessions: DeviceSessions;
  epochs: FundraiserEpochs;
  log: (message: string, err?: unknown) => void;
}

export interface SyncServerOptions {
  /** 0 picks a free port. */
  port: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Closed by close(). */
  storage: StorageAdapter;
  /** HMAC key for tokens, at least 32 characters; persisted by the caller across restarts. */
  secret: string;
  /** Tried in order after the built-in handlers; a function receives the server's parts. */
  httpHandlers?: readonly HttpHandler[] | ((ctx: SyncServerContext) => readonly HttpHandler[]);
  /** Browser Origins allowed to open sync sockets besides the server's own. */
  allowedOrigins?: readonly string[];
  /** Reverse proxies trusted to name the client in X-Forwarded-For. */
  trustedProxies?: readonly string[];
  limits?: Partial<Limits>;
  /** How long a room stays loaded after its last connection left. Default 60 s. */
  idleUnloadMs?: number;
  /** How often revocations made by other processes sharing the store are picked up. Default 5 s. */
  revocationPollMs?: number;
  /** Ping interval to drop dead peers. Default 30 s. */
  pingIntervalMs?: number;
  /** A sync socket sent nothing for this long gets a heartbeat (heartbeats.ts). Default
   *  HEARTBEAT_INTERVAL_MS (5 s); tests shorten it. The served pages name it (static.ts). */
  heartbeatIntervalMs?: number;
  tokenTtlMs?: Partial<Record<SyncRole, number>>;
  /** Pass these to share them with other code; one DocStore per adapter. */
  docStore?: DocStore;
  records?: Records;
  log?: (message: string, err?: unknown) => void;
}

export interface SyncServer extends SyncServerContext {
  url: string;
  port: number;
  /** Refuses new work, waits for what is being stored, closes sockets, then storage. */
  close(): Promise<void>;
}

export async function createSyncServer(options: SyncServerOptions): Promise<SyncServer> {
  const log = options.log ?? defaultLog;
  const limits: Limits = { ...DEFAULT_LIMITS, ...options.limits };
  const tokens = new TokenAuthority(options.secret, { ...DEFAULT_TOKEN_TTL_MS, ...options.tokenTtlMs });
  const storage = options.storage;
  const docStore = options.docStore ?? new DocStore(storage);
  const records = options.records ?? new Records(storage);
  const sessions = await DeviceSessions.load(storage);
  tokens.useRevocations((jti) => sessions.isRevoked(jti));
  const seen = new SessionsSeen(storage, (jti) => sessions.has(jti), log);
  await seen.keepOnly(new Set((await sessions.list()).map((s) => s.jti))).catch((err) => log('dropping old device sightings failed', err));
  const staging = new StagingClient({ timeoutMs: limits.stagingTimeoutMs, log });
  await staging.start();
  const catchUpBudget = new CatchUpBudget(limits.catchUpBytesTotal);
  const unloadWrites = new SerialQueue();
  const rooms = new Rooms({ docStore, adapter: storage, staging, limits, catchUpBudget, unloadWrites, log, idleUnloadMs: options.idleUnloadMs ?? 60_000 });
  const epochs = new FundraiserEpochs(storage);
  const heartbeats = new Heartbeats(options.heartbeatIntervalMs ?? HEARTBEAT_INTERVAL_MS);
  const ctx: SyncServerContext = { rooms, docStore, records, tokens, storage, sessions, epochs, log };
  const transport = new Transport({
    handlers: [healthHandler(storage), loginHandler({ records, tokens, sessions }), devicesApi({ sessions, seen, tokens, rooms }), ...userHandlers(options.httpHandlers, ctx)],
    onSync: (socket, upgrade) => openSync(socket, upgrade, { tokens, rooms, limits, epochs, seen, heartbeats, log }),
    ...(options.allowedOrigins ? { allowedOrigins: options.allowedOrigins } : {}),
    ...(options.trustedProxies ? { trustedProxies: options.trustedProxies } : {}),
    ...(options.pingIntervalMs ? { pingIntervalMs: options.pingIntervalMs } : {}),
    maxHttpBodyBytes: limits.maxHttpBodyBytes,
    maxMessageBytes: limits.maxMessageBytes,
    maxConnectionsPerIp: limits.maxConnectionsPerIp,
    maxSocketsPerIp: limits.maxSocketsPerIp,
    syncOpensPerMinute: limits.syncOpensPerMinute,
    headersTimeoutMs: limits.headersTimeoutMs,
    requestTimeoutMs: limits.requestTimeoutMs,
    log,
  });
  const host = options.host ?? '127.0.0.1';
  const port = await transport.listen(options.port, host).catch(async (err) => {
    heartbeats.stop();
    await staging.close();
    throw err;
  });
  const stopPolling = pollRevocations(sessions, rooms, options.revocationPollMs ?? 5_000, log);
  const close = once(() => (stopPolling(), heartbeats.stop(), shutdown(transport, rooms, staging, storage)));
  return { ...ctx, url: `http://${urlHost(host)}:${port}`, port, close };
}

interface OpenDeps { tokens: TokenAuthority; rooms: Rooms; limits: Limits; epochs: FundraiserEpochs; seen: SessionsSeen; heartbeats: Heartbeats; log: (message: string, err?: unknown) => void }

/** Token first (4401, or 4403 for a role that may not sync), then the fundraiser (4403), then the epoch (4409). */
function openSync(socket: SocketLike, upgrade: SyncUpgrade, deps: OpenDeps): void {
  const check = deps.tokens.verify(upgrade.token);
  if (!check.ok) return socket.close(check.code, check.reason);
  const access = mayOpenFundraiser(check.payload, upgrade.fid);
  if (!access.ok) return socket.close(access.code, access.reason);
  const jti = check.payload.jti;
  if (jti) { // when it last synced, for the manager's Devices tab
    deps.seen.seen(jti, upgrade.fid);
    socket.onClose(() => deps.seen.seen(jti, upgrade.fid));
  }
  // Created now so that messages arriving during the epoch check wait in it, unread.
  const conn = new Connection(socket, check.payload, deps.limits, (token) => deps.tokens.isLive(token));
  deps.heartbeats.watch(conn); // from now: a slow epoch read or room load is not a silent link
  const join = () => deps.rooms.connect(upgrade.fid, conn).then(() => deps.heartbeats.greet(conn));
  if (upgrade.epoch === undefined) return void join(); // a stock client
  void sameEpoch(conn, upgrade.fid, upgrade.epoch, deps).then((same) => (same ? join() : undefined));
}

/** Before the room sees a single message: refuse another epoch, else tell the device ours. */
async function sameEpoch(conn: Connection, fid: string, deviceEpoch: string, deps: OpenDeps): Promise<boolean> {
  let epoch: string;
  try {
    epoch = await deps.epochs.get(fid);
  } catch (err) {
    deps.log(`fundraiser ${fid}: could not read its epoch`, err);
    conn.close(CloseCode.retryLater, 'could not open the fundraiser; reconnect');
    return false;
  }
  if (conn.closed) return false;
  if (deviceEpoch !== '' && deviceEpoch !== epoch) {
    conn.close(CloseCode.epochMismatch, 'epoch mismatch: the server holds another copy of this fundraiser');
    return false;
  }
  conn.send(encodeEpochMessage(epoch));
  return true;
}

/** Picks up revocations stored by another process and closes those devices' sockets here too. */
function pollRevocations(sessions: DeviceSessions, rooms: Rooms, everyMs: number, log: (message: string, err?: unknown) => void): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    sessions.refresh()
      .then((fresh) => (fresh.length > 0 ? rooms.closeConnections((conn) => fresh.includes(conn.token.jti ?? ''), CloseCode.badToken, REVOKED_REASON) : 0))
      .catch((err) => log('reading revocations failed', err))
      .finally(() => (running = false));
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}

async function shutdown(transport: Transport, rooms: Rooms, staging: StagingClient, storage: StorageAdapter): Promise<void> {
  transport.stopAccepting();
  await transport.drainRequests(); // answers under way may still append to a room
  await rooms.close(); // finishes each room's queue (in-flight stores), then closes its sockets
  await transport.close();
  await staging.close();
  await storage.close();
}

function userHandlers(handlers: SyncServerOptions['httpHandlers'], ctx: SyncServerContext): readonly HttpHandler[] {
  if (!handlers) return [];
  return typeof handlers === 'function' ? handlers(ctx) : handlers;
}

function urlHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}

function once(fn: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  return () => (running ??= fn());
}

/** One line per entry, with the time: an operator reads the log after the fact. */
function defaultLog(message: string, err?: unknown): void {
  const line = `${new Date().toISOString()} [sync-server] ${message}`;
  if (err === undefined) console.error(line);
  else console.error(line, err);
}
