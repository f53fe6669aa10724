// The website's reads (its catalog, a customer's order) for a fundraiser whose room is not
// loaded come from the read model the room stored when it was unloaded, as long as nothing
// was stored after it: opening the room would decode its Y.Doc and fold its whole log (a
// 100k-event fundraiser: over a second, and its memory). A loaded room answers from its live
// projection. Restored models stay in memory while read, and are let go like idle rooms.
import type { DocStore } from '../storage/doc-store';
import { projectionOf } from '../projections';
import {
  BadReadModelError, decodeWebsiteReadModel, liveWebsiteView, type StoredWebsiteView, type WebsiteView,
} from '../website-read-model';
import type { RoomAccess } from './fundraisers';

export interface ReadableRooms extends RoomAccess {
  isLoaded(fid: string): boolean;
  unloaded(fid: string): Promise<void>;
  isQuarantined(fid: string): boolean;
}

interface Restored {
  seq: number;
  view: StoredWebsiteView;
  timer: NodeJS.Timeout;
}

export class WebsiteReads {
  private readonly restored = new Map<string, Restored>();
  private readonly restoring = new Map<string, Promise<StoredWebsiteView | undefined>>();

  constructor(
    private readonly rooms: ReadableRooms,
    private readonly docStore: DocStore,
    private readonly idleMs: number,
    private readonly log: (message: string, err?: unknown) => void,
  ) {}

  async read<T>(fid: string, fn: (view: WebsiteView) => T): Promise<T> {
    await this.rooms.unloaded(fid); // a read during an unload takes the model it stores, not a reload
    // A damaged fundraiser answers 503 through its room, as its commands do.
    if (this.rooms.isLoaded(fid) || this.rooms.isQuarantined(fid)) return this.live(fid, fn);
    const stored = await this.stored(fid);
    if (stored) {
      try {
        return fn(stored);
      } catch (err) {
        if (!(err instanceof BadReadModelError)) throw err;
        this.notUsable(fid, err);
      }
    }
    return this.live(fid, fn);
  }

  /** How many restored models are held (tests, the bench). */
  get size(): number {
    return this.restored.size;
  }

  private live<T>(fid: string, fn: (view: WebsiteView) => T): Promise<T> {
    return this.rooms.use(fid, async (room) => fn(liveWebsiteView(projectionOf(room.doc))));
  }

  private async stored(fid: string): Promise<StoredWebsiteView | undefined> {
    const held = this.restored.get(fid);
    if (held && (await this.docStore.coversLog(fid, held.seq))) return this.keep(fid, held).view;
    this.forget(fid);
    // Reads that arrive together share one restore (a 100k-event model takes tens of ms to parse).
    let restoring = this.restoring.get(fid);
    if (!restoring) {
      restoring = this.restore(fid).finally(() => this.restoring.delete(fid));
      this.restoring.set(fid, restoring);
    }
    return restoring;
  }

  private async restore(fid: string): Promise<StoredWebsiteView | undefined> {
    const record = await this.docStore.loadReadModel(fid);
    if (!record) return undefined;
    try {
      const view = decodeWebsiteReadModel(record.data);
      if (!this.rooms.isLoaded(fid)) this.keep(fid, { seq: record.seq, view });
      return view;
    } catch (err) {
      if (!(err instanceof BadReadModelError)) throw err;
      return void this.notUsable(fid, err);
    }
  }

  /** The room answers instead, and stores a sound model when it is next unloaded. */
  private notUsable(fid: string, err: BadReadModelError): void {
    this.forget(fid);
    this.docStore.readModelDamaged(fid);
    this.log(`fundraiser ${fid}: ${err.message}; reading from the full room`);
  }

  private keep(fid: string, entry: { seq: number; view: StoredWebsiteView; timer?: NodeJS.Timeout }): Restored {
    clearTimeout(entry.timer);
    const timer = setTimeout(() => this.restored.get(fid) === kept && this.restored.delete(fid), this.idleMs);
    timer.unref();
    const kept: Restored = { seq: entry.seq, view: entry.view, timer };
    this.restored.set(fid, kept);
    return kept;
  }

  private forget(fid: string): void {
    clearTimeout(this.restored.get(fid)?.timer);
    this.restored.delete(fid);
  }
}
