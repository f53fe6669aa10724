// Row 1's website figure: GET catalog + GET order of a big fundraiser whose room is not loaded,
// answered from the read model the product stored when the room idled out. Each measured read
// starts cold, as after a restart: a fresh DocStore (no cached log state) and a fresh
// WebsiteReads (no restored view), so it pays the SQLite read, the freshness check, the decode
// and zod check of the model, the catalog and one order's parse.
import * as Y from 'yjs';
import type { Fundraisers } from '../../sync-server/api/fundraisers';
import type { SyncServer } from '../../sync-server/server';
import { DocStore } from '../../sync-server/storage/doc-store';
import { figure, paired } from '../harness';
import type { Figure, RowContext } from '../harness';
import { startApp } from '../support/app';
import { docOf, parseAndReduce } from '../support/events';
import type { Log } from '../support/events';
import {
  assertReadModels, liveAnswer, nameFundraiser, readCatalogAndOrder, roomsUnloaded, websiteSide,
} from '../support/website';
import type { WebsiteAnswer } from '../support/website';

const FID = 'big';

export async function websiteRead(ctx: RowContext, log: Log, json: string, baselineLabel: string, notes: string[]): Promise<Figure> {
  const bench = await startApp({ syncOptions: { idleUnloadMs: 200 } });
  try {
    const server = bench.app.server;
    const snapshot = Y.encodeStateAsUpdate(docOf(log));
    await server.docStore.appendUpdate(FID, snapshot);
    await server.docStore.compactNow(FID); // as row 1's full open: one compacted snapshot
    await nameFundraiser(server, FID);
    const { orderId, expected } = await storeReadModel(bench.app.fundraisers, server);
    const modelBytes = await assertReadModels(server.docStore, [FID]);
    const read = async () => {
      const side = websiteSide(server, new DocStore(server.storage));
      const answer = await readCatalogAndOrder(side.fundraisers, FID, orderId);
      // From the stored model (a restored view is held), never by loading the room.
      if (side.reads.size !== 1 || server.rooms.loaded().length !== 0) throw new Error('the website read loaded the room');
      return answer;
    };
    const first = await read();
    if (JSON.stringify(first) !== JSON.stringify(expected)) throw new Error('the stored read model answers differently from the live projection');
    notes.push(`server, website read: the product stored the read model (a website read loaded the room with its projection; the room stored it on idle unload): ${(modelBytes / 1e6).toFixed(1)} MB, vs the ${(snapshot.length / 1e6).toFixed(1)} MB Yjs snapshot; ${expected.catalog!.items.length} catalog items`);
    notes.push('server, website read: each run builds a fresh DocStore + WebsiteReads + Fundraisers (cold, as after a restart), then Fundraisers.readWebsite for the catalog and for one order: meta record, SQLite read, freshness check (no update stored after the model: the key of the last update row, one index probe, no data), JSON + zod decode of the model, catalog, one order parsed; answers checked equal to the live projection\'s; no room loaded');
    const { value, base } = await paired(ctx.runs, read, () => parseAndReduce(json));
    return figure({ label: 'server: website read of an unloaded fundraiser (stored read model → catalog + one order)', value, baseline: base, baselineLabel, limit: 1.0 });
  } finally {
    await bench.close();
  }
}

/** The product's path: a read loads the room and attaches the projection; the room stores the model as it idles out. */
async function storeReadModel(fundraisers: Fundraisers, server: SyncServer): Promise<{ orderId: string; expected: WebsiteAnswer }> {
  const picked = await fundraisers.read(FID, (projection) => {
    const orders = projection.orders();
    const order = orders[orders.length >> 1];
    if (!order) throw new Error('the fundraiser has no orders');
    return { orderId: order.orderId, expected: liveAnswer(projection, order) };
  });
  if (!picked) throw new Error(`fundraiser ${FID} is unknown to the website`);
  await roomsUnloaded(server);
  return picked;
}
