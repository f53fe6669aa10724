// StorageAdapter wrappers for tests: hold a write open to watch what the server does meanwhile.
import type { BatchOp, StorageAdapter, StorageKey } from '../../sync-server/storage/adapter';

export class HoldingAdapter implements StorageAdapter {
  /** Batches that finished writing. */
  committed = 0;
  private gate: { reached: () => void; released: Promise<void> } | undefined;

  constructor(readonly inner: StorageAdapter) {}

  /** The next saveBatch waits until release(); `reached` resolves when it starts waiting. */
  holdNextBatch(): { reached: Promise<void>; release: () => void } {
    let reached!: () => void;
    let release!: () => void;
    const reachedPromise = new Promise<void>((resolve) => (reached = resolve));
    const released = new Promise<void>((resolve) => (release = resolve));
    this.gate = { reached, released };
    return { reached: reachedPromise, release };
  }

  async saveBatch(ops: readonly BatchOp[]): Promise<void> {
    const gate = this.gate;
    if (gate) {
      this.gate = undefined;
      gate.reached();
      await gate.released;
    }
    await this.inner.saveBatch(ops);
    this.committed++;
  }

  load(key: StorageKey) { return this.inner.load(key); }
  save(key: StorageKey, data: Uint8Array) { return this.inner.save(key, data); }
  remove(key: StorageKey) { return this.inner.remove(key); }
  loadRange(prefix: StorageKey) { return this.inner.loadRange(prefix); }
  lastKeyUnder(prefix: StorageKey) { return this.inner.lastKeyUnder(prefix); }
  removeRange(prefix: StorageKey) { return this.inner.removeRange(prefix); }
  close() { return this.inner.close(); }
}
