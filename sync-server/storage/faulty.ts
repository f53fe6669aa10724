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
 */
export type FaultMode = 'fail' | 'tear' | 'ack-lost';

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

  constructor(readonly inner: StorageAdapter) {}

  /** Breaks the n-th write from now (1 = the next write). */
  failWrite(n: number, mode: FaultMode = 'fail'): this {
    if (!Number.isInteger(n) || n < 1) throw new RangeError('failWrite: n must be a positive integer');
    this.faults.set(this.writes + n, mode);
    return this;
  }

  load(key: StorageKey): Promise<Uint8Array | undefined> {
    return this.inner.load(key);
  }

  loadRange(prefix: StorageKey): Promise<{ key: string[]; data: Uint8Array }[]> {
    return this.inner.loadRange(prefix);
  }

  save(key: StorageKey, data: Uint8Array): Promise<void> {
    return this.write(
      () => this.inner.save(key, data),
      () => this.inner.save(key, data.slice(0, Math.floor(data.length / 2))),
    );
  }

  remove(key: StorageKey): Promise<void> {
    return this.write(() => this.inner.remove(key));
  }

  removeRange(prefix: StorageKey): Promise<void> {
    return this.write(() => this.inner.removeRange(prefix));
  }

  saveBatch(ops: readonly BatchOp[]): Promise<void> {
    return this.write(
      () => this.inner.saveBatch(ops),
      () => this.inner.saveBatch(ops.slice(0, Math.floor(ops.length / 2))),
    );
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  private async write(full: () => Promise<void>, torn?: () => Promise<void>): Promise<void> {
    const n = ++this.writes;
    const mode = this.faults.get(n);
    if (mode === undefined) return full();
    this.faults.delete(n);
    if (mode === 'ack-lost') await full();
    if (mode === 'tear' && torn) await torn();
    throw new InjectedFaultError(mode, n);
  }
}
