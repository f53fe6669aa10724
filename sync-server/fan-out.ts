// Several server processes on one PostgreSQL: each room loaded here follows what the others
// store. An announcement (doc, seq) makes the room pull from storage everything after the
// last sequence number it applied; a possibly missed announcement (the LISTEN connection
// dropped) makes every loaded room do so. Pulling by sequence number is what closes gaps:
// the announcement is only a hint to look now.
import type { Rooms } from './rooms.js';
import { sharedStorage, type StorageAdapter } from './storage/adapter.js';

export async function followOtherServers(storage: StorageAdapter, rooms: Rooms): Promise<void> {
  const shared = sharedStorage(storage);
  if (!shared) return;
  const catchUpAll = () => {
    for (const fid of rooms.loaded()) void rooms.ifLoaded(fid, (room) => room.catchUp());
  };
  // Stopped by storage.close(), which the server's shutdown calls last.
  await shared.subscribeUpdates(({ doc, seq }) => void rooms.ifLoaded(doc, (room) => room.catchUp(seq)), catchUpAll);
  catchUpAll(); // rooms loaded before we listened may have missed announcements
}
