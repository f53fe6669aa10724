// The damaged-record check's IndexedDB part: records of y-indexeddb's `updates` store that do
// not decode as Yjs updates are moved aside (to the `custom` store, `damaged:<key>`, kept for
// the export), else y-indexeddb would fail the whole load on the first bad one and the app
// would never open. Decoding every record costs about what applying the log costs (1.4–2 s
// for 23 MB), so it runs in a worker (damaged-records.worker.ts, started by local-store-check.ts);
// this file touches neither the DOM nor localStorage, so both the worker and the page use it.
import * as Y from 'yjs';

const DAMAGED_PREFIX = 'damaged:';

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
