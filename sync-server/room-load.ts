// Replays a fundraiser's stored log into a fresh Y.Doc: the snapshot, then the updates in
// batches of one transaction each, yielding to the event loop in between so that a
// 30k-update log neither builds one giant transaction nor stalls every other room.
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import * as Y from 'yjs';
import { DocCorruptError, type DocStore } from './storage/doc-store.js';
import { LOAD_ORIGIN } from './origins.js';
import { ROOTS } from './validate-update.js';

const LOAD_BATCH = 500;

export async function loadDoc(docStore: DocStore, fid: string): Promise<{ doc: Y.Doc; lastSeq: number }> {
  const stored = await docStore.loadDoc(fid);
  const doc = new Y.Doc();
  for (const root of ROOTS) doc.getArray(root);
  if (stored.snapshot) applyStored(doc, fid, stored.snapshot, 'the snapshot');
  for (let i = 0; i < stored.updates.length; i += LOAD_BATCH) {
    const batch = stored.updates.slice(i, i + LOAD_BATCH);
    doc.transact(() => batch.forEach((update, k) => applyStored(doc, fid, update, `stored update ${i + k + 1} after the snapshot`)), LOAD_ORIGIN);
    await yieldToEventLoop();
  }
  // Only checked updates are stored, each complete on top of the ones before: a gap means a
  // record was lost or damaged outside the server. Serving the rest would show a truncated
  // document, and compaction would then write it over the log: refuse instead (quarantine).
  if (doc.store.pendingStructs || doc.store.pendingDs) {
    doc.destroy();
    throw new DocCorruptError(fid, 'the stored log leaves pending structs: a record is missing or damaged');
  }
  return { doc, lastSeq: stored.lastSeq };
}

function applyStored(doc: Y.Doc, fid: string, update: Uint8Array, what: string): void {
  try {
    Y.applyUpdate(doc, update, LOAD_ORIGIN);
  } catch (err) {
    throw new DocCorruptError(fid, `${what} does not decode (${(err as Error)?.message ?? String(err)})`);
  }
}
