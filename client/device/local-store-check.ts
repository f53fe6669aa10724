// Is this device's copy whole? IndexedDB can be wiped (the browser evicts it, the user clears
// site data) or hold records that no longer decode. Neither may go unnoticed, nor may a damaged
// record stop the app from opening with everything that still reads. Three checks:
//
// - before y-indexeddb loads: records of the `updates` store that do not decode as Yjs updates
//   are moved aside (to the `custom` store, `damaged:<key>`, kept for the export), else y-indexeddb
//   would fail the whole load on the first bad one and the app would never open;
// - after loading: localStorage remembers how many events this device held (written after each
//   transaction); fewer loaded means the store lost some;
// - this device's own clientIDs: client-id.ts records the clock each reached; a clock ahead of
//   what loaded means own writes are missing. Once a sync brings them back from the server,
//   the report says they are recovered; what stays missing never reached the server.
import { z } from 'zod';
import * as Y from 'yjs';
import { STORAGE_PREFIX, readStored, removeStored, writeStored } from './stored';

export interface OwnClock { clientId: number; recorded: number }

export interface LocalStoreFindings {
  damagedKeys: string[];
  expectedEvents: number | undefined;
  loadedEvents: number;
  /** Own clientIDs whose recorded clock is ahead of what loaded. */
  ownAhead: OwnClock[];
}

export type LocalStoreStatus =
  | { kind: 'ok' }
  | { kind: 'damaged' | 'recovered' | 'lost'; text: string };

const countKey = (fid: string) => `${STORAGE_PREFIX}:local-events:${fid}`;
const DAMAGED_PREFIX = 'damaged:';

export const eventCount = (doc: Y.Doc) => doc.getArray('website').length + doc.getArray('replicated').length;

export function expectedEvents(fid: string): number | undefined {
  return readStored(countKey(fid), z.number().int().min(0));
}

/** Keeps the remembered count in step with the copy, after every transaction. */
export function rememberEventCount(fid: string, doc: Y.Doc): () => void {
  const write = () => writeStored(countKey(fid), eventCount(doc));
  write();
  doc.on('afterTransaction', write);
  return () => doc.off('afterTransaction', write);
}

export function forgetEventCount(fid: string): void {
  removeStored(countKey(fid));
}

/** What the user is told: damage first, then whether a sync brought everything back. */
export function localStoreStatus(findings: LocalStoreFindings, doc: Y.Doc): LocalStoreStatus {
  const lostEvents = Math.max(0, (findings.expectedEvents ?? 0) - findings.loadedEvents);
  if (findings.damagedKeys.length === 0 && lostEvents === 0 && findings.ownAhead.length === 0) return { kind: 'ok' };
  const missingOwn = findings.ownAhead.reduce((sum, own) => sum + Math.max(0, own.recorded - Y.getState(doc.store, own.clientId)), 0);
  const what = [
    lostEvents > 0 ? `it held ${findings.expectedEvents} events, ${findings.loadedEvents} loaded` : '',
    findings.damagedKeys.length > 0 ? `${findings.damagedKeys.length} damaged record(s) were set aside` : '',
  ].filter(Boolean).join('; ');
  const damage = `This device's stored copy was wiped or damaged (${what || 'some of its own changes are missing'}).`;
  const back = eventCount(doc) >= (findings.expectedEvents ?? 0);
  if (missingOwn === 0 && back) return { kind: 'recovered', text: `${damage} ${lostEvents + findings.ownAhead.length > 0 ? 'Recovered: everything it held is back from the server.' : 'Nothing it held is missing.'}` };
  if (missingOwn === 0) return { kind: 'damaged', text: `${damage} Everything still readable is kept; sync to bring the rest back from the server.` };
  return { kind: 'lost', text: `${damage} ${missingOwn} change(s) written on this device are missing and not back from the server yet: sync; what does not come back never reached the server.` };
}

/** Moves undecodable records of y-indexeddb's `updates` store aside; returns their new keys. */
export async function setAsideDamaged(name: string): Promise<string[]> {
  if (!(await databaseExists(name))) return []; // opening it here would create it without y-indexeddb's stores
  const db = await open(name);
  try {
    if (!db.objectStoreNames.contains('updates') || !db.objectStoreNames.contains('custom')) return [];
    return await moveUndecodable(db);
  } finally {
    db.close();
  }
}

export async function databaseExists(name: string): Promise<boolean> {
  if (typeof indexedDB.databases !== 'function') return false; // cannot tell: let y-indexeddb open it
  return (await indexedDB.databases()).some((db) => db.name === name);
}

function open(name: string): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(name);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

function moveUndecodable(db: IDBDatabase): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const tx = db.transaction(['updates', 'custom'], 'readwrite');
    const custom = tx.objectStore('custom');
    const moved: string[] = [];
    const cursorRequest = tx.objectStore('updates').openCursor();
    cursorRequest.onsuccess = () => {
      const cursor = cursorRequest.result;
      if (!cursor) return;
      if (!decodes(cursor.value)) {
        const key = `${DAMAGED_PREFIX}${String(cursor.key)}`;
        custom.put(cursor.value, key);
        cursor.delete();
        moved.push(key);
      }
      cursor.continue();
    };
    tx.oncomplete = () => resolve(moved);
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error);
  });
}

function decodes(value: unknown): boolean {
  if (!(value instanceof Uint8Array)) return false;
  try {
    Y.decodeUpdate(value);
    return true;
  } catch {
    return false;
  }
}
