// Device sessions: every login issues a token with its own id (`jti`), recorded here, so a
// manager can see which devices hold a lease and revoke one (a lost or stolen phone). A
// revocation is stored before it is answered, so it survives a restart; the set of revoked
// ids is kept in memory because every token check (each socket, each HTTP call) asks it, and
// re-read every few seconds so that a revocation made through another server process (several
// processes over one store) closes this process's sockets too.
//
//   ['session', jti]   DeviceSession (JSON, validated on write and read)
import { z } from 'zod';
import type { StorageAdapter } from './storage/adapter.js';

export const DeviceSessionSchema = z
  .object({
    jti: z.string().min(1).max(64),
    userId: z.string().min(1).max(128),
    role: z.string().min(1).max(32),
    issuedAt: z.string(),
    expiresAt: z.string(),
    revokedAt: z.string().optional(),
    revokedBy: z.string().max(128).optional(),
  })
  .strict();
export type DeviceSession = z.infer<typeof DeviceSessionSchema>;

const key = (jti: string) => ['session', jti];

export class DeviceSessions {
  private readonly revoked = new Set<string>();

  private constructor(private readonly adapter: StorageAdapter, private readonly now: () => number) {}

  /** Loads the revoked ids; sessions whose token expired are dropped (expiry refuses them anyway). */
  static async load(adapter: StorageAdapter, now: () => number = Date.now): Promise<DeviceSessions> {
    const sessions = new DeviceSessions(adapter, now);
    for (const session of await sessions.readAll()) {
      if (Date.parse(session.expiresAt) <= now()) await adapter.remove(key(session.jti));
      else if (session.revokedAt) sessions.revoked.add(session.jti);
    }
    return sessions;
  }

  /** Re-reads the store for revocations made by another server process; returns the new ones. */
  async refresh(): Promise<string[]> {
    const fresh = (await this.readAll()).filter((s) => s.revokedAt && !this.revoked.has(s.jti)).map((s) => s.jti);
    for (const jti of fresh) this.revoked.add(jti);
    return fresh;
  }

  isRevoked(jti: string | undefined): boolean {
    return jti !== undefined && this.revoked.has(jti);
  }

  /** Whether a login recorded this session (tokens issued otherwise, as in tests, were not). */
  async has(jti: string): Promise<boolean> {
    return (await this.adapter.load(key(jti))) !== undefined;
  }

  async record(session: DeviceSession): Promise<void> {
    await this.write(session);
  }

  /** Live sessions (not expired), newest first. */
  async list(): Promise<DeviceSession[]> {
    const live = (await this.readAll()).filter((s) => Date.parse(s.expiresAt) > this.now());
    return live.sort((a, b) => b.issuedAt.localeCompare(a.issuedAt));
  }

  /** Stores the revocation, then refuses the id from now on. Undefined for an unknown id. */
  async revoke(jti: string, by: string): Promise<DeviceSession | undefined> {
    const bytes = await this.adapter.load(key(jti));
    const session = bytes ? parse(bytes) : undefined;
    if (!session) return undefined;
    if (session.revokedAt) return session;
    const revoked = { ...session, revokedAt: new Date(this.now()).toISOString(), revokedBy: by };
    await this.write(revoked);
    this.revoked.add(jti);
    return revoked;
  }

  /** Revokes every live session of one user but `keep` (a password change, a disabled account): each
   *  stored before this resolves, so other processes' polling closes their sockets too. */
  async revokeUser(userId: string, by: string, keep?: string): Promise<string[]> {
    const live = (await this.list()).filter((s) => s.userId === userId && !s.revokedAt && s.jti !== keep);
    for (const session of live) await this.revoke(session.jti, by);
    return live.map((s) => s.jti);
  }

  private async readAll(): Promise<DeviceSession[]> {
    const rows = await this.adapter.loadRange(['session']);
    return rows.flatMap((row) => parse(row.data) ?? []); // a corrupt record is skipped, not fatal
  }

  private write(session: DeviceSession): Promise<void> {
    const data = new TextEncoder().encode(JSON.stringify(DeviceSessionSchema.parse(session)));
    return this.adapter.saveBatch([{ op: 'save', key: key(session.jti), data }]);
  }
}

function parse(bytes: Uint8Array): DeviceSession | undefined {
  try {
    const parsed = DeviceSessionSchema.safeParse(JSON.parse(new TextDecoder().decode(bytes)));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
