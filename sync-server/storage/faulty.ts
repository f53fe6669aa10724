// A StorageAdapter wrapper that breaks a chosen write, for reliability tests: what does the
// layer above do when the disk says no, writes half, or writes but the ack is lost?
//
// Writes are save, remove, removeRange and saveBatch; each call counts as one write.

import type { BatchOp, StorageAdapter, StorageKey } from './adapter.js';

/**
 * - 'fail':      nothing is written, the call rejects (disk full, EIO).
 * - 'tear':      part is written, then the call rejects: save stores the first half of the
 *                bytes, saveBatch applies the first half of its ops, removeRange/remove fail.
 *                Simulates a backend WITHOUT atomicity — useful to show what it would cost.
 * - 'ack-lost':  everything is written, then the call rejects (crash right after commit).
 * - 'skip':      nothing is written, yet the call resolves: a disk that lies about durability.
 *                No layer above can tell; what it shows is what such a lie costs later.
 *
 * diskFull(true) fails every write with an ENOSPC error until diskFull(false).
 */
export type FaultMode = 'fail' | 'tear' | 'ack-lost' | 'skip';

/** What a full disk throws (Node's fs errors carry the same code). */
export class DiskFullError extends Error {
  readonly code = 'ENOSPC';
  constructor(readonly writeNumber: number) {
    super(`ENOSPC: no space left on device (injected, write #${writeNumber})`);
    this.name = 'DiskFullError';
  }
}

export class InjectedFaultError extends Error {
  constructor(readonly mode: FaultMode, readonly writeNumber: number) {
    super(`injected storage fault (${mode}) on write #${writeNumber}`);
    this.name = 'InjectedFaultError';
  }
}

export class FaultyStorageAdapter implements StorageAdapter {
  /** Writes attempted so far (including faulted ones). */
  writes = 0;
  private readonly faults = new Map<number, FaultMode>();
  private readonly matchers: { match: (ops: readonly BatchOp[]) => boolean; mode: FaultMode }[] = [];
  private full = false;

  constructor(readonly inner: StorageAdapter) {}

  /** Breaks the n-th write from now (1 = the next write). */
  failWrite(n: number, mode: FaultMode = 'fail'): this {
    if (!Number.isInteger(n) || n < 1) throw new RangeError('failWrite: n must be a positive integer');
    this.faults.set(this.writes + n, mode);
    return this;
  }

  /** Breaks the next write whose ops satisfy `match` (a save counts as one save op). */
  failNextMatching(match: (ops: readonly BatchOp[]) => boolean, mode: FaultMode = 'fail'): this {
    this.matchers.push({ match, mode });
    return this;
  }

  /** While on, every write fails with ENOSPC and writes nothing. */
  diskFull(on: boolean): this {
    this.full = on;
    return this;
  }

  load(key: StorageKey): Promise<Uint8Array | undefined> {
    return this.inner.load(key);
  }

  loadRange(prefix: StorageKey): Promise<{ key: string[]; data: Uint8Array }[]> {
    return this.inner.loadRange(prefix);
  }

  lastKeyUnder(prefix: StorageKey): Promise<string[] | undefined> {
    return this.inner.lastKeyUnder(prefix);
  }

  save(key: StorageKey, data: Uint8Array): Promise<void> {
    return this.write([{ op: 'save', key, data }],
      () => this.inner.save(key, data),
      () => this.inner.save(key, data.slice(0, Math.floor(data.length / 2))),
    );
  }

  remove(key: StorageKey): Promise<void> {
    return this.write([{ op: 'remove', key }], () => this.inner.remove(key));
  }

  removeRange(prefix: StorageKey): Promise<void> {
    return this.write([{ op: 'remove', key: prefix }], () => this.inner.removeRange(prefix));
  }

  saveBatch(ops: readonly BatchOp[]): Promise<void> {
    return this.write(ops,
      () => this.inner.saveBatch(ops),
      () => this.inner.saveBatch(ops.slice(0, Math.floor(ops.length / 2))),
    );
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  private async write(ops: readonly BatchOp[], full: () => Promise<void>, torn?: () => Promise<void>): Promise<void> {
    const n = ++this.writes;
    if (this.full) throw new DiskFullError(n);
    const mode = this.faults.get(n) ?? this.takeMatcher(ops);
    if (mode === undefined) return full();
    this.faults.delete(n);
    if (mode === 'skip') return;
    if (mode === 'ack-lost') await full();
    if (mode === 'tear' && torn) await torn();
    throw new InjectedFaultError(mode, n);
  }

  private takeMatcher(ops: readonly BatchOp[]): FaultMode | undefined {
    const i = this.matchers.findIndex((m) => m.match(ops));
    if (i < 0) return undefined;
    return this.matchers.splice(i, 1)[0]!.mode;
  }
}
