// How DocStore lays a doc's log out in storage (keys, the snapshot record) and the helpers
// that read it back; see doc-store.ts for the layout.
import * as Y from 'yjs';
import { parseSeqKey, seqKey, type BatchOp, type StorageKey } from './adapter.js';

export class DocCorruptError extends Error {
  constructor(readonly docName: string, what: string) {
    super(`doc ${JSON.stringify(docName)}: ${what}`);
    this.name = 'DocCorruptError';
  }
}

const SNAPSHOT_MAGIC = [0x46, 0x4f, 0x53, 0x01]; // "FOS" + format version 1
/** Both magics are 4 bytes, then the seq. */
const SEQ_HEADER = 4 + 8;
export function updateKey(docName: string, seq: number): StorageKey {
  return ['doc', docName, 'u', seqKey(seq)];
}

export function snapshotKey(docName: string): StorageKey {
  return ['doc', docName, 's'];
}

export function encodeSnapshot(merged: Uint8Array, upToSeq: number): Uint8Array {
  return withSeqHeader(SNAPSHOT_MAGIC, merged, upToSeq);
}

export function decodeSnapshot(docName: string, bytes: Uint8Array): { seq: number; data: Uint8Array } {
  const record = readSeqHeader(SNAPSHOT_MAGIC, bytes);
  if (record === 'no header') throw new DocCorruptError(docName, 'snapshot record has no valid header');
  if (record === 'bad seq') throw new DocCorruptError(docName, 'snapshot sequence number out of range');
  return record;
}

export function readModelKey(docName: string): StorageKey {
  return ['readmodel', docName];
}

const READ_MODEL_MAGIC = [0x46, 0x4f, 0x52, 0x01]; // "FOR" + format version 1

/** A derived record (the website's read model) and the last update it covers. */
export function encodeReadModelRecord(model: Uint8Array, seq: number): Uint8Array {
  return withSeqHeader(READ_MODEL_MAGIC, model, seq);
}

/** Undefined where the header is damaged: the record is derived, so it is simply not used. */
export function decodeReadModelRecord(bytes: Uint8Array): { seq: number; data: Uint8Array } | undefined {
  const record = readSeqHeader(READ_MODEL_MAGIC, bytes);
  return typeof record === 'string' ? undefined : record;
}

/** magic + uint64 BE seq + payload: a record that says which prefix of the log it stands for. */
function withSeqHeader(magic: readonly number[], payload: Uint8Array, seq: number): Uint8Array {
  const out = new Uint8Array(SEQ_HEADER + payload.length);
  out.set(magic, 0);
  new DataView(out.buffer).setBigUint64(magic.length, BigInt(seq));
  out.set(payload, SEQ_HEADER);
  return out;
}

function readSeqHeader(magic: readonly number[], bytes: Uint8Array): { seq: number; data: Uint8Array } | 'no header' | 'bad seq' {
  if (bytes.length < SEQ_HEADER || !magic.every((b, i) => bytes[i] === b)) return 'no header';
  const seq = Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(magic.length));
  return Number.isSafeInteger(seq) ? { seq, data: bytes.subarray(SEQ_HEADER) } : 'bad seq';
}

export function parseUpdateSeq(docName: string, part: string): number {
  try {
    return parseSeqKey(part);
  } catch {
    throw new DocCorruptError(docName, `update key part ${JSON.stringify(part)} is not a sequence number`);
  }
}

/**
 * The state of a doc holding `updates`, applied in batches of one transaction. Not
 * Y.mergeUpdates: its result keeps the item of every small update apart, and loading that
 * costs quadratic time and memory (12,000 one-event updates: 568 MB and 2.3 s to load,
 * against 8 MB and 0.1 s for this state; docs/RELIABILITY.md).
 */
export function mergedState(updates: readonly Uint8Array[]): Uint8Array {
  const doc = new Y.Doc();
  for (let i = 0; i < updates.length; i += 500) {
    doc.transact(() => updates.slice(i, i + 500).forEach((update) => Y.applyUpdate(doc, update)));
  }
  const state = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return state;
}

export interface LoadedDoc {
  snapshot?: Uint8Array;
  /** Updates after the snapshot, in sequence order. */
  updates: Uint8Array[];
  /** Highest sequence number stored (covered by the snapshot or as an update); 0 if none. */
  lastSeq: number;
}

export interface StoredDoc {
  doc: LoadedDoc;
  snapshotSeq: number;
  updates: { seq: number; data: Uint8Array }[];
}

/** A doc's records (a loadRange of ['doc', name]) as its snapshot and the updates after it. */
export function parseDocRows(docName: string, rows: readonly { key: string[]; data: Uint8Array }[]): StoredDoc {
  let snapshot: { seq: number; data: Uint8Array } | undefined;
  const updates: { seq: number; data: Uint8Array }[] = [];
  for (const row of rows) {
    const kind = row.key[2];
    if (kind === 's' && row.key.length === 3) snapshot = decodeSnapshot(docName, row.data);
    else if (kind === 'u' && row.key.length === 4) updates.push({ seq: parseUpdateSeq(docName, row.key[3]!), data: row.data });
    else throw new DocCorruptError(docName, `unexpected record ${JSON.stringify(row.key)}`);
  }
  const snapshotSeq = snapshot?.seq ?? 0;
  // Keys sort by zero-padded seq, so `updates` is already in order. Updates a snapshot
  // covers cannot survive compaction's atomic batch, but skipping them is always correct.
  const after = updates.filter((u) => u.seq > snapshotSeq);
  const lastSeq = after.at(-1)?.seq ?? snapshotSeq;
  const doc: LoadedDoc = { updates: after.map((u) => u.data), lastSeq };
  if (snapshot) doc.snapshot = snapshot.data;
  return { doc, snapshotSeq, updates: after };
}

// Namespaces extraOps must stay out of: the doc log's own bookkeeping.
export const RESERVED_NAMESPACES = new Set(['doc', 'docs', 'quarantine', 'readmodel']);

export function assertExtraOps(extraOps: readonly BatchOp[]): void {
  for (const op of extraOps) {
    const ns = op.key[0];
    if (ns !== undefined && RESERVED_NAMESPACES.has(ns)) {
      throw new Error(`appendUpdate: extraOps may not write the doc log's own namespace '${ns}'`);
    }
  }
}
