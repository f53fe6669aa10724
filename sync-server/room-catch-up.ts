// A device's catch-up (the answer to its sync step 1) served from the bytes of the updates
// the live doc applied since the room loaded, instead of re-encoding every element the device
// lacks from the Y.Doc (Y.encodeStateAsUpdate writes each JSON event again with lib0's
// writeAny: the largest single cost on the server thread when a device comes back after a
// long offline run, bench row 4).
//
// Every update the live doc applies is already stored (room.ts: checked → stored → applied),
// and Yjs hands us its bytes on the 'update' event, so keeping them costs no encoding. A
// device whose state vector covers everything before the kept updates is sent the kept
// updates it lacks anything of, as they are (Yjs skips what it already holds), in the order
// the server applied them, and then a sync step 2 with no structs (only the delete set),
// which marks it synced. Many small updates (website batches, single bookings) in what a
// device lacks are merged into one, once, on the first catch-up that needs it (Yjs merges
// update bytes; the big updates stay as they are). Otherwise, or when that would still take
// too many frames, the room encodes the step 2 from the doc as before.
import * as Y from 'yjs';
import { CatchUpBudget, type BudgetedTail } from './catch-up-budget.js';
import { encodeSyncStep2, encodeUpdateMessage } from './sync-messages.js';

interface Kept {
  update: Uint8Array;
  /** When it was kept, across every room of the process (CatchUpBudget evicts the oldest first). */
  stamp: number;
  /** The clock each client wrote up to in this update (clients it did not write: absent). */
  wrote: Map<number, number>;
}

export interface CatchUpLimits {
  /** Bytes of updates kept per room; the oldest go first. */
  maxBytes: number;
  /** Past this many frames a catch-up is encoded from the doc (each frame is a transaction on the device). */
  maxFrames: number;
}

export const CATCH_UP_LIMITS: CatchUpLimits = { maxBytes: 8 * 1024 * 1024, maxFrames: 64 };

/** A tail with no budget but its own (tests, tools). */
const UNBOUNDED = () => new CatchUpBudget(Number.POSITIVE_INFINITY);
/** Updates below this size are merged with their small neighbours when a catch-up takes too many frames. */
const SMALL_BYTES = 64 * 1024;
/** A merged update stays below this, so a device is rarely sent much it already has. */
const MERGED_MAX_BYTES = 1024 * 1024;

export class CatchUpTail implements BudgetedTail {
  private kept: Kept[] = [];
  private bytes = 0;
  /** The doc's state before the first kept update. */
  private readonly base: Map<number, number>;

  private readonly onUpdate = (update: Uint8Array, _origin: unknown, _doc: Y.Doc, tr: Y.Transaction) => this.record(update, tr);

  constructor(
    private readonly doc: Y.Doc,
    private readonly limits: CatchUpLimits = CATCH_UP_LIMITS,
    private readonly budget: CatchUpBudget = UNBOUNDED(),
  ) {
    this.base = Y.decodeStateVector(Y.encodeStateVector(doc));
    doc.on('update', this.onUpdate);
    budget.join(this);
  }

  get oldestStamp(): number | undefined {
    return this.kept[0]?.stamp;
  }

  /** Stops keeping updates and gives its bytes back to the budget (the room is closing). */
  dispose(): void {
    this.doc.off('update', this.onUpdate);
    this.budget.leave(this, this.bytes);
    this.kept = [];
    this.bytes = 0;
  }

  /** The frames that bring a device at `stateVector` up to the live doc, ending with a sync step 2. */
  answer(stateVector: Uint8Array): Uint8Array[] {
    const theirs = Y.decodeStateVector(stateVector);
    let missing = this.missing(theirs);
    if (missing && missing.length >= this.limits.maxFrames) {
      this.mergeSmallFrom(this.kept.indexOf(missing[0]!));
      missing = this.missing(theirs);
    }
    if (!missing || missing.length >= this.limits.maxFrames) return [encodeSyncStep2(this.doc, stateVector)];
    const frames = missing.map((k) => encodeUpdateMessage(k.update));
    // After the kept updates the device holds every struct of the doc: only the delete set is left.
    frames.push(encodeSyncStep2(this.doc, Y.encodeStateVector(this.doc)));
    return frames;
  }

  /** The kept updates a device at `theirs` lacks anything of; undefined if it lacks what came before them. */
  private missing(theirs: Map<number, number>): Kept[] | undefined {
    return covers(theirs, this.base) ? this.kept.filter((k) => !covers(theirs, k.wrote)) : undefined;
  }

  /** Merges runs of adjacent small updates from `index` on; their order among the others is kept. */
  private mergeSmallFrom(index: number): void {
    const merged = this.kept.slice(0, index);
    let run: Kept[] = [];
    let runBytes = 0;
    const flush = () => {
      merged.push(...(run.length > 1 ? [mergeKept(run)] : run));
      run = [];
      runBytes = 0;
    };
    for (const k of this.kept.slice(index)) {
      if (k.update.byteLength >= SMALL_BYTES || runBytes + k.update.byteLength > MERGED_MAX_BYTES) flush();
      if (k.update.byteLength >= SMALL_BYTES) merged.push(k);
      else (run.push(k), (runBytes += k.update.byteLength));
    }
    flush();
    this.kept = merged;
    const before = this.bytes;
    this.bytes = merged.reduce((sum, k) => sum + k.update.byteLength, 0);
    this.budget.changed(this.bytes - before);
  }

  private record(update: Uint8Array, tr: Y.Transaction): void {
    const wrote = new Map<number, number>();
    for (const [client, after] of tr.afterState) if (after > (tr.beforeState.get(client) ?? 0)) wrote.set(client, after);
    this.kept.push({ update, wrote, stamp: this.budget.stamp() });
    this.bytes += update.byteLength;
    let forgotten = 0;
    while (this.bytes > this.limits.maxBytes && this.kept.length > 0) forgotten += this.forgetOldest();
    this.budget.changed(update.byteLength - forgotten);
  }

  /** Forgets the oldest kept update (a device lacking it is then answered from the doc); its bytes.
   *  The caller accounts for them in the budget. */
  forgetOldest(): number {
    const oldest = this.kept.shift();
    if (!oldest) return 0;
    this.bytes -= oldest.update.byteLength;
    for (const [client, clock] of oldest.wrote) this.base.set(client, Math.max(clock, this.base.get(client) ?? 0));
    return oldest.update.byteLength;
  }
}

function mergeKept(run: Kept[]): Kept {
  const wrote = new Map<number, number>();
  for (const k of run) for (const [client, clock] of k.wrote) wrote.set(client, Math.max(clock, wrote.get(client) ?? 0));
  return { update: Y.mergeUpdates(run.map((k) => k.update)), wrote, stamp: run[0]!.stamp };
}

/** Whether a device at `theirs` holds every struct below the clocks in `clocks`. */
function covers(theirs: Map<number, number>, clocks: Map<number, number>): boolean {
  for (const [client, clock] of clocks) if ((theirs.get(client) ?? 0) < clock) return false;
  return true;
}
