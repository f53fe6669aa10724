// The only file of the sync server that touches node:http and ws. It turns HTTP requests
// into HttpRequest values for the handlers, and sync upgrades into SocketLike values for
// the room layer. Nothing a client sends may crash the process: every callback is wrapped.
import http from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, WebSocket, type RawData } from 'ws';
import type { HttpHandler, HttpRequest, HttpResponse, SocketLike, SyncUpgrade } from './http-types.js';
import { apiError as errorResponse } from './api/http.js';
import { RateLimiter } from './rate-limit.js';
import { CloseCode, FID_PATTERN, MAX_CLOSE_REASON_BYTES, SYNC_PATH_PREFIX } from './shared/protocol.js';

export interface TransportOptions {
  handlers: readonly HttpHandler[];
  onSync: (socket: SocketLike, upgrade: SyncUpgrade) => void;
  /** Browser Origins allowed besides the server's own host; requests without Origin always pass. */
  allowedOrigins?: readonly string[];
  /** Reverse proxies whose X-Forwarded-For names the client (rate limits count per client, not per proxy). */
  trustedProxies?: readonly string[];
  maxHttpBodyBytes: number;
  maxMessageBytes: number;
  maxConnectionsPerIp: number;
  pingIntervalMs?: number;
  /** A request's headers must be complete within this (slowloris), default 10 s. */
  headersTimeoutMs?: number;
  /** A whole request (headers and body) must arrive within this, default 30 s. */
  requestTimeoutMs?: number;
  /** Open TCP connections per client address, of any kind (idle, HTTP, sync). Default 256. */
  maxSocketsPerIp?: number;
  /** Sync sockets one address may open per minute (each may load a fundraiser). Default 600. */
  syncOpensPerMinute?: number;
  log?: (message: string, err?: unknown) => void;
}

const TOO_LARGE = Symbol('too large');
// Past the cap we keep reading (and dropping) a little, so the client sees our 413 rather than
// a reset; past this many times the cap we just hang up.
const DRAIN_FACTOR = 4;
/** permessage-deflate for messages of 1 KB and more (see the constructor). */
const COMPRESSION = { threshold: 1024, serverNoContextTakeover: true, clientNoContextTakeover: true } as const;

export class Transport {
  readonly server: http.Server;
  private readonly wss: WebSocketServer;
  private readonly sockets = new Set<WsSocket>();
  private readonly perIp = new Map<string, number>();
  private readonly tcpPerIp = new Map<string, number>();
  private readonly syncOpens: RateLimiter;
  private readonly log: (message: string, err?: unknown) => void;
  private pingTimer: NodeJS.Timeout | undefined;
  private accepting = true;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly trustedProxies: ReadonlySet<string>;

  constructor(private readonly opts: TransportOptions) {
    this.log = opts.log ?? ((message, err) => console.error(`[sync-server] ${message}`, err ?? ''));
    this.trustedProxies = new Set(opts.trustedProxies ?? []);
    // ws closes with 1009 itself above maxPayload; below it we answer 4413 (see handleMessage).
    // maxPayload bounds the inflated size too. Compression pays on catch-up syncs (JSON
    // events shrink 5-10x, bench row 4); the threshold leaves single-event relays (fan-out)
    // uncompressed, and no context takeover keeps no zlib window alive between messages.
    this.wss = new WebSocketServer({ noServer: true, maxPayload: 2 * opts.maxMessageBytes, perMessageDeflate: COMPRESSION });
    this.wss.on('error', (err) => this.log('websocket server error', err));
    this.syncOpens = new RateLimiter(opts.syncOpensPerMinute ?? 600);
    const headersTimeout = opts.headersTimeoutMs ?? 10_000;
    this.server = http.createServer(
      // Node checks these timeouts every connectionsCheckingInterval: keep it well below them.
      { headersTimeout, requestTimeout: opts.requestTimeoutMs ?? 30_000, connectionsCheckingInterval: Math.max(100, Math.min(1_000, headersTimeout / 4)) },
      (req, res) => this.trackRequest(this.handleRequest(req, res)),
    );
    this.server.on('connection', (socket) => this.capSockets(socket));
    this.server.on('upgrade', (req, socket, head) => this.guard('upgrade', () => this.handleUpgrade(req, socket, head)));
    this.server.on('clientError', (_err, socket) => socket.destroy());
  }

  listen(port: number, host: string): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        this.startPings();
        resolve((this.server.address() as { port: number }).port);
      });
    });
  }

  /** New requests and upgrades are turned away from now on; open sockets stay. */
  stopAccepting(): void {
    this.accepting = false;
    this.server.close();
  }

  /** Resolves once every HTTP request under way has been answered. */
  async drainRequests(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all(this.inFlight);
  }

  /** Closes every sync socket and HTTP connection; resolves once the server has stopped. */
  async close(code: number = CloseCode.goingAway, reason = 'server shutting down'): Promise<void> {
    this.stopAccepting();
    clearInterval(this.pingTimer);
    await Promise.all([...this.sockets].map((socket) => socket.closeAndWait(code, reason)));
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => (this.server.listening ? this.server.once('close', () => resolve()) : resolve()));
  }

  // ---- TCP ----

  /** Idle or slow sockets from one address cannot pile up: past the cap they are cut at once. */
  private capSockets(socket: import('node:net').Socket): void {
    const ip = socket.remoteAddress ?? 'unknown';
    const open = (this.tcpPerIp.get(ip) ?? 0) + 1;
    this.tcpPerIp.set(ip, open);
    socket.once('close', () => {
      const left = (this.tcpPerIp.get(ip) ?? 1) - 1;
      if (left > 0) this.tcpPerIp.set(ip, left);
      else this.tcpPerIp.delete(ip);
    });
    if (open > (this.opts.maxSocketsPerIp ?? 256)) socket.destroy();
  }

  // ---- HTTP ----

  private trackRequest(handling: Promise<void>): void {
    this.inFlight.add(handling);
    void handling.finally(() => this.inFlight.delete(handling));
  }

  private async handleRequest(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    try {
      const request = await this.toHttpRequest(req);
      if (request === TOO_LARGE) return writeResponse(res, tooLarge(this.opts.maxHttpBodyBytes), true);
      if (!request) return writeResponse(res, errorResponse(400, 'invalid_request', 'malformed request URL'));
      writeResponse(res, await this.dispatch(request));
    } catch (err) {
      this.log(`HTTP ${req.method} ${req.url} failed`, err);
      if (res.headersSent) res.destroy();
      else if ((err as { httpStatus?: unknown })?.httpStatus === 503) writeResponse(res, errorResponse(503, 'unavailable', (err as Error).message));
      else writeResponse(res, errorResponse(500, 'internal', 'the server failed to handle this request'));
    }
  }

  private async dispatch(request: HttpRequest): Promise<HttpResponse> {
    if (!this.accepting) return errorResponse(503, 'shutting_down', 'the server is shutting down');
    for (const handler of this.opts.handlers) {
      const response = await handler(request);
      if (response) return response;
    }
    return errorResponse(404, 'not_found', `no such endpoint: ${request.method} ${request.path}`);
  }

  private async toHttpRequest(req: http.IncomingMessage): Promise<HttpRequest | typeof TOO_LARGE | undefined> {
    const body = await readBody(req, this.opts.maxHttpBodyBytes);
    if (body === TOO_LARGE) return TOO_LARGE;
    const url = parseUrl(req.url);
    if (!url) return undefined;
    return { method: req.method ?? 'GET', path: url.path, query: url.query, headers: flattenHeaders(req.headers), ip: peerAddress(req, this.trustedProxies), body };
  }

  // ---- WebSocket ----

  private handleUpgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => socket.destroy());
    const url = parseUrl(req.url);
    const fid = url?.path.startsWith(SYNC_PATH_PREFIX) ? url.path.slice(SYNC_PATH_PREFIX.length) : undefined;
    if (!url || fid === undefined) return rejectUpgrade(socket, 404, 'Not Found');
    if (!FID_PATTERN.test(fid)) return rejectUpgrade(socket, 400, 'Bad Request');
    if (!this.originAllowed(req)) return rejectUpgrade(socket, 403, 'Forbidden');
    if (!this.accepting) return rejectUpgrade(socket, 503, 'Service Unavailable');
    const ip = peerAddress(req, this.trustedProxies);
    if (!this.syncOpens.take(ip, performance.now())) return rejectUpgrade(socket, 429, 'Too Many Requests');
    const epoch = url.query.get('epoch');
    const upgrade: SyncUpgrade = { fid, token: url.query.get('token') ?? undefined, ip, ...(epoch !== null ? { epoch } : {}) };
    this.wss.handleUpgrade(req, socket, head, (ws) => this.guard('connection', () => this.accept(ws, upgrade)));
  }

  private accept(ws: WebSocket, upgrade: SyncUpgrade): void {
    const socket = new WsSocket(ws, this.opts.maxMessageBytes, this.log);
    this.track(socket, upgrade.ip);
    const open = this.perIp.get(upgrade.ip) ?? 0;
    if (open > this.opts.maxConnectionsPerIp) return socket.close(CloseCode.rateLimited, 'too many connections from this address');
    this.opts.onSync(socket, upgrade);
  }

  private track(socket: WsSocket, ip: string): void {
    this.sockets.add(socket);
    this.perIp.set(ip, (this.perIp.get(ip) ?? 0) + 1);
    socket.onClose(() => {
      this.sockets.delete(socket);
      const left = (this.perIp.get(ip) ?? 1) - 1;
      if (left > 0) this.perIp.set(ip, left);
      else this.perIp.delete(ip);
    });
  }

  /** Browsers send Origin; only our own host and the configured list may open a socket. */
  private originAllowed(req: http.IncomingMessage): boolean {
    const origin = req.headers.origin;
    if (origin === undefined) return true; // Node clients, curl: not a browser-driven cross-site request
    if (this.opts.allowedOrigins?.includes(origin)) return true;
    try {
      return new URL(origin).host === req.headers.host;
    } catch {
      return false;
    }
  }

  // A peer that answers no ping within one interval is gone (laptop lid closed, Wi-Fi lost).
  private startPings(): void {
    const interval = this.opts.pingIntervalMs ?? 30_000;
    this.pingTimer = setInterval(() => this.sockets.forEach((s) => s.pingOrDrop()), interval);
    this.pingTimer.unref();
  }

  private guard(what: string, fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.log(`${what} handler failed`, err);
    }
  }
}

/** ws behind the SocketLike interface; listener errors close this socket, never the process. */
class WsSocket implements SocketLike {
  private alive = true;
  private isClosed = false;
  private readonly closedPromise: Promise<void>;

  constructor(
    private readonly ws: WebSocket,
    private readonly maxMessageBytes: number,
    private readonly log: (message: string, err?: unknown) => void,
  ) {
    ws.on('pong', () => (this.alive = true));
    ws.on('error', () => ws.terminate()); // e.g. 1009 above maxPayload, or a protocol violation
    this.closedPromise = new Promise((resolve) => ws.once('close', () => resolve()));
    this.closedPromise.then(() => (this.isClosed = true), () => {});
  }

  get bufferedAmount(): number {
    return this.ws.bufferedAmount;
  }

  get closed(): boolean {
    return this.isClosed || this.ws.readyState !== WebSocket.OPEN;
  }

  send(data: Uint8Array): void {
    if (this.closed) return;
    this.ws.send(data, { binary: true }, (err) => err && this.ws.terminate());
  }

  close(code?: number, reason?: string): void {
    if (this.isClosed) return;
    this.isClosed = true;
    if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING) {
      this.ws.close(code, truncateReason(reason ?? ''));
    }
  }

  closeAndWait(code: number, reason: string): Promise<void> {
    this.close(code, reason);
    const forced = setTimeout(() => this.ws.terminate(), 2_000);
    return this.closedPromise.finally(() => clearTimeout(forced));
  }

  onMessage(listener: (data: Uint8Array) => void): void {
    this.ws.on('message', (raw: RawData) => {
      if (this.isClosed) return;
      const data = toBytes(raw);
      if (data.byteLength > this.maxMessageBytes) return this.close(CloseCode.tooLarge, 'message too large');
      this.callSafely(() => listener(data));
    });
  }

  onClose(listener: (code: number, reason: string) => void): void {
    this.ws.on('close', (code: number, reason: Buffer) => this.callSafely(() => listener(code, reason.toString('utf8'))));
  }

  pingOrDrop(): void {
    if (!this.alive) return void this.ws.terminate();
    this.alive = false;
    if (this.ws.readyState === WebSocket.OPEN) this.ws.ping();
  }

  private callSafely(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.log('sync socket handler failed', err);
      this.close(1011, 'internal error');
    }
  }
}

// ---- helpers ----

function readBody(req: http.IncomingMessage, cap: number): Promise<Uint8Array | typeof TOO_LARGE> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > cap * DRAIN_FACTOR) return Promise.resolve(TOO_LARGE);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > cap * DRAIN_FACTOR) return void req.destroy();
      if (size <= cap) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > cap ? TOO_LARGE : new Uint8Array(Buffer.concat(chunks))));
    req.on('close', () => size > cap && resolve(TOO_LARGE));
    req.on('error', reject);
  });
}

function tooLarge(cap: number): HttpResponse {
  return errorResponse(413, 'too_large', `the request body is over ${cap} bytes`);
}

function writeResponse(res: http.ServerResponse, response: HttpResponse, closeConnection = false): void {
  if (res.headersSent || res.destroyed) return;
  const headers: Record<string, string> = { ...response.headers };
  if (closeConnection) headers.connection = 'close';
  res.writeHead(response.status, headers);
  res.end(response.body);
}

function parseUrl(raw: string | undefined): { path: string; query: URLSearchParams } | undefined {
  try {
    const url = new URL(raw ?? '/', 'http://localhost');
    return { path: decodeURIComponent(url.pathname), query: url.searchParams };
  } catch {
    return undefined;
  }
}

function flattenHeaders(headers: http.IncomingHttpHeaders): Record<string, string | undefined> {
  const flat: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(headers)) flat[name] = Array.isArray(value) ? value.join(', ') : value;
  return flat;
}

/** The client's address: the peer's, unless the peer is a trusted proxy; then the nearest
 *  X-Forwarded-For hop that is not itself a trusted proxy (hops further left are client-made). */
function peerAddress(req: http.IncomingMessage, trusted: ReadonlySet<string>): string {
  const peer = req.socket.remoteAddress ?? 'unknown';
  if (!trusted.has(peer)) return peer;
  const header = req.headers['x-forwarded-for'];
  const hops = (Array.isArray(header) ? header.join(',') : header ?? '').split(',').slice(-16).map((h) => h.trim()).filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) if (!trusted.has(hops[i]!)) return hops[i]!.slice(0, 64);
  return peer;
}

function rejectUpgrade(socket: Duplex, status: number, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

function toBytes(raw: RawData): Uint8Array {
  const buf = Array.isArray(raw) ? Buffer.concat(raw) : Buffer.isBuffer(raw) ? raw : Buffer.from(raw);
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
}

function truncateReason(reason: string): string {
  let out = reason;
  while (Buffer.byteLength(out, 'utf8') > MAX_CLOSE_REASON_BYTES) out = out.slice(0, -1);
  return out;
}
