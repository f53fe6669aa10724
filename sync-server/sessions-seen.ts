// When each device session last opened a sync, and for which fundraiser: the manager's Devices
// tab shows it, so a door tablet that has not synced for hours stands out before its data is
// needed. Kept apart from the session record, so that this frequent write can never race a
// revocation's read-modify-write of it:
//
//   ['session-seen', jti]   {at, fid}
//
// Written at a socket's open and close, at most once per MIN_GAP_MS for one session and
// fundraiser in this process (a flood of opens costs no flood of writes); a failed write is
// only logged: this is a hint for people, not a record anything depends on.
import { z } from 'zod';
import type { StorageAdapter } from './storage/adapter.js';
import { decodeOrSkip, recordOp } from './storage/records.js';

export const SessionSeen = z.strictObject({ at: z.string(), fid: z.string() });
export type SessionSeen = z.infer<typeof SessionSeen>;
export const SEEN_MIN_GAP_MS = 30_000;
const MAX_REMEMBERED = 10_000;

export class SessionsSeen {
  private readonly lastWrite = new Map<string, number>();

  constructor(
    private readonly adapter: StorageAdapter,
    /** Only sessions a login recorded are noted: the Devices tab lists no others. */
    private readonly recorded: (jti: string) => Promise<boolean>,
    private readonly log: (message: string, err?: unknown) => void,
    private readonly now: () => number = Date.now,
  ) {}

  seen(jti: string, fid: string): void {
    const now = this.now();
    const key = `${jti}\u0000${fid}`;
    if (now - (this.lastWrite.get(key) ?? -Infinity) < SEEN_MIN_GAP_MS) return;
    this.remember(key, now);
    const op = recordOp(['session-seen', jti], SessionSeen, { at: new Date(now).toISOString(), fid });
    this.recorded(jti)
      .then((known) => (known ? this.adapter.saveBatch([op]) : undefined))
      .catch((err) => this.log(`noting when device session ${jti} was seen failed`, err));
  }

  /** Every session's last sighting, by jti. */
  async all(): Promise<Map<string, SessionSeen>> {
    const rows = await this.adapter.loadRange(['session-seen']);
    return new Map(rows.flatMap((row) => {
      const seen = decodeOrSkip(row.data, SessionSeen);
      return seen && row.key[1] ? [[row.key[1], seen] as const] : [];
    }));
  }

  /** At startup: drops the sightings of sessions no longer on record (expired). */
  async keepOnly(liveJtis: ReadonlySet<string>): Promise<void> {
    const stale = [...(await this.all()).keys()].filter((jti) => !liveJtis.has(jti));
    if (stale.length > 0) await this.adapter.saveBatch(stale.map((jti) => ({ op: 'remove' as const, key: ['session-seen', jti] })));
  }

  private remember(key: string, now: number): void {
    this.lastWrite.set(key, now);
    if (this.lastWrite.size <= MAX_REMEMBERED) return;
    for (const [k, at] of this.lastWrite) if (now - at >= SEEN_MIN_GAP_MS) this.lastWrite.delete(k);
  }
}
