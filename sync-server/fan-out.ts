// Several server processes on one PostgreSQL: each room loaded here follows what the others
// store. An announcement (doc, seq) makes the room pull from storage everything after the
// last sequence number it applied, so a gap (an announcement lost on the way) is filled by
// the next one. Two more ways to notice what was missed: after the announcement channel
// dropped and came back, every loaded room pulls; and a slow poll compares each loaded
// room's sequence with storage (one query), for the last update of a doc that then went
// quiet. The announcement is only a hint to look now; the sequence is the truth.
import type { Rooms } from './rooms.js';
import { sharedStorage, type StorageAdapter } from './storage/adapter.js';
import type { DocStore } from './storage/doc-store.js';

export const RECONCILE_INTERVAL_MS = 1_000;

/** Returns a function that stops the poll (the channel closes with the storage). */
export async function followOtherServers(
  storage: StorageAdapter, docStore: DocStore, rooms: Rooms, intervalMs = RECONCILE_INTERVAL_MS,
): Promise<() => void> {
  const shared = sharedStorage(storage);
  if (!shared) return () => {};
  const catchUpAll = () => {
    for (const fid of rooms.loaded()) void rooms.ifLoaded(fid, (room) => room.catchUp());
  };
  await shared.subscribeUpdates(({ doc, seq }) => void rooms.ifLoaded(doc, (room) => room.catchUp(seq)), catchUpAll);
  catchUpAll(); // rooms loaded before we listened may have missed announcements
  if (intervalMs <= 0) return () => {};
  let polling = false;
  const timer = setInterval(() => {
    if (polling) return;
    polling = true;
    void reconcile(docStore, rooms).finally(() => (polling = false));
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}

async function reconcile(docStore: DocStore, rooms: Rooms): Promise<void> {
  const fids = rooms.loaded();
  const seqs = await docStore.storedLastSeqs(fids).catch(() => undefined); // storage down: next tick
  seqs?.forEach((seq, i) => void rooms.ifLoaded(fids[i]!, (room) => room.catchUp(seq)));
}
