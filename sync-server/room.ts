// One fundraiser's live document, its connections, and the one path by which anything
// gets into it: checked (staging worker; the server's own appends are encoded here, in
// server-append.ts) → stored (DocStore, durable) → applied → relayed.
// Per room, every message and every server append runs strictly one at a time, in
// arrival order, so "the server's state vector covers it" always means "it is on disk".
import type * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import type { LogName } from '../domain/events.js';
import { CATCH_UP_LIMITS, CatchUpTail } from './room-catch-up.js';
import { ClientBindings } from './client-bindings.js';
import type { Connection } from './connection.js';
import { SEED_ORIGIN, WEBSITE_ORIGIN, type TxOrigin } from './origins.js';
import { StoredLogFollower } from './room-follow.js';
import { RoomAwareness } from './room-awareness.js';
import { RoomCompaction } from './room-compaction.js';
import { loadDoc } from './room-load.js';
import { SerialQueue } from './serial-queue.js';
import { RoomClosedError, type AppliedListener, type ExclusiveRoom, type RoomDeps } from './room-types.js';
import { ServerWriter } from './server-append.js';
import { websiteReadModelOf } from './projections.js';

export { RoomClosedError, type AppliedListener, type ExclusiveRoom, type RoomDeps } from './room-types.js';
import { CloseCode, RELAY_COMPRESS_MIN_BYTES } from './shared/protocol.js';
import { StagingTimeoutError } from './staging-client.js';
import { sharedStorage, StorageUnavailableError, type BatchOp } from './storage/adapter.js';
import {
  decodeClientMessage,
  encodeServerStateMessage, encodeSyncStep1, encodeUpdateMessage, MalformedMessageError,
} from './sync-messages.js';

/** Answering a sync step 1 encodes the whole doc: it costs this many rate-limit tokens. */
const STEP1_COST = 50;
/** Sync step 1s sent to one connection for updates that depended on changes we lacked. */
const MAX_RESYNCS = 5;

export class Room {
  /** Read-only for callers: every change must go through this class. */
  readonly doc: Y.Doc;
  private readonly connections = new Set<Connection>();
  private readonly queue = new SerialQueue();
  private readonly listeners = new Set<AppliedListener>();
  private readonly presence: RoomAwareness;
  private readonly writer: ServerWriter;
  private closed = false;
  private readonly compaction: RoomCompaction;
  private readonly follower: StoredLogFollower;
  private readonly tail: CatchUpTail;

  static async load(fid: string, deps: RoomDeps): Promise<Room> {
    const [{ doc, lastSeq }, bindings] = await Promise.all([loadDoc(deps.docStore, fid), ClientBindings.load(deps.adapter, fid)]);
    return new Room(fid, doc, bindings, deps, lastSeq);
  }

  private constructor(
    readonly fid: string,
    doc: Y.Doc,
    private readonly bindings: ClientBindings,
    private readonly deps: RoomDeps,
    lastSeq: number,
  ) {
    this.doc = doc;
    this.follower = new StoredLogFollower(fid, doc, deps, lastSeq);
    this.compaction = new RoomCompaction(fid, doc, deps.docStore, () => this.follower.seq, deps.log, deps.unloadWrites);
    this.writer = new ServerWriter(doc, bindings, deps.limits.serverClientRun);
    this.presence = new RoomAwareness(doc, bindings, deps.limits.maxAwarenessStateBytes, this.connections);
    doc.on('update', (update: Uint8Array, origin: TxOrigin) => this.relayUpdate(update, origin));
    this.tail = new CatchUpTail(doc, CATCH_UP_LIMITS, deps.catchUpBudget);
  }

  get awareness(): awarenessProtocol.Awareness {
    return this.presence.awareness;
  }

  get connectionCount(): number {
    return this.connections.size;
  }

  /** Called after every change applied to the live doc (device updates and server appends). */
  onApplied(listener: AppliedListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Appends `events` to `website` in one transaction: stored (with extraOps, atomically), then applied and relayed. */
  appendWebsite(events: unknown[], extraOps: readonly BatchOp[] = []): Promise<void> {
    return this.appendAsServer('website', events, extraOps, WEBSITE_ORIGIN);
  }

  /** The server writing to `replicated` itself, as a manager would (seeding a fundraiser). */
  appendReplicated(events: unknown[], extraOps: readonly BatchOp[] = []): Promise<void> {
    return this.appendAsServer('replicated', events, extraOps, SEED_ORIGIN);
  }

  /**
   * Runs `fn` as one step of the room's queue: nothing else enters the doc meanwhile, so a
   * command can decide and append as one unit (e.g. under a cross-process lock). `fn` must
   * append through the handle it is given; the queued methods would wait for `fn` itself.
   */
  exclusively<T>(fn: (room: ExclusiveRoom) => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new RoomClosedError(this.fid));
    const handle: ExclusiveRoom = {
      doc: this.doc,
      appendWebsite: (events, extraOps = []) => this.appendNow('website', events, extraOps, WEBSITE_ORIGIN),
      catchUp: () => (sharedStorage(this.deps.adapter) ? this.follower.pull(Infinity) : Promise.resolve()),
    };
    return this.queue.run(() => fn(handle));
  }

  /** Another server process stored `seq` (or maybe missed announcements, if undefined): pull what is new. */
  catchUp(seq?: number): Promise<void> {
    if (this.closed) return Promise.resolve();
    return this.queue.run(async () => {
      if (this.closed || (seq !== undefined && this.follower.covers(seq))) return;
      await this.follower.pull(Infinity);
    });
  }

  join(conn: Connection): void {
    if (this.closed) return conn.close(CloseCode.overloaded, 'fundraiser is being unloaded; reconnect');
    this.connections.add(conn);
    conn.send(encodeSyncStep1(this.doc));
    this.presence.greet(conn);
    conn.attach((data) => void this.enqueue(conn, data));
  }

  /** Closes the connections `which` picks (a revoked device's), with `code`. */
  /** The session ids (`jti`) of the connections in this room. */
  sessionIds(): string[] {
    return [...this.connections].flatMap((conn) => (conn.token.jti ? [conn.token.jti] : []));
  }

  closeWhere(which: (conn: Connection) => boolean, code: number, reason: string): number {
    const picked = [...this.connections].filter(which);
    for (const conn of picked) conn.close(code, reason);
    return picked.length;
  }

  leave(conn: Connection): void {
    if (!this.connections.delete(conn)) return;
    this.presence.forget(conn);
  }

  /** Finishes queued work, then frees the doc. Connections still open are told to come back later. */
  async close(): Promise<void> {
    this.closed = true;
    await this.queue.idle();
    await this.compaction.close(() => websiteReadModelOf(this.doc));
    for (const conn of this.connections) conn.close(CloseCode.goingAway, 'server shutting down');
    this.connections.clear();
    this.presence.destroy();
    this.tail.dispose();
    this.doc.destroy();
    await this.deps.staging.drop(this.fid);
  }

  // ---- the pipeline ----

  private enqueue(conn: Connection, data: Uint8Array): Promise<void> {
    return this.queue
      .run(() => this.handle(conn, data))
      .catch((err) => {
        this.deps.log(`fundraiser ${this.fid}: handling a message failed`, err);
        // Storage did not answer (a stalled database): nothing of the message was applied; the
        // device sends it again when it reconnects.
        if (err instanceof StorageUnavailableError) conn.close(CloseCode.retryLater, 'storage is unavailable; reconnect');
        else conn.close(1011, 'internal error');
      })
      .finally(() => conn.processed(data.byteLength));
  }

  private async handle(conn: Connection, data: Uint8Array): Promise<void> {
    // Device messages not yet started when the room closes are dropped: the device sends
    // them again, merged into its sync step 2, when it reconnects.
    if (this.closed || conn.closed || !this.connections.has(conn)) return;
    try {
      const message = decodeClientMessage(data);
      if (message.kind === 'update') {
        if (message.answer) conn.awaitingStep2 = false;
        return await this.receiveUpdate(conn, message.update);
      }
      if (message.kind === 'awareness') return this.presence.receive(conn, message.update);
      if (message.kind === 'queryAwareness') return this.presence.sendAll(conn);
      // The room's queue ran this connection's earlier messages to the end (stored, applied).
      if (message.kind === 'serverState') return void (conn.charge(STEP1_COST) && conn.send(encodeServerStateMessage(this.doc)));
      if (conn.charge(STEP1_COST)) for (const frame of this.tail.answer(message.stateVector)) conn.send(frame);
    } catch (err) {
      if (!(err instanceof MalformedMessageError) && !(err instanceof RangeError) && !isDecodeError(err)) throw err;
      this.refuse(conn, err instanceof MalformedMessageError ? err.message : 'malformed message');
    }
  }

  private async receiveUpdate(conn: Connection, update: Uint8Array): Promise<void> {
    if (conn.tokenExpired()) return conn.close(CloseCode.badToken, 'token expired');
    // Shared storage: check against everything stored, not just what this process has seen.
    if (sharedStorage(this.deps.adapter)) await this.follower.pull(Infinity);
    const verdict = await this.stage(conn, update);
    if (!verdict) return;
    if (!verdict.ok) return verdict.incomplete ? this.askForMissing(conn) : this.refuse(conn, verdict.reason);
    if (!verdict.changed) return;
    await this.bindings.refresh(this.deps.adapter, verdict.clients); // bound by another server process?
    const binding = this.bindings.check(verdict.clients, conn.userId);
    if (!binding.ok) return this.discardStaged(() => this.refuse(conn, binding.reason));
    const seq = await this.store(verdict.update, this.bindings.bindOps(binding.fresh, conn.userId)).catch(() => undefined);
    if (seq === undefined) return conn.close(CloseCode.retryLater, 'could not store the update; reconnect');
    this.bindings.remember(binding.fresh, conn.userId);
    await this.follower.pull(seq);
    this.apply(verdict.update, { kind: 'device', connId: conn.id, userId: conn.userId }, seq);
  }

  private async stage(conn: Connection, update: Uint8Array) {
    try {
      return await this.deps.staging.stage(this.fid, update, conn.writer, () => Y.encodeStateAsUpdate(this.doc));
    } catch (err) {
      if (err instanceof StagingTimeoutError) this.refuse(conn, 'the update is too costly to check');
      else {
        this.deps.log(`fundraiser ${this.fid}: could not check an update`, err);
        conn.close(CloseCode.retryLater, 'could not check the update; reconnect');
      }
      return undefined;
    }
  }

  private appendAsServer(log: LogName, events: unknown[], extraOps: readonly BatchOp[], origin: TxOrigin): Promise<void> {
    // Checked when called, not when run: what was queued before close() still completes.
    if (this.closed) return Promise.reject(new RoomClosedError(this.fid));
    return this.queue.run(() => this.appendNow(log, events, extraOps, origin));
  }

  /** Must run inside the room's queue. The update is made here from the live doc (server-append.ts);
   *  the staging shadow takes it after it is stored, as it takes other processes' updates. */
  private async appendNow(log: LogName, events: unknown[], extraOps: readonly BatchOp[], origin: TxOrigin): Promise<void> {
    if (events.length === 0) return void (extraOps.length > 0 && (await this.deps.adapter.saveBatch(extraOps)));
    const append = this.writer.prepare(log, events);
    let seq: number;
    try {
      seq = await this.store(append.update, [...extraOps, ...append.ops]);
    } catch (err) {
      this.writer.failed(); // it may have committed all the same: never reuse its clientID/clock
      throw err; // as it came (a StorageUnavailableError answers 503)
    }
    this.writer.stored(append);
    await this.follower.pull(seq);
    this.apply(append.update, origin, seq);
    void this.deps.staging.follow(this.fid, append.update); // queued before any later check of this room
  }

  /** The update's sequence number once durable. On failure the shadow, which already holds
   *  the update, is thrown away (rebuilt from the live doc on the next check). A failed store
   *  may have committed (a timeout loses the answer, not the write): the live doc takes it
   *  from storage at the next pull, like another process's update. */
  private async store(update: Uint8Array, ops: BatchOp[]): Promise<number> {
    try {
      return await this.deps.docStore.appendUpdate(this.fid, update, ops);
    } catch (err) {
      this.deps.log(`fundraiser ${this.fid}: storing an update failed`, err);
      await this.deps.staging.drop(this.fid);
      throw err;
    }
  }

  private apply(update: Uint8Array, origin: TxOrigin, seq: number): void {
    Y.applyUpdate(this.doc, update, origin);
    this.follower.applied(seq);
    this.compaction.applied();
  }

  private async discardStaged(then: () => void): Promise<void> {
    await this.deps.staging.drop(this.fid);
    then();
  }

  /** Nothing of an incomplete update is kept; our sync step 1 makes the device send a step 2
   *  with everything we lack, this update included. While that step 2 is on its way, further
   *  incomplete updates need no step 1 of their own: it brings them too (a device may write
   *  several before it reads our question). The rounds are bounded per connection, since a
   *  device whose own doc is incomplete would otherwise loop; past the bound it reconnects later. */
  private askForMissing(conn: Connection): void {
    if (conn.awaitingStep2) return;
    if (++conn.resyncs > MAX_RESYNCS) return conn.close(CloseCode.retryLater, 'updates keep depending on changes the server does not have');
    conn.awaitingStep2 = true;
    conn.send(encodeSyncStep1(this.doc));
  }

  private refuse(conn: Connection, reason: string): void {
    this.deps.log(`fundraiser ${this.fid}: refused an update from ${conn.userId}: ${reason}`);
    conn.close(CloseCode.refusedUpdate, reason);
  }

  private relayUpdate(update: Uint8Array, origin: TxOrigin): void {
    if (origin?.kind === 'load') return;
    const frame = encodeUpdateMessage(update);
    const sender = origin?.kind === 'device' ? origin.connId : undefined;
    const live = { compress: frame.byteLength >= RELAY_COMPRESS_MIN_BYTES };
    for (const conn of this.connections) if (conn.id !== sender) conn.send(frame, live);
    for (const listener of this.listeners) this.callListener(listener, origin, update);
  }

  private callListener(listener: AppliedListener, origin: TxOrigin, update: Uint8Array): void {
    try {
      listener(origin, update);
    } catch (err) {
      this.deps.log(`fundraiser ${this.fid}: an onApplied listener failed`, err);
    }
  }
}

function isDecodeError(err: unknown): boolean {
  const message = (err as Error)?.message ?? '';
  return message === 'Unexpected end of array' || message === 'Integer out of Range' || err instanceof SyntaxError;
}
