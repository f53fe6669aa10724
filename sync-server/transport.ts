// The only file of the sync server that touches node:http and ws. It turns HTTP requests
// into HttpRequest values for the handlers, and sync upgrades into SocketLike values for
// the room layer. Nothing a client sends may crash the process: every callback is wrapped.
// What needs no socket (parsing, dispatch, addresses) is in http-dispatch.ts and client-address.ts.
import http from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, WebSocket, type RawData } from 'ws';
import type { HttpHandler, HttpRequest, HttpResponse, SendOptions, SocketLike, SyncUpgrade } from './http-types.js';
import { AddressCounts, clientAddress, originAllowed } from './client-address.js';
import { TOO_LARGE, dispatch, failureResponse, flattenHeaders, malformedUrl, parseUrl, readBody, tooLarge, truncateReason } from './http-dispatch.js';
import { RateLimiter } from './rate-limit.js';
import { CloseCode, FID_PATTERN, SYNC_PATH_PREFIX } from './shared/protocol.js';
import { SECURITY_HEADERS } from './security-headers.js';

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

/** permessage-deflate for messages of 1 KB and more (see the constructor). */
const COMPRESSION = { threshold: 1024, serverNoContextTakeover: true, clientNoContextTakeover: true } as const;

export class Transport {
  readonly server: http.Server;
  private readonly wss: WebSocketServer;
  private readonly sockets = new Set<WsSocket>();
  private readonly perIp = new AddressCounts();
  private readonly tcpPerIp = new AddressCounts();
  private readonly syncOpens: RateLimiter;
  private readonly log: (message: string, err?: unknown) => void;
  private pingTimer: NodeJS.Timeout | undefined;
  private accepting = true;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly trustedProxies: ReadonlySet<string>;

  constructor(private readonly opts: TransportOptions) {
    this.log = opts.log ?? ((message, err) => console.error(`${new Date().toISOString()} [sync-server] ${message}`, err ?? ''));
    this.trustedProxies = new Set(opts.trustedProxies ?? []);
    // ws closes with 1009 itself above maxPayload; below it we answer 4413 (see handleMessage).
    // maxPayload bounds the inflated size too. Compression pays on catch-up syncs (JSON
    // events shrink 5-10x, bench row 4); the threshold leaves small messages uncompressed,
    // live relays are sent uncompressed by the room (SendOptions), and no context takeover
    // keeps no zlib window alive between messages.
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
    const open = this.tcpPerIp.add(ip);
    socket.once('close', () => this.tcpPerIp.remove(ip));
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
      if (!request) return writeResponse(res, malformedUrl());
      writeResponse(res, await dispatch(this.opts.handlers, request, this.accepting));
    } catch (err) {
      // A client that hung up mid-request (a phone losing its network) is no failure of ours:
      // there is no one to answer and nothing for an operator to read (it was 7 lines each).
      if (req.readableAborted) return void res.destroy();
      this.log(`HTTP ${req.method} ${req.url} failed`, err);
      if (res.headersSent) res.destroy();
      else writeResponse(res, failureResponse(err));
    }
  }

  private async toHttpRequest(req: http.IncomingMessage): Promise<HttpRequest | typeof TOO_LARGE | undefined> {
    const body = await readBody(req, req.headers['content-length'], this.opts.maxHttpBodyBytes);
    if (body === TOO_LARGE) return TOO_LARGE;
    const url = parseUrl(req.url);
    if (!url) return undefined;
    return { method: req.method ?? 'GET', path: url.path, query: url.query, headers: flattenHeaders(req.headers), ip: this.clientOf(req), body };
  }

  // ---- WebSocket ----

  private handleUpgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => socket.destroy());
    const url = parseUrl(req.url);
    const fid = url?.path.startsWith(SYNC_PATH_PREFIX) ? url.path.slice(SYNC_PATH_PREFIX.length) : undefined;
    if (!url || fid === undefined) return rejectUpgrade(socket, 404, 'Not Found');
    if (!FID_PATTERN.test(fid)) return rejectUpgrade(socket, 400, 'Bad Request');
    if (!originAllowed(req.headers.origin, req.headers.host, this.opts.allowedOrigins)) return rejectUpgrade(socket, 403, 'Forbidden');
    if (!this.accepting) return rejectUpgrade(socket, 503, 'Service Unavailable');
    const ip = this.clientOf(req);
    if (!this.syncOpens.take(ip, performance.now())) return rejectUpgrade(socket, 429, 'Too Many Requests');
    const epoch = url.query.get('epoch');
    const upgrade: SyncUpgrade = { fid, token: url.query.get('token') ?? undefined, ip, ...(epoch !== null ? { epoch } : {}) };
    this.wss.handleUpgrade(req, socket, head, (ws) => this.guard('connection', () => this.accept(ws, upgrade)));
  }

  private accept(ws: WebSocket, upgrade: SyncUpgrade): void {
    const socket = new WsSocket(ws, this.opts.maxMessageBytes, this.log);
    this.track(socket, upgrade.ip);
    if (this.perIp.get(upgrade.ip) > this.opts.maxConnectionsPerIp) return socket.close(CloseCode.rateLimited, 'too many connections from this address');
    this.opts.onSync(socket, upgrade);
  }

  private track(socket: WsSocket, ip: string): void {
    this.sockets.add(socket);
    this.perIp.add(ip);
    socket.onClose(() => {
      this.sockets.delete(socket);
      this.perIp.remove(ip);
    });
  }

  private clientOf(req: http.IncomingMessage): string {
    return clientAddress(req.socket.remoteAddress, req.headers['x-forwarded-for'], this.trustedProxies);
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

  // ws compresses in the libuv pool, per socket, and queues later frames of this socket
  // behind it, so order is kept whichever way each message goes.
  send(data: Uint8Array, options: SendOptions = {}): void {
    if (this.closed) return;
    this.ws.send(data, { binary: true, compress: options.compress ?? true }, (err) => err && this.ws.terminate());
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

function writeResponse(res: http.ServerResponse, response: HttpResponse, closeConnection = false): void {
  if (res.headersSent || res.destroyed) return;
  const headers: Record<string, string> = { ...SECURITY_HEADERS, ...response.headers };
  if (closeConnection) headers.connection = 'close';
  res.writeHead(response.status, headers);
  res.end(response.body);
}

function rejectUpgrade(socket: Duplex, status: number, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

function toBytes(raw: RawData): Uint8Array {
  const buf = Array.isArray(raw) ? Buffer.concat(raw) : Buffer.isBuffer(raw) ? raw : Buffer.from(raw);
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
}
