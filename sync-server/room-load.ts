// Replays a fundraiser's stored log into a fresh Y.Doc: the snapshot, then the updates in
// batches of one transaction each, yielding to the event loop in between so that a
// 30k-update log neither builds one giant transaction nor stalls every other room.
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import * as Y from 'yjs';
import type { DocStore } from './storage/doc-store.js';
import { LOAD_ORIGIN } from './origins.js';
import { ROOTS } from './validate-update.js';

const LOAD_BATCH = 500;

export async function loadDoc(docStore: DocStore, fid: string): Promise<{ doc: Y.Doc; lastSeq: number }> {
  const stored = await docStore.loadDoc(fid);
  const doc = new Y.Doc();
  for (const root of ROOTS) doc.getArray(root);
  if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot, LOAD_ORIGIN);
  for (let i = 0; i < stored.updates.length; i += LOAD_BATCH) {
    const batch = stored.updates.slice(i, i + LOAD_BATCH);
    doc.transact(() => batch.forEach((update) => Y.applyUpdate(doc, update, LOAD_ORIGIN)), LOAD_ORIGIN);
    await yieldToEventLoop();
  }
  if (doc.store.pendingStructs || doc.store.pendingDs) {
    // Only checked updates are stored, each complete on top of the ones before; if this
    // happens the log was damaged outside the server. Serve what is there, loudly.
    console.error(`[sync-server] fundraiser ${fid}: stored log leaves pending structs; it is incomplete`);
  }
  return { doc, lastSeq: stored.lastSeq };
}
