// A fundraiser's epoch: a random id for one life of the server's copy of its document. A
// device stores the epoch with its local copy and sends it when it connects; when the
// server's copy was re-created (data lost and seeded again, or restored from a backup and
// renewed with scripts/new-epoch.ts), the ids differ and the server closes with 4409 before
// a single sync message is exchanged, so the two copies are never merged silently.
//
//   ['epoch', fid]   the epoch id (UTF-8), created on first use
import { randomBytes } from 'node:crypto';
import { withStorageLock, type StorageAdapter } from './storage/adapter.js';

export const EPOCH_PATTERN = /^[A-Za-z0-9_-]{8,64}$/;

export class FundraiserEpochs {
  private readonly known = new Map<string, Promise<string>>();

  constructor(private readonly adapter: StorageAdapter) {}

  /** The fundraiser's epoch; the first call for a fundraiser without one creates it. */
  get(fid: string): Promise<string> {
    let epoch = this.known.get(fid);
    if (!epoch) {
      epoch = this.loadOrCreate(fid);
      this.known.set(fid, epoch);
      epoch.catch(() => this.known.delete(fid)); // a storage error is retried on the next connect
    }
    return epoch;
  }

  /** Starts a new epoch (after a restore): every device holding the old one is refused. */
  async renew(fid: string): Promise<string> {
    const epoch = newEpochId();
    await this.adapter.saveBatch([{ op: 'save', key: ['epoch', fid], data: new TextEncoder().encode(epoch) }]);
    this.known.set(fid, Promise.resolve(epoch));
    return epoch;
  }

  /** Under the storage lock: two servers on one PostgreSQL meeting a new fundraiser at once
   *  must agree on one epoch, or each would refuse the devices the other one told theirs. */
  private loadOrCreate(fid: string): Promise<string> {
    return withStorageLock(this.adapter, `epoch:${fid}`, async () => {
      const bytes = await this.adapter.load(['epoch', fid]);
      const stored = bytes ? new TextDecoder().decode(bytes) : undefined;
      if (stored && EPOCH_PATTERN.test(stored)) return stored;
      return this.renew(fid); // none yet, or an unreadable one: a new life starts here
    });
  }
}

export function newEpochId(): string {
  return randomBytes(16).toString('base64url');
}
