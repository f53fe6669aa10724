// When a doc's stored log is due for compaction. A compaction writes the whole doc again (one
// snapshot replacing it and the updates it covers), so compacting every N updates rewrites a
// big doc over and over: a 100k-event fundraiser (a 23 MB snapshot) compacted every 500
// one-event updates (≈150 KB) writes 150 times what was appended, in one fsynced write that
// the doc's next append waits behind. Here the log must also have grown to half the
// snapshot's size, so a compaction writes at most about three times what was appended since
// the one before. A count cap still bounds how many updates a load replays (their count, not
// their size, is what makes loading slow: one struct each).

/** The stored log of one doc past its snapshot, as far as this process knows it. */
export interface LogSize {
  /** Updates stored after the snapshot. */
  updates: number;
  /** Their bytes (updates another process stored count 0: their sizes are not known here). */
  updateBytes: number;
  snapshotBytes: number;
}

/** Past CAP × compactEvery updates a log is due whatever its size. */
export const COMPACTION_COUNT_CAP = 10;
/** The log must hold this share of the snapshot's bytes. */
export const COMPACTION_BYTES_SHARE = 0.5;

/** Due at `factor` 1; `factor` > 1 asks whether the log is that many times past due. */
export function compactionDue(log: LogSize, compactEvery: number, factor = 1): boolean {
  if (log.updates < compactEvery * factor) return false;
  if (log.updates >= COMPACTION_COUNT_CAP * compactEvery * factor) return true;
  return log.updateBytes >= COMPACTION_BYTES_SHARE * log.snapshotBytes * factor;
}

/** The bytes of a log's updates by position; holes are updates another process stored. */
export function totalBytes(sizes: readonly number[]): number {
  let total = 0;
  for (const size of sizes) total += size ?? 0;
  return total;
}
