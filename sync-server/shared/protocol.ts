// The sync wire protocol as both ends see it. The browser client imports this file too,
// so nothing here may touch node:* or ws.
//
// Messages are y-protocols frames exactly as y-websocket writes them:
//   [messageType: varUint][payload…]
// Close codes 4400–4499 mirror HTTP 4xx and are TERMINAL for the stock y-websocket client
// (it stops reconnecting); 4500–4599 mean "try again later" and it reconnects with backoff.

/** y-protocols message types (the first varUint of every frame). */
export const MessageType = {
  sync: 0,
  awareness: 1,
  /** y-protocols/auth; the server never sends it and refuses it from clients. */
  auth: 2,
  /** y-websocket asks the peer to send all awareness states. */
  queryAwareness: 3,
  /** Extension: a device sends [100]; once everything that connection sent before it is
   *  stored and applied, the server answers [100, stateVector]. Since the server stores
   *  before it applies, a device may count "events not on the server" against that vector
   *  and read 0 as "safe". The stock client never sends it and the server never sends it
   *  unasked, so stock clients are unaffected. */
  serverState: 100,
  /** Extension: [101, epoch: varString]. Sent by the server first, before its sync step 1
   *  (a heartbeat aside, should reading the epoch take a heartbeat interval), and only to a
   *  device that named an epoch in the sync URL (`?epoch=`, empty when it has none yet): the
   *  fundraiser's epoch, which the device stores with its copy. */
  epoch: 101,
} as const;

/**
 * The server's heartbeat: an awareness message carrying an awareness update with no clients
 * ([1, 1, 0]: type, payload length, zero clients; what y-protocols' `encodeAwarenessUpdate(
 * awareness, [])` gives). The stock client's `applyAwarenessUpdate` reads the count, loops zero
 * times and emits nothing, so it changes nothing, yet y-websocket counts it as a message
 * received. The server sends it to a sync socket it has sent nothing for
 * `HEARTBEAT_INTERVAL_MS`, and once right after the connection joins its room, so that a
 * device knows at once that this server sends them (sync-server/heartbeats.ts). Why: a link
 * that dies without a close looks to a browser exactly like a quiet fundraiser (protocol pings
 * are invisible to page scripts), and y-websocket only gives up after 30 s of silence.
 * Never written to: one array goes to every socket.
 */
export const HEARTBEAT_FRAME: Uint8Array = Uint8Array.of(MessageType.awareness, 1, 0);
/** A sync socket the server has sent nothing for this long gets a heartbeat. */
export const HEARTBEAT_INTERVAL_MS = 5_000;
/** A device that heard nothing for this many heartbeat intervals takes its link for dead
 *  (client/device/link-watchdog.ts). The server's sweep lets a gap grow to 1.2 intervals;
 *  the rest is room for a loaded network or event loop. */
export const HEARTBEAT_SILENCE_INTERVALS = 2.5;
/** `<meta name="sync-heartbeat-ms" content="5000">`: the interval of the server that served
 *  the page, so the apps' watchdog follows it (static.ts; tests shorten it). */
export const HEARTBEAT_META = 'sync-heartbeat-ms';

/** y-protocols/sync sub-types (the second varUint of a sync frame). */
export const SyncMessageType = { step1: 0, step2: 1, update: 2 } as const;

export const CloseCode = {
  /** An update was refused (did more than append valid events to `replicated`), or the
   *  frame was not well-formed y-protocols. Nothing of it was stored or relayed. */
  refusedUpdate: 4400,
  /** No, a forged, or an expired token. */
  badToken: 4401,
  /** The token's role may not open this fundraiser. */
  forbidden: 4403,
  /** A message over the size limit. */
  tooLarge: 4413,
  /** Extension: the device's copy belongs to another epoch of this fundraiser (the server's
   *  copy was re-created or restored). Closed before any sync message; terminal. */
  epochMismatch: 4409,
  /** Extension: too many messages from this connection, or too many connections from this
   *  address. In the 45xx range on purpose: the client backs off and reconnects, and its
   *  offline edits then arrive merged in one sync step 2. */
  rateLimited: 4529,
  /** Extension: the server could not keep up with this connection (its send buffer grew
   *  past the cap) or is busy; reconnect later. */
  overloaded: 4503,
  /** Extension: checking or storing the update failed on the server's side; nothing of it
   *  was applied; the client reconnects and sends it again in its sync step 2. */
  retryLater: 4500,
  /** Standard: the server is shutting down. */
  goingAway: 1001,
  /** Standard (ws' own cap, at twice maxMessageBytes, before the server reads the message):
   *  a message far over the size limit. The apps treat it as tooLarge. */
  messageTooBig: 1009,
} as const;
export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode];

/** The reason of a 4401 for a token whose device session a manager revoked: the apps say so. */
export const REVOKED_REASON = 'device revoked';

export const DEFAULT_LIMITS = {
  /** One WebSocket message, in bytes; above it the connection is closed with 4413. */
  maxMessageBytes: 8 * 1024 * 1024,
  /** One awareness state (its JSON text), in bytes; larger states are dropped, not relayed. */
  maxAwarenessStateBytes: 4 * 1024,
  /** Token bucket per connection: burst size and refill per second. */
  messageBurst: 300,
  messagesPerSecond: 100,
  /** Open sync connections per client address. */
  maxConnectionsPerIp: 64,
  /** A connection whose unsent data grows past this is dropped (a reader that never reads). */
  maxBufferedBytes: 64 * 1024 * 1024,
  /** HTTP request bodies, in bytes; above it: 413 too_large. */
  maxHttpBodyBytes: 256 * 1024,
  /** Wall-clock bound for checking one device update (decode + staging), in ms. */
  stagingTimeoutMs: 5_000,
  /** Open TCP connections per client address, of any kind; past it new ones are cut at once. */
  maxSocketsPerIp: 256,
  /** Sync sockets one address may open per minute (each may load a fundraiser); above: HTTP 429. */
  syncOpensPerMinute: 600,
  /** A request's headers must be complete within this (slow headers), in ms. */
  headersTimeoutMs: 10_000,
  /** A whole HTTP request must arrive within this, in ms. */
  requestTimeoutMs: 30_000,
  /**
   * Server appends under one clientID before it takes a fresh one. Yjs merges a writer's
   * consecutive items by copying the whole run (ContentAny.mergeWith concatenates), so one
   * endless run makes n single-event appends cost O(n²); short runs keep them linear.
   */
  serverClientRun: 4_000,
  /**
   * Bytes of applied updates kept for catch-ups (room-catch-up.ts) by all loaded rooms
   * together; each room keeps at most 8 MiB of its own. Past it, the oldest kept update
   * of any room is forgotten, and that room answers such catch-ups from its doc.
   */
  catchUpBytesTotal: 128 * 1024 * 1024,
} as const;
export type Limits = { -readonly [K in keyof typeof DEFAULT_LIMITS]: number };

/** A WebSocket close reason is at most 123 bytes of UTF-8. */
export const MAX_CLOSE_REASON_BYTES = 123;

/** The room name part of `/sync/<fid>`: what a fundraiser id may look like. Not dots alone:
 *  a URL's path drops "." and ".." segments, so no link could ever reach such a fundraiser. */
export const FID_PATTERN = /^(?!\.+$)[A-Za-z0-9_.:@-]{1,64}$/;
export const SYNC_PATH_PREFIX = '/sync/';

/** A live relay (one new update, sent to every other connection of the room) goes out
 *  uncompressed below this size: permessage-deflate runs once per socket, so compressing a
 *  website batch's 1-4 KB relay meant 50 deflates on the server and one inflate per device
 *  for a few KB saved (bench rows 5, 6). Catch-up answers (sync step 2) stay compressed,
 *  and so does a relay this large (a device's long offline run, merged), where bytes matter. */
export const RELAY_COMPRESS_MIN_BYTES = 64 * 1024;
