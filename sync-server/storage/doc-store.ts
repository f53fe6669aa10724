// Policy above the StorageAdapter: each fundraiser's Yjs document is an append-only log of
// updates plus, after compaction, one snapshot covering a prefix of that log.
//
//   ['doc', name, 'u', seqKey(n)]  update n (n = 1, 2, …; never reused, survives restarts)
//   ['doc', name, 's']             snapshot: SNAPSHOT_MAGIC + uint64 BE upToSeq + merged bytes
//   ['docs', name]                 index entry, so listDocs() need not read every update
//   ['quarantine', name, stamp, …] a doc set aside by quarantine(), kept for inspection
//   ['readmodel', name]            derived: the website's read model + the last seq it covers
//
// The read model is only used while no update after its seq is stored. Every compaction
// rewrites it or removes it in its own batch: once compaction has removed the updates, the
// log's last seq sits inside the snapshot, and a stale read model could not be told apart.
//
// The upToSeq lives inside the snapshot bytes, so snapshot and "what it covers" can never
// disagree. One DocStore per adapter: sequence state is cached here, per process.
//
// Shared storage (several processes, PostgreSQL): the cache cannot be trusted, so appends
// and compactions take the doc's cross-process lock and read the log's tail from storage;
// compaction keeps the row of the last update it covers, so the highest update row always
// names the log's last sequence number (one indexed lookup, no snapshot read).

import { randomUUID } from 'node:crypto';
import {
  KeyedQueue, sharedStorage, withStorageLock,
  type BatchOp, type SharedStorage, type StorageAdapter, type StorageKey,
} from './adapter.js';
import { compactionDue, totalBytes } from './compaction-policy.js';
import {
  assertExtraOps, decodeReadModelRecord, decodeSnapshot, encodeReadModelRecord, encodeSnapshot, mergedState, parseDocRows, parseUpdateSeq,
  readModelKey, snapshotKey, updateKey, type LoadedDoc, type StoredDoc,
} from './doc-format.js';

export { DocCorruptError, snapshotKey, updateKey, type LoadedDoc } from './doc-format.js';

/** What another process stored after a given point: updates, or a snapshot if it compacted across that point. */
export interface DocDelta {
  snapshot?: Uint8Array;
  updates: { seq: number; data: Uint8Array }[];
  lastSeq: number;
}

interface DocState {
  lastSeq: number;
  snapshotSeq: number;
  indexed: boolean; // ['docs', name] written by this process already
  /** Bytes of the updates after the snapshot, by seq - snapshotSeq - 1 (0 where unknown). */
  sizes: number[];
  updateBytes: number;
  snapshotBytes: number;
  /** The seq of the read model this process last stored (or removed: -1); undefined if unknown. */
  readModelSeq?: number;
}

export class DocStore {
  private readonly compactEvery: number;
  private readonly queue = new KeyedQueue();
  private readonly states = new Map<string, DocState>();
  private readonly shared: SharedStorage | undefined;

  constructor(
    private readonly adapter: StorageAdapter,
    opts: { compactEvery?: number } = {},
  ) {
    this.compactEvery = opts.compactEvery ?? 500;
    this.shared = sharedStorage(adapter);
    if (!Number.isInteger(this.compactEvery) || this.compactEvery < 1) {
      throw new RangeError('DocStore: compactEvery must be a positive integer');
    }
  }

  /**
   * Stores `update` as the doc's next sequence number, together with `extraOps` (e.g. a
   * receipt, an idempotency answer, an order-number bump) in ONE atomic batch. Durable on
   * resolve. If the batch fails, the sequence number is not consumed.
   */
  appendUpdate(docName: string, update: Uint8Array, extraOps: readonly BatchOp[] = []): Promise<number> {
    return this.exclusively(docName, {}, async () => {
      assertExtraOps(extraOps);
      const state = await this.state(docName);
      const seq = state.lastSeq + 1;
      const ops: BatchOp[] = [{ op: 'save', key: updateKey(docName, seq), data: update }, ...extraOps];
      if (!state.indexed) ops.push({ op: 'save', key: ['docs', docName], data: new Uint8Array() });
      await this.adapter.saveBatch(ops);
      state.lastSeq = seq;
      state.indexed = true;
      state.sizes[seq - state.snapshotSeq - 1] = update.byteLength;
      state.updateBytes += update.byteLength;
      this.shared?.announce({ doc: docName, seq }); // other server processes, after the commit
      return seq;
    });
  }

  /** Serialized with appends for the same doc, so the result is one consistent point in its log. */
  loadDoc(docName: string): Promise<LoadedDoc> {
    return this.queue.run(docName, async () => {
      const loaded = await this.read(docName);
      this.remember(docName, loaded);
      return loaded.doc;
    });
  }

  /**
   * Replaces updates 1..upToSeq by `merged` (which must contain all of them, and the older
   * snapshot). One saveBatch, so a crash leaves either the old or the new state, never a
   * mix. A stale call (upToSeq not beyond the current snapshot) is a no-op. `readModel`, if
   * given, must be derived from exactly the log up to upToSeq; else the stored one is removed.
   */
  compact(docName: string, merged: Uint8Array, upToSeq: number, readModel?: Uint8Array): Promise<void> {
    // Detached: a room starts its compaction without awaiting it, maybe inside a command's
    // locked section; nested there, it would lose the lock when that section ends.
    return this.exclusively(docName, { detached: true }, async () => {
      const state = await this.state(docName);
      if (this.shared) coverUpTo(state, await this.storedSnapshotSeq(docName), state.snapshotBytes); // another process may have compacted
      if (!Number.isSafeInteger(upToSeq) || upToSeq > state.lastSeq) {
        throw new RangeError(`compact ${JSON.stringify(docName)}: upToSeq ${upToSeq} is beyond lastSeq ${state.lastSeq}`);
      }
      if (upToSeq <= state.snapshotSeq) return;
      // The old snapshot goes first and the new one is saved last, in the same atomic batch. In
      // SQLite's WITHOUT ROWID table a big row beside the update rows being removed is moved
      // again and again as the b-tree rebalances: removing 3,600 updates next to a 2.4 MB
      // snapshot took 390-420 ms, in this order 19 ms (bench row 6's slowest orders waited for
      // it). The batch's net effect is the same.
      const ops: BatchOp[] = [{ op: 'remove', key: snapshotKey(docName) }];
      const lastRemoved = this.shared ? upToSeq - 1 : upToSeq; // shared: keep the tail row (see top)
      for (let seq = state.snapshotSeq + 1; seq <= lastRemoved; seq++) {
        ops.push({ op: 'remove', key: updateKey(docName, seq) });
      }
      ops.push({ op: 'save', key: snapshotKey(docName), data: encodeSnapshot(merged, upToSeq) });
      ops.push(readModel ? { op: 'save', key: readModelKey(docName), data: encodeReadModelRecord(readModel, upToSeq) } : { op: 'remove', key: readModelKey(docName) });
      await this.adapter.saveBatch(ops);
      coverUpTo(state, upToSeq, merged.byteLength);
      state.readModelSeq = readModel ? upToSeq : -1;
    });
  }

  /** Stores a read model derived from the log up to `seq`, if that is still the whole stored
   *  log (else it would be stale at once: false). */
  saveReadModel(docName: string, readModel: Uint8Array, seq: number): Promise<boolean> {
    return this.exclusively(docName, {}, async () => {
      const state = await this.state(docName);
      if (state.lastSeq !== seq) return false;
      await this.adapter.saveBatch([{ op: 'save', key: readModelKey(docName), data: encodeReadModelRecord(readModel, seq) }]);
      state.readModelSeq = seq;
      return true;
    });
  }

  /** True when this process knows the stored read model covers the whole log (nothing to store). */
  readModelCurrent(docName: string): boolean {
    const state = this.states.get(docName);
    return state !== undefined && state.readModelSeq === state.lastSeq;
  }

  /** The stored read model did not decode: the room stores a new one when it is next unloaded. */
  readModelDamaged(docName: string): void {
    const state = this.states.get(docName);
    if (state) state.readModelSeq = undefined;
  }

  /** The stored read model, if it covers the whole stored log; undefined if missing, stale or damaged. */
  loadReadModel(docName: string): Promise<{ seq: number; data: Uint8Array } | undefined> {
    return this.queue.run(docName, async () => {
      const bytes = await this.adapter.load(readModelKey(docName));
      const record = bytes && decodeReadModelRecord(bytes);
      if (!record) return undefined;
      return (await this.lastSeqOrUnknown(docName)) <= record.seq ? record : undefined;
    });
  }

  /** Whether nothing after `seq` has been stored: one indexed lookup with shared storage, none else. */
  async coversLog(docName: string, seq: number): Promise<boolean> {
    if (this.shared) return (await this.storedLastSeq(docName, 0)) <= seq;
    const state = this.states.get(docName);
    return state === undefined || state.lastSeq <= seq; // no state: this process stored nothing since
  }

  /**
   * What is stored after `afterSeq`: the updates, in order, when they follow on from it;
   * else (another process compacted past it) the snapshot and the updates after it.
   */
  loadSince(docName: string, afterSeq: number): Promise<DocDelta> {
    return this.queue.run(docName, async () => {
      const rows = this.shared
        ? await this.shared.loadRangeAfter(['doc', docName, 'u'], updateKey(docName, afterSeq))
        : (await this.read(docName)).updates.filter((u) => u.seq > afterSeq).map((u) => ({ key: updateKey(docName, u.seq), data: u.data }));
      const updates = rows.map((row) => ({ seq: parseUpdateSeq(docName, row.key[3]!), data: row.data }));
      if (updates.length === 0) return { updates, lastSeq: afterSeq };
      if (updates[0]!.seq === afterSeq + 1) return { updates, lastSeq: updates.at(-1)!.seq };
      const { doc, updates: after } = await this.read(docName);
      return { ...(doc.snapshot ? { snapshot: doc.snapshot } : {}), updates: after, lastSeq: doc.lastSeq };
    });
  }

  /** Loads, merges snapshot + updates into one state, compacts. False if nothing to do. */
  async compactNow(docName: string): Promise<boolean> {
    const { snapshot, updates, lastSeq } = await this.loadDoc(docName);
    if (updates.length === 0) return false;
    const merged = mergedState(snapshot ? [snapshot, ...updates] : updates);
    await this.compact(docName, merged, lastSeq);
    return true;
  }

  /** Only knows docs this process has loaded or appended to; false for the others. By count
   *  and size (compaction-policy.ts); `factor` > 1 asks whether the log is that many times
   *  past due (see room-compaction.ts). */
  needsCompaction(docName: string, factor = 1): boolean {
    const state = this.states.get(docName);
    if (!state) return false;
    const log = { updates: state.lastSeq - state.snapshotSeq, updateBytes: state.updateBytes, snapshotBytes: state.snapshotBytes };
    return compactionDue(log, this.compactEvery, factor);
  }

  async listDocs(): Promise<string[]> {
    const entries = await this.adapter.loadRange(['docs']);
    return entries.map((e) => e.key[1]).filter((name): name is string => name !== undefined);
  }

  /**
   * Moves every record of the doc under ['quarantine', docName, stamp, …] plus a 'reason'
   * record, in one batch — for a doc whose stored bytes no longer decode. Nothing is
   * deleted; the doc then starts empty. Returns the quarantine prefix.
   */
  quarantine(docName: string, reason: string): Promise<StorageKey> {
    return this.queue.run(docName, async () => {
      const rows = await this.adapter.loadRange(['doc', docName]);
      const at = new Date().toISOString();
      // Time first so quarantines list in order; the suffix keeps two in one millisecond apart.
      const prefix = ['quarantine', docName, `${at}~${randomUUID().slice(0, 8)}`];
      const ops: BatchOp[] = rows.flatMap((row): BatchOp[] => [
        { op: 'save', key: [...prefix, ...row.key.slice(2)], data: row.data },
        { op: 'remove', key: row.key },
      ]);
      const note = JSON.stringify({ reason, at, records: rows.length });
      ops.push({ op: 'save', key: [...prefix, 'reason'], data: new TextEncoder().encode(note) });
      ops.push({ op: 'remove', key: ['docs', docName] }, { op: 'remove', key: readModelKey(docName) });
      await this.adapter.saveBatch(ops);
      this.states.delete(docName);
      return prefix;
    });
  }

  /**
   * Records that the doc's stored log is damaged, leaving every record where it is (nothing
   * moved, nothing overwritten) for someone to repair; the server then refuses to serve it.
   */
  async noteDamaged(docName: string, reason: string): Promise<StorageKey> {
    const at = new Date().toISOString();
    const key = ['quarantine', docName, `${at}~${randomUUID().slice(0, 8)}`, 'reason'];
    await this.adapter.save(key, new TextEncoder().encode(JSON.stringify({ reason, at, inPlace: true })));
    return key;
  }

  // Must run inside the doc's queue: derives the next seq from what is stored, once.
  private async state(docName: string): Promise<DocState> {
    const cached = this.states.get(docName);
    if (this.shared && cached) cached.lastSeq = Math.max(cached.snapshotSeq, await this.storedLastSeq(docName, cached.snapshotSeq));
    if (cached) return cached;
    return this.remember(docName, await this.read(docName));
  }

  /** Within this process by the queue; across processes, when shared, by the doc's lock. */
  private exclusively<T>(docName: string, opts: { detached?: boolean }, fn: () => Promise<T>): Promise<T> {
    return this.queue.run(docName, () => withStorageLock(this.adapter, `doc:${docName}`, fn, opts));
  }

  /** The last stored seq, or 0 where only a snapshot remains (then every compaction has
   *  rewritten or removed the read model, so a stored one covers it). */
  private async lastSeqOrUnknown(docName: string): Promise<number> {
    const known = this.shared ? undefined : this.states.get(docName); // shared: another process may have appended
    return known ? known.lastSeq : this.storedLastSeq(docName, 0);
  }

  /** One index probe: the key of the last update row. */
  private async storedLastSeq(docName: string, fallback: number): Promise<number> {
    const last = await this.adapter.lastKeyUnder(['doc', docName, 'u']);
    return last ? parseUpdateSeq(docName, last[3]!) : fallback;
  }

  /** Shared storage: each doc's last stored sequence number, in one query (0 when none). */
  async storedLastSeqs(docNames: readonly string[]): Promise<number[]> {
    if (!this.shared || docNames.length === 0) return docNames.map(() => 0);
    const keys = await this.shared.lastKeysBelow(docNames.map((name) => ['doc', name, 'u']));
    return keys.map((key, i) => (key ? parseUpdateSeq(docNames[i]!, key[3]!) : 0));
  }

  private async storedSnapshotSeq(docName: string): Promise<number> {
    const bytes = await this.adapter.load(snapshotKey(docName));
    return bytes ? decodeSnapshot(docName, bytes).seq : 0;
  }

  private remember(docName: string, loaded: { doc: LoadedDoc; snapshotSeq: number; updates: { data: Uint8Array }[] }): DocState {
    const sizes = loaded.updates.map((u) => u.data.byteLength);
    const known = { lastSeq: loaded.doc.lastSeq, snapshotSeq: loaded.snapshotSeq, sizes, updateBytes: totalBytes(sizes), snapshotBytes: loaded.doc.snapshot?.byteLength ?? 0 };
    const state = this.states.get(docName) ?? { ...known, indexed: false };
    Object.assign(state, known);
    this.states.set(docName, state);
    return state;
  }

  private async read(docName: string): Promise<StoredDoc> {
    return parseDocRows(docName, await this.adapter.loadRange(['doc', docName]));
  }
}

/** The snapshot now covers the log up to `seq`: the sizes of the updates it covers are dropped. */
function coverUpTo(state: DocState, seq: number, snapshotBytes: number): void {
  if (seq <= state.snapshotSeq) return;
  state.sizes = state.sizes.slice(seq - state.snapshotSeq);
  state.updateBytes = totalBytes(state.sizes);
  state.snapshotBytes = snapshotBytes;
  state.snapshotSeq = seq;
}
