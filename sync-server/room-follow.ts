// Keeps a room's live doc equal to the stored log up to a sequence number, with no gaps,
// when other server processes write the same log (shared PostgreSQL). The room calls
// `pull(seq)` before applying its own update `seq`, and `pull(Infinity)` to catch up; what
// other processes stored is applied in one transaction with the remote origin (relayed to
// this server's devices like any change), and the staging shadow follows.
import * as Y from 'yjs';
import { REMOTE_ORIGIN } from './origins.js';
import type { StagingClient } from './staging-client.js';
import type { DocStore } from './storage/doc-store.js';

export class StoredLogFollower {
  constructor(
    private readonly fid: string,
    private readonly doc: Y.Doc,
    private readonly deps: { docStore: DocStore; staging: StagingClient },
    /** The live doc holds exactly the stored log up to here. */
    private appliedSeq: number,
  ) {}

  /** The live doc holds exactly the stored log up to here. */
  get seq(): number {
    return this.appliedSeq;
  }

  covers(seq: number): boolean {
    return seq <= this.appliedSeq;
  }

  /** The room applied its own stored update `seq` (after pull(seq), so nothing is skipped). */
  applied(seq: number): void {
    this.appliedSeq = Math.max(this.appliedSeq, seq);
  }

  /**
   * Applies what is stored after appliedSeq and before `before`. A gap in sequence numbers
   * (a missed announcement) is filled here, never skipped: loadSince reads from appliedSeq on.
   */
  async pull(before: number): Promise<void> {
    if (before <= this.appliedSeq + 1) return;
    const delta = await this.deps.docStore.loadSince(this.fid, this.appliedSeq);
    // After a snapshot everything is applied (the caller's own update again is a no-op in Yjs).
    const updates = delta.snapshot ? delta.updates : delta.updates.filter((u) => u.seq < before);
    if (!delta.snapshot && updates.length === 0) return;
    this.doc.transact(() => {
      if (delta.snapshot) Y.applyUpdate(this.doc, delta.snapshot, REMOTE_ORIGIN);
      for (const u of updates) Y.applyUpdate(this.doc, u.data, REMOTE_ORIGIN);
    }, REMOTE_ORIGIN);
    this.applied(delta.snapshot ? delta.lastSeq : updates.at(-1)!.seq);
    // The staging shadow must stay equal to the live doc.
    if (delta.snapshot) await this.deps.staging.drop(this.fid);
    else await this.deps.staging.follow(this.fid, Y.mergeUpdates(updates.map((u) => u.data)));
  }
}
