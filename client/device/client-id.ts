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
//   an id whose recorded clock is ahead of what IndexedDB loaded is dropped for a fresh one.
import { z } from 'zod';
import type * as Y from 'yjs';
import { STORAGE_PREFIX, readStored, writeStored } from './stored';

const MAX_POOL = 8;
const Pool = z.array(z.object({ id: z.number().int().min(1).max(0xffffffff), clock: z.number().int().min(0) })).max(MAX_POOL);
type Pool = z.infer<typeof Pool>;

/** Where one fundraiser's pool for one user lives; `owner` is `<fid>:<userId>`. */
export const poolOwner = (fid: string, userId: string) => `${fid}:${userId}`;
const poolKey = (owner: string) => `${STORAGE_PREFIX}:client-ids:${owner}`;
const lockName = (owner: string, id: number) => `${STORAGE_PREFIX}:client-id:${owner}:${id}`;

export interface ClientIdChoice { clientId: number; reused: boolean }

/** Call after IndexedDB has loaded and before the first local write. */
export async function chooseClientId(owner: string, doc: Y.Doc, stateOf: (clientId: number) => number): Promise<ClientIdChoice> {
  const pool = readStored(poolKey(owner), Pool) ?? [];
  const safe = pool.filter((entry) => stateOf(entry.id) >= entry.clock);
  for (const entry of safe) {
    if (await holdLock(lockName(owner, entry.id))) return { clientId: entry.id, reused: true };
  }
  const fresh = { id: doc.clientID, clock: stateOf(doc.clientID) };
  await holdLock(lockName(owner, fresh.id));
  writeStored(poolKey(owner), [...safe, fresh].slice(-MAX_POOL));
  return { clientId: fresh.id, reused: false };
}

/** Pooled ids whose recorded clock is ahead of what loaded: own writes the local copy lost. Call before chooseClientId. */
export function ownClocksAhead(owner: string, stateOf: (clientId: number) => number): { clientId: number; recorded: number }[] {
  const pool = readStored(poolKey(owner), Pool) ?? [];
  return pool.filter((entry) => stateOf(entry.id) < entry.clock).map((entry) => ({ clientId: entry.id, recorded: entry.clock }));
}

/** After the local copy was deleted on purpose: its recorded clocks no longer mean anything. */
export function forgetPools(fid: string): void {
  const prefix = poolKey(`${fid}:`);
  const keys = Array.from({ length: localStorage.length }, (_, i) => localStorage.key(i)).filter((key) => key?.startsWith(prefix));
  for (const key of keys) localStorage.removeItem(key!);
}

/** Records the clock this tab's id has reached; called after each local transaction. */
export function recordClock(owner: string, clientId: number, clock: number): void {
  const pool = readStored(poolKey(owner), Pool) ?? [];
  const entry = pool.find((e) => e.id === clientId);
  if (entry && entry.clock >= clock) return;
  if (entry) entry.clock = clock;
  else pool.push({ id: clientId, clock });
  writeStored(poolKey(owner), pool.slice(-MAX_POOL));
}

/** Takes the lock if it is free and keeps it until the page goes away. */
function holdLock(name: string): Promise<boolean> {
  if (!('locks' in navigator)) return Promise.resolve(false); // no Web Locks: never reuse
  return new Promise((resolve) => {
    void navigator.locks.request(name, { ifAvailable: true }, (lock) => {
      resolve(lock !== null);
      return lock ? new Promise<void>(() => {}) : undefined;
    });
  });
}
