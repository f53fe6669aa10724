// A device whose offline writes are more than one message may carry (client/device/chunked-sync.ts):
// its answer to the server's sync step 1 goes as one update per writer, in dependency order,
// so it syncs instead of being closed with 4413 (after which the stock provider gives up).
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { splitLargeSyncAnswers } from '../../client/device/chunked-sync';
import { CloseCode } from '../../sync-server/shared/protocol';
import {
  closedAfterEach, CLERK, FID, ids, MANAGER, placedBy, providerClosed, synced, waitForDoc,
} from './helpers';

const LIMIT = 16 * 1024;
const { start, device } = closedAfterEach(MANAGER);

/** Offline writes of three writers in turn, ids rising (Yjs lists state vectors by falling id,
 *  so sending writers in that order would send each before the one it appends after). */
function offlineClerk(perWriter: number): { doc: Y.Doc; written: unknown[] } {
  const doc = new Y.Doc();
  const written: unknown[] = [];
  for (const clientID of [101, 202, 303]) {
    doc.clientID = clientID;
    for (let i = 0; i < perWriter; i++) {
      const event = placedBy(CLERK);
      written.push(event);
      doc.getArray('replicated').push([event]);
    }
  }
  return { doc, written };
}

describe('offline writes over the message limit', () => {
  it('are sent as updates of whole writers in dependency order, and all reach the server', async () => {
    const ts = await start({ limits: { maxMessageBytes: LIMIT } });
    const { doc, written } = offlineClerk(30);
    expect(Y.encodeStateAsUpdate(doc).byteLength).toBeGreaterThan(LIMIT);
    const clerk = device(ts, CLERK, doc);
    splitLargeSyncAnswers(clerk.provider, LIMIT);
    await synced(clerk);
    await ts.server.rooms.use(FID, (room) => waitForDoc(room.doc, (d) => d.getArray('replicated').length === written.length));
    const server = await ts.server.rooms.use(FID, async (room) => ids(room.doc.getArray('replicated').toArray()));
    expect(server).toEqual(ids(written));
    expect(clerk.provider.wsconnected).toBe(true);
  });

  it('without the split, the stock answer is one message over the limit: closed with 4413', async () => {
    const ts = await start({ limits: { maxMessageBytes: LIMIT } });
    const clerk = device(ts, CLERK, offlineClerk(30).doc);
    expect((await providerClosed(clerk)).code).toBe(CloseCode.tooLarge);
  });
});
