// The website's read path as app.ts wires it (WebsiteReads inside Fundraisers.readWebsite,
// which website-api.ts calls for GET catalog and GET order), built here so the bench can start
// it cold and see what it holds; and the product's own way of storing a read model: a website
// read loads the room with its projection, and the room stores the model when it idles out.
import type { OrderView, Projection } from '../../domain';
import { Fundraisers } from '../../sync-server/api/fundraisers';
import { FundraiserMeta } from '../../sync-server/api/meta';
import { WebsiteReads } from '../../sync-server/api/website-reads';
import type { SyncServer } from '../../sync-server/server';
import type { DocStore } from '../../sync-server/storage/doc-store';
import { catalogView, customerView } from '../../sync-server/website-read-model';
import type { CatalogView, CustomerOrder } from '../../sync-server/website-read-model';

export interface WebsiteSide {
  reads: WebsiteReads;
  fundraisers: Fundraisers;
}

/** Over `docStore`: the server's own (what it knows of each log), or a fresh one (a restart).
 *  Restored models are held `idleMs` after their last read (app.ts: the rooms' idle time). */
export function websiteSide(server: SyncServer, docStore: DocStore, idleMs = server.rooms.idleUnloadMs): WebsiteSide {
  const reads = new WebsiteReads(server.rooms, docStore, idleMs, server.log);
  return { reads, fundraisers: new Fundraisers(server.rooms, server.records, server.storage, 'server', { websiteReads: reads }) };
}

/** What a customer's two GETs answer: the catalog, then their order. */
export interface WebsiteAnswer {
  catalog: CatalogView | undefined;
  order: CustomerOrder | undefined;
}

export async function readCatalogAndOrder(fundraisers: Fundraisers, fid: string, orderId: string): Promise<WebsiteAnswer> {
  const catalog = await fundraisers.readWebsite(fid, (site) => site.catalog());
  const order = await fundraisers.readWebsite(fid, (site) => site.order(orderId));
  return { catalog, order };
}

/** Fundraisers exist for the website only with a name on record (FundraiserMeta). */
export function nameFundraiser(server: SyncServer, fid: string): Promise<void> {
  return new FundraiserMeta(server.storage).put({ id: fid, name: `Bench fundraiser ${fid}` });
}

/** The answers the live projection gives, to check the stored model against. */
export function liveAnswer(projection: Projection, order: OrderView): WebsiteAnswer {
  return { catalog: catalogView(projection), order: customerView(order, projection) };
}

/** Waits (by polling: the bench has no event for it) until no room is loaded. */
export async function roomsUnloaded(server: SyncServer, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (server.rooms.loaded().length > 0) {
    if (Date.now() > deadline) throw new Error(`rooms still loaded after ${timeoutMs} ms: ${server.rooms.loaded().length}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Throws unless each fundraiser has a read model covering its whole stored log. */
export async function assertReadModels(docStore: DocStore, fids: readonly string[]): Promise<number> {
  let bytes = 0;
  for (const fid of fids) {
    const record = await docStore.loadReadModel(fid);
    if (!record) throw new Error(`fundraiser ${fid}: no current read model stored after its room unloaded`);
    bytes += record.data.byteLength;
  }
  return bytes;
}
