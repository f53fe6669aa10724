// The loaded rooms. A room is loaded on first use, stays loaded while a connection or a
// `use` call holds it, and is unloaded (its memory freed) after it sat idle for a while.
import type { Connection } from './connection.js';
import { Room, type RoomDeps } from './room.js';
import { CloseCode } from './shared/protocol.js';
import { DocCorruptError } from './storage/doc-store.js';

interface Slot {
  room: Promise<Room>;
  holders: number;
  idleTimer?: NodeJS.Timeout;
  unloading?: Promise<void>;
}

export class RoomsClosedError extends Error {
  constructor() {
    super('the sync server is shutting down');
    this.name = 'RoomsClosedError';
  }
}

/** The fundraiser's stored log is damaged: it is not served until someone repairs it. */
export class FundraiserQuarantinedError extends Error {
  /** Read by the HTTP transport: answer 503, not 500. */
  readonly httpStatus = 503;
  constructor(readonly fid: string, readonly reason: string) {
    super(`fundraiser ${fid} is unavailable: its stored data is damaged`);
    this.name = 'FundraiserQuarantinedError';
  }
}

export class Rooms {
  private readonly slots = new Map<string, Slot>();
  /** fid → why; kept for the life of the process, so a damaged log is not re-read on every try. */
  private readonly quarantined = new Map<string, string>();
  private closing = false;
  private loads = 0;

  constructor(private readonly deps: RoomDeps & { idleUnloadMs: number }) {}

  /** Loads the room if needed and keeps it loaded while `fn` runs. */
  async use<T>(fid: string, fn: (room: Room) => Promise<T>): Promise<T> {
    const room = await this.acquire(fid);
    try {
      return await fn(room);
    } finally {
      this.release(fid);
    }
  }

  /** Loads the room, then lets the connection in; its messages wait until then. */
  async connect(fid: string, conn: Connection): Promise<void> {
    let room: Room | undefined;
    let gone = false;
    conn.socket.onClose(() => {
      gone = true;
      if (room) this.leave(fid, room, conn);
    });
    try {
      room = await this.acquire(fid);
    } catch (err) {
      if (err instanceof FundraiserQuarantinedError) return conn.close(CloseCode.retryLater, 'fundraiser unavailable: its stored data is damaged');
      conn.close(err instanceof RoomsClosedError ? CloseCode.goingAway : 1011, 'could not open the fundraiser');
      if (!(err instanceof RoomsClosedError)) this.deps.log(`fundraiser ${fid}: loading failed`, err);
      return;
    }
    if (gone) return this.release(fid);
    if (conn.tokenExpired()) return conn.close(CloseCode.badToken, 'token expired or device revoked'); // revoked while loading
    room.join(conn);
  }

  /** The session ids (`jti`) connected to this process now, in any room. */
  async connectedSessions(): Promise<Set<string>> {
    const rooms = await Promise.allSettled([...this.slots.values()].map((slot) => slot.room));
    return new Set(rooms.flatMap((r) => (r.status === 'fulfilled' ? r.value.sessionIds() : [])));
  }

  /** Closes matching connections in every loaded room; returns how many. */
  async closeConnections(which: (conn: Connection) => boolean, code: number, reason: string): Promise<number> {
    const rooms = await Promise.allSettled([...this.slots.values()].map((slot) => slot.room));
    return rooms.reduce((sum, r) => sum + (r.status === 'fulfilled' ? r.value.closeWhere(which, code, reason) : 0), 0);
  }

  isQuarantined(fid: string): boolean {
    return this.quarantined.has(fid);
  }

  /** Runs `fn` on the room only if it is loaded here (news about a room no one here holds needs no work). */
  async ifLoaded(fid: string, fn: (room: Room) => Promise<void>): Promise<void> {
    const slot = this.slots.get(fid);
    if (!slot || slot.unloading || this.closing) return;
    await this.use(fid, fn).catch((err) => {
      if (!(err instanceof RoomsClosedError)) this.deps.log(`fundraiser ${fid}: catching up failed`, err);
    });
  }

  /** Resolves once the fundraiser's room, if it is being unloaded, is gone (its unload writes done). */
  async unloaded(fid: string): Promise<void> {
    await this.slots.get(fid)?.unloading;
  }

  /** How many times a room was loaded since the start (a room loads again after an unload). */
  get loadCount(): number {
    return this.loads;
  }

  /** How long a room sits idle before it is unloaded. */
  get idleUnloadMs(): number {
    return this.deps.idleUnloadMs;
  }

  isLoaded(fid: string): boolean {
    return this.slots.has(fid);
  }

  loaded(): string[] {
    return [...this.slots.keys()];
  }

  /** Refuses new work, finishes what is queued in every room, and unloads them all. */
  async close(): Promise<void> {
    this.closing = true;
    await Promise.all([...this.slots.keys()].map((fid) => this.unload(fid)));
  }

  private leave(fid: string, room: Room, conn: Connection): void {
    room.leave(conn);
    this.release(fid);
  }

  private async acquire(fid: string): Promise<Room> {
    for (;;) {
      if (this.closing) throw new RoomsClosedError();
      const damaged = this.quarantined.get(fid);
      if (damaged !== undefined) throw new FundraiserQuarantinedError(fid, damaged);
      const slot = this.slots.get(fid);
      if (slot?.unloading) {
        await slot.unloading;
        continue;
      }
      if (slot) {
        slot.holders++;
        clearTimeout(slot.idleTimer);
        return slot.room;
      }
      return this.startLoading(fid).room;
    }
  }

  private startLoading(fid: string): Slot {
    this.loads++;
    const slot: Slot = { room: Room.load(fid, this.deps).catch((err) => this.loadFailed(fid, err)), holders: 1 };
    this.slots.set(fid, slot);
    slot.room.catch(() => this.slots.get(fid) === slot && this.slots.delete(fid));
    return slot;
  }

  /** A damaged log quarantines that one fundraiser (the others keep serving) and is noted in storage. */
  private async loadFailed(fid: string, err: unknown): Promise<never> {
    if (!(err instanceof DocCorruptError)) throw err;
    this.quarantined.set(fid, err.message);
    this.deps.log(`fundraiser ${fid}: QUARANTINED, its stored log is damaged; its records are left in place`, err);
    await this.deps.docStore.noteDamaged(fid, err.message).catch((noteErr) => this.deps.log(`fundraiser ${fid}: could not note the quarantine`, noteErr));
    throw new FundraiserQuarantinedError(fid, err.message);
  }

  private release(fid: string): void {
    const slot = this.slots.get(fid);
    if (!slot || slot.unloading) return;
    slot.holders--;
    if (slot.holders > 0) return;
    clearTimeout(slot.idleTimer);
    slot.idleTimer = setTimeout(() => void this.unloadIfIdle(fid, slot), this.deps.idleUnloadMs);
    slot.idleTimer.unref();
  }

  private unloadIfIdle(fid: string, slot: Slot): Promise<void> {
    if (this.slots.get(fid) !== slot || slot.holders > 0) return Promise.resolve();
    return this.unload(fid);
  }

  private unload(fid: string): Promise<void> {
    const slot = this.slots.get(fid);
    if (!slot) return Promise.resolve();
    if (slot.unloading) return slot.unloading;
    clearTimeout(slot.idleTimer);
    slot.unloading = slot.room
      .then((room) => room.close())
      .catch((err) => this.deps.log(`fundraiser ${fid}: unloading failed`, err))
      .finally(() => this.slots.get(fid) === slot && this.slots.delete(fid));
    return slot.unloading;
  }
}
