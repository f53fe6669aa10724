// The damaged-record check's IndexedDB part: records of y-indexeddb's `updates` store that do
// not decode as Yjs updates are moved aside (to the `custom` store, `damaged:<key>`, kept for
// the export), else y-indexeddb would fail the whole load on the first bad one and the app
// would never open. Decoding every record costs about what applying the log costs (1.4–2 s
// for 23 MB), so it runs in a worker (damaged-records.worker.ts, started by local-store-check.ts);
// this file touches neither the DOM nor localStorage, so both the worker and the page use it.
//
// It decodes only bytes it has not seen decode before (verified-records.ts: their SHA-256): a
// reload of a 100k-event fundraiser hashed 23 MB instead of decoding it (bench row 1). First a
// read-only pass: every record hashed, the unknown ones decoded. Only if one does not decode, the
// readwrite pass as before: every record decoded again, the undecodable ones moved aside.
import * as Y from 'yjs';
import { VERIFIED_KEY, sha256Of, verifiedHashes, verifiedList } from './verified-records';

const DAMAGED_PREFIX = 'damaged:';

/** What a check did: the new keys of the records it moved aside, and how many records it decoded. */
export interface DamagedCheck { keys: string[]; decoded: number }

const NOTHING: DamagedCheck = { keys: [], decoded: 0 };

/** Moves undecodable records of y-indexeddb's `updates` store aside. */
export async function setAsideDamaged(name: string): Promise<DamagedCheck> {
  if (!(await databaseExists(name))) return NOTHING; // opening it here would create it without y-indexeddb's stores
  const db = await open(name);
  try {
    if (!db.objectStoreNames.contains('updates') || !db.objectStoreNames.contains('custom')) return NOTHING;
    const decoded = await decodedIfAllDecode(db);
    return decoded === undefined ? await moveUndecodable(db) : { keys: [], decoded };
  } finally {
    db.close();
  }
}

/** How many records were decoded, if every record is bytes already seen to decode or decodes now; undefined otherwise. */
async function decodedIfAllDecode(db: IDBDatabase): Promise<number | undefined> {
  const { values, verified } = await readAll(db);
  if (!values.every((value): value is Uint8Array<ArrayBuffer> => value instanceof Uint8Array)) return undefined;
  const hashes = await sha256Of(values);
  let decoded = 0;
  for (const [i, value] of values.entries()) {
    if (hashes && verified.has(hashes[i]!)) continue;
    decoded++;
    if (!decodes(value)) return undefined;
  }
  if (hashes && (decoded > 0 || new Set(hashes).size < verified.size)) await remember(db, hashes);
  return decoded;
}

/** Every record of `updates` and the verified list, in one short readonly transaction. */
function readAll(db: IDBDatabase): Promise<{ values: unknown[]; verified: Set<string> }> {
  return new Promise((resolve, reject) => {
    const tx = db.transaction(['updates', 'custom'], 'readonly');
    const values = tx.objectStore('updates').getAll();
    const verified = tx.objectStore('custom').get(VERIFIED_KEY);
    tx.oncomplete = () => resolve({ values: values.result, verified: verifiedHashes(verified.result) });
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error);
  });
}

/** Stores the verified list; a failed write (a full disk) only means decoding these again next time. */
function remember(db: IDBDatabase, hashes: string[]): Promise<void> {
  return new Promise((resolve) => {
    const tx = db.transaction(['custom'], 'readwrite');
    tx.objectStore('custom').put(verifiedList(hashes), VERIFIED_KEY);
    tx.oncomplete = () => resolve();
    tx.onerror = () => resolve();
    tx.onabort = () => resolve();
  });
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

function moveUndecodable(db: IDBDatabase): Promise<DamagedCheck> {
  return new Promise((resolve, reject) => {
    const tx = db.transaction(['updates', 'custom'], 'readwrite');
    const custom = tx.objectStore('custom');
    const moved: string[] = [];
    let decoded = 0;
    const cursorRequest = tx.objectStore('updates').openCursor();
    cursorRequest.onsuccess = () => {
      const cursor = cursorRequest.result;
      if (!cursor) return;
      decoded++;
      if (!decodes(cursor.value)) {
        const key = `${DAMAGED_PREFIX}${String(cursor.key)}`;
        custom.put(cursor.value, key);
        cursor.delete();
        moved.push(key);
      }
      cursor.continue();
    };
    tx.oncomplete = () => resolve({ keys: moved, decoded });
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
