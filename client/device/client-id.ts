// The clientID question (docs/CLIENT.md). Yjs draws a new clientID on every page load, and
// each one stays in the document's state vector for ever: with thousands of them every
// transaction pays for walking them. So a device REUSES its clientIDs, one per open tab:
//
// - a small pool of ids per fundraiser AND user is kept in localStorage (the server binds a
//   clientID to the user who first wrote with it, and refuses anyone else's writes under it);
// - a tab takes the first id whose Web Lock it can get (held until the tab closes), so two
//   tabs never write with the same id; when every pooled id is taken, it draws a fresh one;
// - reuse is only safe when this device's copy holds everything ever written with that id
//   (else the next write would reuse a clock the server already has, with other content).
//   So after every local write the id's clock is recorded synchronously in localStorage, and
//   an id whose recorded clock is ahead of what IndexedDB loaded is dropped for a fresh one;
// - an id that has written a full run (CLIENT_ID_RUN events, own-writes.ts) is RETIRED: the
//   tab moves to a fresh id, and no tab ever writes with a retired id again. Retired entries
//   stay in the pool a while only so that lost own writes under them are still noticed.
import { z } from 'zod';
import * as Y from 'yjs';
import { CLIENT_ID_RUN, OwnWrites, freshClientId } from './own-writes';
import type { SwitchListener } from './own-writes';
import { STORAGE_PREFIX, readStored, writeStored } from './stored';

const MAX_POOL = 8;
const PoolEntry = z.object({ id: z.number().int().min(1).max(0xffffffff), clock: z.number().int().min(0) });
const Pool = z.array(PoolEntry).max(MAX_POOL);
type PoolEntry = z.infer<typeof PoolEntry>;
type Pool = z.infer<typeof Pool>;
type StateOf = (clientId: number) => number;

/** Where one fundraiser's pool for one user lives; `owner` is `<fid>:<userId>`. */
export const poolOwner = (fid: string, userId: string) => `${fid}:${userId}`;
const poolKey = (owner: string) => `${STORAGE_PREFIX}:client-ids:${owner}`;
const lockName = (owner: string, id: number) => `${STORAGE_PREFIX}:client-id:${owner}:${id}`;
const readPool = (owner: string): Pool => readStored(poolKey(owner), Pool) ?? [];

export interface ClientIdChoice { clientId: number; reused: boolean }

/** May a tab whose copy is `stateOf` write with this pooled id? Not retired, and nothing written with it is missing. */
export function reusable(entry: PoolEntry, stateOf: StateOf): boolean {
  const state = stateOf(entry.id);
  return state >= entry.clock && state < CLIENT_ID_RUN;
}

/** At most MAX_POOL entries; retired ones are dropped first, the oldest first. */
export function trimPool(pool: Pool): Pool {
  const retired = pool.filter((entry) => entry.clock >= CLIENT_ID_RUN);
  const live = pool.filter((entry) => entry.clock < CLIENT_ID_RUN);
  return [...retired, ...live].slice(-MAX_POOL);
}

/** Call after IndexedDB has loaded and before the first local write. */
export async function chooseClientId(owner: string, doc: Y.Doc, stateOf: StateOf): Promise<ClientIdChoice> {
  for (const entry of readPool(owner).filter((e) => reusable(e, stateOf))) {
    const release = await holdLock(lockName(owner, entry.id));
    if (!release) continue;
    // Checked again now that no other tab can write with it: one may have, just before it let go.
    const now = readPool(owner).find((e) => e.id === entry.id);
    if (now && reusable(now, stateOf)) return { clientId: entry.id, reused: true };
    release();
  }
  const id = doc.store.clients.has(doc.clientID) ? freshClientId(doc) : doc.clientID; // Yjs's draw, unless the copy holds it
  const fresh = { id, clock: stateOf(id) };
  await holdLock(lockName(owner, fresh.id));
  // Ids whose own writes this copy lost are dropped: they must not be reused, and were reported.
  const kept = readPool(owner).filter((e) => e.id !== fresh.id && stateOf(e.id) >= e.clock);
  writeStored(poolKey(owner), trimPool([...kept, fresh]));
  return { clientId: fresh.id, reused: false };
}

/**
 * The clientIDs one tab writes with: the one chosen when it opened, then a fresh one after
 * every full run. Only ids in the pool have their clocks recorded; a fresh id joins the pool
 * once its Web Lock is held (else another tab could take it from the pool at the same time).
 */
class TabClientIds {
  private readonly pooled = new Set<number>();

  constructor(private readonly owner: string, private readonly doc: Y.Doc, private current: number) {
    this.pooled.add(current);
  }

  /** After the tab moved to `id` (own-writes.ts), before it writes with it. */
  switchedTo(id: number): void {
    this.current = id;
    void holdLock(lockName(this.owner, id)).then(() => {
      this.pooled.add(id);
      recordClock(this.owner, id, Y.getState(this.doc.store, id));
    });
  }

  /** After each transaction: records the clock this tab's id reached. */
  recordAfter(transaction: Y.Transaction): void {
    const id = this.current;
    if (this.doc.clientID !== id || !this.pooled.has(id)) return; // Yjs drew a new id after a clash: never pool it
    const after = transaction.afterState.get(id) ?? 0;
    if (after !== (transaction.beforeState.get(id) ?? 0)) recordClock(this.owner, id, after);
  }
}

/** The tab's writer (own-writes.ts): each write's clock is recorded in the pool, and each fresh id joins it. */
export function pooledWrites(owner: string, doc: Y.Doc, clientId: number, onSwitch: SwitchListener): OwnWrites {
  const ids = new TabClientIds(owner, doc, clientId);
  doc.on('afterTransaction', (transaction: Y.Transaction) => ids.recordAfter(transaction));
  return new OwnWrites(doc, (from, to) => {
    ids.switchedTo(to);
    onSwitch(from, to);
  });
}

/** Pooled ids whose recorded clock is ahead of what loaded: own writes the local copy lost. Call before chooseClientId. */
export function ownClocksAhead(owner: string, stateOf: StateOf): { clientId: number; recorded: number }[] {
  return readPool(owner).filter((entry) => stateOf(entry.id) < entry.clock).map((entry) => ({ clientId: entry.id, recorded: entry.clock }));
}

/** After the local copy was deleted on purpose: its recorded clocks no longer mean anything. */
export function forgetPools(fid: string): void {
  const prefix = poolKey(`${fid}:`);
  const keys = Array.from({ length: localStorage.length }, (_, i) => localStorage.key(i)).filter((key) => key?.startsWith(prefix));
  for (const key of keys) localStorage.removeItem(key!);
}

/** Records the clock `clientId` has reached. */
function recordClock(owner: string, clientId: number, clock: number): void {
  const pool = readPool(owner);
  const entry = pool.find((e) => e.id === clientId);
  if (entry && entry.clock >= clock) return;
  if (entry) entry.clock = clock;
  else pool.push({ id: clientId, clock });
  writeStored(poolKey(owner), trimPool(pool));
}

/** Takes the lock if it is free and keeps it until the page goes away or `release` is called. */
function holdLock(name: string): Promise<(() => void) | undefined> {
  if (typeof navigator === 'undefined' || !('locks' in navigator)) return Promise.resolve(undefined); // no Web Locks: never reuse
  return new Promise((resolve) => {
    void navigator.locks.request(name, { ifAvailable: true }, (lock) => {
      if (!lock) return void resolve(undefined);
      return new Promise<void>((release) => resolve(() => release()));
    });
  });
}
