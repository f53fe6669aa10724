// When a room compacts its stored log. A compaction encodes the whole doc on the main thread
// and stores it, with the removal of every update it covers, in one write that the doc's
// next append waits behind. Measured with 2,000 website orders (a 624 KB state, on this
// 2-core machine under load 7): encode 7-20 ms and write 24-35 ms, against 4.6 ms for one
// order's commit. Started in the middle of a stream of orders (as it was, right after the
// update that made it due, before that batch was answered), the stall landed on the orders
// behind it: bench row 6's p99. Compaction is upkeep (load time, space), not urgent, so it
// waits for a quiet moment: no update applied for QUIET_MS. A log that grows to
// OVERDUE_FACTOR times past due (storage/compaction-policy.ts: count and bytes) without a
// quiet moment is compacted at once, as before.
import * as Y from 'yjs';
import type { DocStore } from './storage/doc-store.js';
import { SerialQueue } from './serial-queue.js';

export const COMPACTION_QUIET_MS = 100;
export const COMPACTION_OVERDUE_FACTOR = 2;

export class RoomCompaction {
  private running: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private immediate: NodeJS.Immediate | undefined;

  constructor(
    private readonly fid: string,
    private readonly doc: Y.Doc,
    private readonly docStore: DocStore,
    /** The live doc holds exactly the stored log up to this sequence number (at any turn boundary). */
    private readonly appliedSeq: () => number,
    private readonly log: (message: string, err: unknown) => void,
    private readonly unloadWrites: SerialQueue = new SerialQueue(),
  ) {}

  /** After every update applied to the live doc: compact later, when quiet, or (overdue) as
   *  soon as the update's own command has been answered: on the next turn of the event loop. */
  applied(): void {
    if (this.running) return;
    this.cancel();
    if (this.docStore.needsCompaction(this.fid, COMPACTION_OVERDUE_FACTOR)) return void (this.immediate = setImmediate(() => this.start()));
    if (!this.docStore.needsCompaction(this.fid)) return;
    this.timer = setTimeout(() => this.start(), COMPACTION_QUIET_MS);
    this.timer.unref();
  }

  /** Before the doc is freed: waits for a running compaction, and runs one that is due. With
   *  `readModel` (the website's, if a projection is attached), stores it unless it is current.
   *  Rooms unload in bursts (idle timers set together, a shutdown), so these writes take turns
   *  in `unloadWrites`: a thousand read models encoded and queued for the writer thread at once
   *  left glibc holding hundreds of MB after they were freed (bench row 7). */
  async close(readModel?: () => Uint8Array | undefined): Promise<void> {
    this.cancel();
    await this.running;
    const wantsModel = readModel !== undefined && !this.docStore.readModelCurrent(this.fid);
    if (!wantsModel && !this.docStore.needsCompaction(this.fid)) return;
    await this.unloadWrites.run(async () => {
      const model = wantsModel ? this.encodeReadModel(readModel) : undefined;
      if (this.docStore.needsCompaction(this.fid)) this.start(model);
      else if (model) this.track(this.docStore.saveReadModel(this.fid, model, this.appliedSeq()), 'storing the read model');
      await this.running;
    });
  }

  // Called at a turn boundary (never inside an apply), so the doc's state is the stored log
  // up to appliedSeq: no re-reading and merging of the whole log from storage.
  private start(readModel?: Uint8Array): void {
    this.cancel();
    if (this.running) return;
    const merged = Y.encodeStateAsUpdate(this.doc);
    this.track(this.docStore.compact(this.fid, merged, this.appliedSeq(), readModel), 'compaction');
  }

  /** The room is freed whatever happens here: a model that cannot be made is left out (logged). */
  private encodeReadModel(readModel: () => Uint8Array | undefined): Uint8Array | undefined {
    try {
      return readModel();
    } catch (err) {
      this.log(`fundraiser ${this.fid}: building the read model failed`, err);
      return undefined;
    }
  }

  private track(work: Promise<unknown>, what: string): void {
    this.running = work
      .then(() => undefined, (err) => this.log(`fundraiser ${this.fid}: ${what} failed`, err))
      .finally(() => (this.running = undefined));
  }

  private cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.immediate) clearImmediate(this.immediate);
    this.timer = this.immediate = undefined;
  }
}
