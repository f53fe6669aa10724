// In-memory StorageAdapter: the reference implementation of the contract and the fast
// backend for tests. Nothing survives close(); "durable" here means "in the map".

import {
  AdapterClosedError,
  KEY_SEP,
  compareCodePoints,
  joinKey,
  splitKey,
  validateData,
  validateKey,
  validateOps,
  type BatchOp,
  type StorageAdapter,
  type StorageKey,
} from './adapter.js';

export class MemoryStorageAdapter implements StorageAdapter {
  // Keyed by the joined key; values are private copies so callers can't mutate stored bytes.
  private readonly entries = new Map<string, Uint8Array>();
  private closed = false;

  async load(key: StorageKey): Promise<Uint8Array | undefined> {
    this.assertOpen();
    const data = this.entries.get(joinKey(key));
    return data && data.slice();
  }

  async save(key: StorageKey, data: Uint8Array): Promise<void> {
    this.assertOpen();
    validateData(data);
    this.entries.set(joinKey(key), data.slice());
  }

  async remove(key: StorageKey): Promise<void> {
    this.assertOpen();
    this.entries.delete(joinKey(key));
  }

  async loadRange(prefix: StorageKey): Promise<{ key: string[]; data: Uint8Array }[]> {
    this.assertOpen();
    return this.keysUnder(prefix)
      .sort(compareCodePoints)
      .map((joined) => ({ key: splitKey(joined), data: this.entries.get(joined)!.slice() }));
  }

  async lastKeyUnder(prefix: StorageKey): Promise<string[] | undefined> {
    this.assertOpen();
    const last = this.keysUnder(prefix).sort(compareCodePoints).at(-1);
    return last === undefined ? undefined : splitKey(last);
  }

  async removeRange(prefix: StorageKey): Promise<void> {
    this.assertOpen();
    for (const joined of this.keysUnder(prefix)) this.entries.delete(joined);
  }

  async saveBatch(ops: readonly BatchOp[]): Promise<void> {
    this.assertOpen();
    validateOps(ops); // before touching the map: that is what makes the batch all-or-nothing here
    for (const op of ops) {
      if (op.op === 'save') this.entries.set(joinKey(op.key), op.data.slice());
      else this.entries.delete(joinKey(op.key));
    }
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  private keysUnder(prefix: StorageKey): string[] {
    validateKey(prefix);
    const exact = joinKey(prefix);
    const below = exact + KEY_SEP; // so ['a','b'] does not match ['a','bc']
    return [...this.entries.keys()].filter((k) => k === exact || k.startsWith(below));
  }

  private assertOpen(): void {
    if (this.closed) throw new AdapterClosedError('memory');
  }
}
