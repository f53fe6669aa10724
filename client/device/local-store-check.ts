// Is this device's copy whole? IndexedDB can be wiped (the browser evicts it, the user clears
// site data) or hold records that no longer decode. Neither may go unnoticed, nor may a damaged
// record stop the app from opening with everything that still reads. Three checks:
//
// - before y-indexeddb loads: records of the `updates` store that do not decode as Yjs updates
//   are moved aside (to the `custom` store, `damaged:<key>`, kept for the export), else y-indexeddb
//   would fail the whole load on the first bad one and the app would never open; in a worker
//   (damaged-records.ts), as decoding every record holds a thread for seconds at 100k events;
//   bytes it has seen decode before (their SHA-256, verified-records.ts) are not decoded again;
// - after loading: localStorage remembers how many events this device held (written after each
//   transaction); fewer loaded means the store lost some;
// - this device's own clientIDs: client-id.ts records the clock each reached; a clock ahead of
//   what loaded means own writes are missing. Once a sync brings them back from the server,
//   the report says they are recovered; what stays missing never reached the server.
import { z } from 'zod';
import * as Y from 'yjs';
import { setAsideDamaged } from './damaged-records';
import type { DamagedCheck } from './damaged-records';
import { STORAGE_PREFIX, readStored, removeStored, writeStored } from './stored';

export interface OwnClock { clientId: number; recorded: number }

export interface LocalStoreFindings {
  damagedKeys: string[];
  /** Where the damaged-record check ran. */
  damagedCheck: DamagedCheckPlace;
  /** How many stored records it decoded (the others' bytes were seen to decode before: verified-records.ts). */
  damagedCheckDecoded: number;
  expectedEvents: number | undefined;
  loadedEvents: number;
  /** Own clientIDs whose recorded clock is ahead of what loaded. */
  ownAhead: OwnClock[];
}

export type LocalStoreStatus =
  | { kind: 'ok' }
  | { kind: 'damaged' | 'recovered' | 'lost'; text: string };

const countKey = (fid: string) => `${STORAGE_PREFIX}:local-events:${fid}`;

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

/** Where the damaged-record check ran: in a worker, or on the main thread where no worker could. */
export type DamagedCheckPlace = 'worker' | 'main';

const WorkerReply = z.union([z.object({ ok: z.literal(true), keys: z.array(z.string()), decoded: z.number().int().min(0) }), z.object({ ok: z.literal(false), error: z.string() })]);

/**
 * Sets damaged records aside (damaged-records.ts) in a worker, so that decoding every stored
 * record does not hold the main thread; on the main thread where a worker is unavailable or
 * fails (its transaction is all or nothing, so running the check again is safe).
 */
export async function setAsideDamagedRecords(name: string): Promise<DamagedCheck & { place: DamagedCheckPlace }> {
  const inWorker = await inDamagedWorker(name).catch(() => undefined);
  if (inWorker) return { ...inWorker, place: 'worker' };
  return { ...(await setAsideDamaged(name)), place: 'main' };
}

function inDamagedWorker(name: string): Promise<DamagedCheck> {
  if (typeof Worker !== 'function') return Promise.reject(new Error('no Worker'));
  const worker = new Worker(new URL('./damaged-records.worker.ts', import.meta.url), { type: 'module' });
  return new Promise<DamagedCheck>((resolve, reject) => {
    worker.onmessage = (event: MessageEvent) => {
      const reply = WorkerReply.safeParse(event.data);
      if (reply.success && reply.data.ok) resolve({ keys: reply.data.keys, decoded: reply.data.decoded });
      else reject(new Error(reply.success && !reply.data.ok ? reply.data.error : 'unreadable reply'));
    };
    worker.onerror = (event) => reject(new Error(event.message || 'worker failed'));
    worker.onmessageerror = () => reject(new Error('unreadable reply'));
    worker.postMessage({ name });
  }).finally(() => worker.terminate());
}
