// The read-model snapshot in IndexedDB, beside the Yjs log it was folded from: one record in
// y-indexeddb's `custom` store, holding the read model (read-model.ts) and what it covers —
// the position in y-indexeddb's `updates` store (its last key and how many records reached
// it) and the Yjs snapshot (state vector + delete set) of the doc it was built from.
//
// Exactness: the record is written in ONE readwrite transaction over `updates` and `custom`.
// IndexedDB runs readwrite transactions over overlapping stores in the order they were created,
// and y-indexeddb creates the transaction storing each doc update synchronously in the doc's
// `update` event, so every update the doc holds is in the store when this transaction reads
// the last key. Records this doc did not load itself (another tab's) must be covered by the
// doc's state vector, else nothing is written. On open the snapshot is used only if the store
// still holds exactly those records, plus only empty updates after them (y-indexeddb adds
// one, the encoded empty doc, on every open); anything else — a later write, a trim, a record
// set aside as damaged, a wiped store, an unparsable record — falls back to the full load.
import { z } from 'zod';
import * as Y from 'yjs';
import { databaseExists } from './damaged-records';
import { ReadModelSchema, readModelOf } from './read-model';
import type { ReadModel } from './read-model';
import type { Projection } from '../../domain';

export const SNAPSHOT_KEY = 'read-model-snapshot';
/** More empty updates than this after the covered position: not worth checking, full load. */
const MAX_TRAILING = 32;

export interface Covers { position: number; count: number; yjs: Uint8Array }
export interface StoredSnapshot { model: ReadModel; covers: Covers }
export type SnapshotRead = { ok: true; snapshot: StoredSnapshot } | { ok: false; reason: string };

const CoversSchema = z.object({ position: z.number().int().min(0), count: z.number().int().min(1), yjs: z.instanceof(Uint8Array) });
const RecordSchema = z.object({ covers: CoversSchema, model: z.unknown(), writtenAt: z.string() });

/** The snapshot, if it covers exactly what the `updates` store holds; never throws. */
export async function readSnapshot(dbName: string): Promise<SnapshotRead> {
  try {
    if (!(await databaseExists(dbName))) return { ok: false, reason: 'no stored copy' };
    const db = await openExisting(dbName);
    try {
      if (!db.objectStoreNames.contains('updates') || !db.objectStoreNames.contains('custom')) return { ok: false, reason: 'no stored copy' };
      return checked(await readCovered(db));
    } finally {
      db.close();
    }
  } catch (error) {
    return { ok: false, reason: `unreadable (${String(error)})` };
  }
}

interface RawRead { record: unknown; countUpTo?: number; trailing?: unknown[] }

function readCovered(db: IDBDatabase): Promise<RawRead> {
  return new Promise((resolve, reject) => {
    const tx = db.transaction(['updates', 'custom'], 'readonly');
    const raw: RawRead = { record: undefined };
    const get = tx.objectStore('custom').get(SNAPSHOT_KEY);
    get.onsuccess = () => {
      raw.record = get.result;
      const covers = CoversSchema.safeParse((get.result as { covers?: unknown } | undefined)?.covers);
      if (!covers.success) return;
      const updates = tx.objectStore('updates');
      const count = updates.count(IDBKeyRange.upperBound(covers.data.position));
      count.onsuccess = () => { raw.countUpTo = count.result; };
      const later = updates.getAll(IDBKeyRange.lowerBound(covers.data.position, true), MAX_TRAILING + 1);
      later.onsuccess = () => { raw.trailing = later.result; };
    };
    tx.oncomplete = () => resolve(raw);
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error);
  });
}

function checked(raw: RawRead): SnapshotRead {
  if (raw.record === undefined) return { ok: false, reason: 'no snapshot' };
  const record = RecordSchema.safeParse(raw.record);
  if (!record.success) return { ok: false, reason: 'damaged snapshot' };
  const { covers } = record.data;
  if (raw.countUpTo !== covers.count) return { ok: false, reason: 'the stored log changed below the snapshot' };
  const trailing = raw.trailing ?? [];
  if (trailing.length > MAX_TRAILING || !trailing.every(isEmptyUpdate)) return { ok: false, reason: 'updates stored after the snapshot' };
  const model = ReadModelSchema.safeParse(record.data.model);
  if (!model.success) return { ok: false, reason: 'damaged or older snapshot' };
  return { ok: true, snapshot: { model: model.data, covers } };
}

function isEmptyUpdate(value: unknown): boolean {
  if (!(value instanceof Uint8Array)) return false;
  try {
    const { structs, ds } = Y.decodeUpdate(value);
    return structs.length === 0 && ds.clients.size === 0;
  } catch {
    return false;
  }
}

/**
 * Writes the projection's read model with what it covers. `loadedBelow`: the doc holds every
 * record of `updates` below this key (y-indexeddb's `_dbref`). Resolves false if not written.
 */
export function writeSnapshot(db: IDBDatabase, doc: Y.Doc, projection: Projection, loadedBelow: number): Promise<boolean> {
  const model = readModelOf(projection);
  const yjs = Y.encodeSnapshot(Y.snapshot(doc));
  const state = Y.decodeStateVector(Y.encodeStateVector(doc));
  return new Promise((resolve) => {
    let written = false;
    const tx = db.transaction(['updates', 'custom'], 'readwrite');
    const updates = tx.objectStore('updates');
    const cursor = updates.openCursor(IDBKeyRange.lowerBound(loadedBelow));
    let position = -1;
    cursor.onsuccess = () => {
      const at = cursor.result;
      if (at) {
        if (!coveredBy(at.value, state)) return tx.abort(); // another tab's write this doc lacks
        position = Number(at.key);
        return at.continue();
      }
      const last = position >= 0 ? undefined : updates.openCursor(null, 'prev');
      const put = (key: number) => {
        const count = updates.count(IDBKeyRange.upperBound(key));
        count.onsuccess = () => {
          tx.objectStore('custom').put({ covers: { position: key, count: count.result, yjs }, model, writtenAt: new Date().toISOString() }, SNAPSHOT_KEY);
          written = true;
        };
      };
      if (!last) return put(position);
      last.onsuccess = () => { if (last.result) put(Number(last.result.key)); };
    };
    tx.oncomplete = () => resolve(written);
    tx.onerror = () => resolve(false);
    tx.onabort = () => resolve(false);
  });
}

function coveredBy(value: unknown, state: Map<number, number>): boolean {
  if (!(value instanceof Uint8Array)) return false;
  try {
    const { to } = Y.parseUpdateMeta(value);
    return [...to].every(([client, clock]) => (state.get(client) ?? 0) >= clock);
  } catch {
    return false;
  }
}

function openExisting(name: string): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(name);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

/** Whether the loaded doc holds exactly what the snapshot covered (state vector and deletions). */
export function coversDoc(covers: Covers, doc: Y.Doc): boolean {
  try {
    return Y.equalSnapshots(Y.decodeSnapshot(covers.yjs), Y.snapshot(doc));
  } catch {
    return false;
  }
}
