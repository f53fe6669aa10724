// Announces committed doc updates on the NOTIFY channel, AFTER their commit and outside the
// writing transaction. Measured here: a NOTIFY inside the writing transaction serializes
// every such commit, fsync included, behind PostgreSQL's one notification lock (≈300
// inserts/s vs ≈1950 without); sent afterwards, in a transaction that writes nothing, it
// costs a round trip (≈1260/s). Announcements queued while one is in flight are coalesced
// into one statement, keeping only the highest sequence number per doc.
//
// An announcement can be lost (this process dies right after a commit, the connection
// fails): other servers notice a gap at the next announcement for that doc, and a slow
// reconciliation poll (fan-out.ts) covers the last update of a quiet doc.
import type pg from 'pg';
import type { CommittedUpdate } from './adapter.js';
import { UPDATES_CHANNEL } from './postgres-schema.js';

const MAX_PAYLOAD_BYTES = 7900; // PostgreSQL refuses payloads of 8000 bytes or more

export class UpdateAnnouncer {
  private readonly pending = new Map<string, number>();
  private flushing: Promise<void> | undefined;

  constructor(
    private readonly pool: pg.Pool,
    private readonly instanceId: string,
    private readonly log: (message: string, err?: unknown) => void,
  ) {}

  announce({ doc, seq }: CommittedUpdate): void {
    this.pending.set(doc, Math.max(seq, this.pending.get(doc) ?? 0));
    this.flushing ??= this.flush();
  }

  /** Resolves once everything announced so far was sent (or failed). */
  idle(): Promise<void> {
    return this.flushing ?? Promise.resolve();
  }

  private async flush(): Promise<void> {
    while (this.pending.size > 0) {
      const payloads = [...this.pending].map(([doc, seq]) => this.payload(doc, seq));
      this.pending.clear();
      try {
        await this.pool.query('SELECT pg_notify($1, p) FROM unnest($2::text[]) AS p', [UPDATES_CHANNEL, payloads]);
      } catch (err) {
        this.log('announcing committed updates failed; other servers catch up by polling', err);
      }
    }
    this.flushing = undefined;
  }

  /** A doc name too long for a payload is left out: listeners then resync every room. */
  private payload(doc: string, seq: number): string {
    const full = JSON.stringify({ i: this.instanceId, d: doc, s: String(seq) });
    return Buffer.byteLength(full) <= MAX_PAYLOAD_BYTES ? full : JSON.stringify({ i: this.instanceId, d: null, s: String(seq) });
  }
}
