// Passwords and tokens, with node:crypto only.
//
// Passwords: scrypt (memory-hard) with a random salt; compared with timingSafeEqual.
// Tokens: `base64url(JSON payload).base64url(HMAC-SHA256(secret, first part))`, stateless
// and expiring. A clerk's token is a device lease that outlives an 8-hour shift (the app
// keeps working offline and reconnects with it); a manager's is shorter.
import { createHmac, randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { z } from 'zod';
import { CloseCode, REVOKED_REASON } from './shared/protocol.js';

export type SyncRole = 'manager' | 'clerk';

export interface TokenPayload {
  /** The account's userId: what `actor.userId` of the user's events must be. */
  sub: string;
  role: SyncRole;
  /** When present, the only fundraisers this token may open. */
  fids?: string[];
  /** Seconds since the epoch. */
  exp: number;
  iat: number;
  /** An optional device label, for logs. */
  dev?: string;
  /** This token's own id: a device session a manager can revoke (device-sessions.ts). */
  jti?: string;
}

/** 4401: no, forged, malformed or expired token. 4403: a genuine token of a role that may not sync. */
export type TokenCheck =
  | { ok: true; payload: TokenPayload }
  | { ok: false; code: typeof CloseCode.badToken | typeof CloseCode.forbidden; reason: string };
export type AccessCheck = { ok: true } | { ok: false; code: typeof CloseCode.forbidden; reason: string };

const HOUR_MS = 3_600_000;
export const DEFAULT_TOKEN_TTL_MS: Record<SyncRole, number> = { clerk: 24 * HOUR_MS, manager: 12 * HOUR_MS };
export const MIN_SECRET_LENGTH = 32;

const PayloadSchema = z
  .object({
    sub: z.string().min(1).max(128),
    role: z.string().min(1).max(32),
    fids: z.array(z.string().min(1).max(64)).max(1000).optional(),
    exp: z.number().int(),
    iat: z.number().int(),
    dev: z.string().max(128).optional(),
    jti: z.string().min(1).max(64).optional(),
  })
  .strict();

export class TokenAuthority {
  private readonly key: Buffer;
  /** Set by the server once the device sessions are loaded: a revoked token is a 4401. */
  private isRevoked: (jti: string | undefined) => boolean = () => false;

  constructor(
    secret: string,
    private readonly ttlMs: Record<SyncRole, number> = DEFAULT_TOKEN_TTL_MS,
    private readonly now: () => number = Date.now,
  ) {
    if (typeof secret !== 'string' || secret.length < MIN_SECRET_LENGTH) {
      throw new Error(`the token secret must be a string of at least ${MIN_SECRET_LENGTH} characters`);
    }
    this.key = Buffer.from(secret, 'utf8');
  }

  useRevocations(isRevoked: (jti: string | undefined) => boolean): void {
    this.isRevoked = isRevoked;
  }

  /** `role` is any string so that other roles can be signed; only SyncRoles may sync. */
  issue(claims: { sub: string; role: string; fids?: string[]; dev?: string }): { token: string; expiresAt: Date; jti: string; issuedAt: Date } {
    const iat = Math.floor(this.now() / 1000);
    const exp = Math.floor((this.now() + this.ttlFor(claims.role)) / 1000);
    const jti = randomBytes(12).toString('base64url');
    const payload = { ...claims, iat, exp, jti };
    const body = Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
    return { token: `${body}.${this.sign(body)}`, expiresAt: new Date(exp * 1000), jti, issuedAt: new Date(iat * 1000) };
  }

  /** Never throws: anything wrong with the token is a 4401. */
  verify(token: string | undefined): TokenCheck {
    if (!token) return badToken('no token');
    const [body, signature, extra] = token.split('.');
    if (!body || !signature || extra !== undefined) return badToken('malformed token');
    if (!this.signatureMatches(body, signature)) return badToken('bad signature');
    const payload = decodePayload(body);
    if (!payload) return badToken('malformed token payload');
    if (payload.exp * 1000 <= this.now()) return badToken('token expired');
    if (this.isRevoked(payload.jti)) return badToken(REVOKED_REASON);
    if (!isSyncRole(payload.role)) return { ok: false, code: CloseCode.forbidden, reason: `role ${payload.role} may not sync` };
    return { ok: true, payload: { ...payload, role: payload.role } };
  }

  /** True while the token is still valid: long-lived connections re-check it per update. */
  isLive(payload: TokenPayload): boolean {
    return payload.exp * 1000 > this.now() && !this.isRevoked(payload.jti);
  }

  private ttlFor(role: string): number {
    return role === 'clerk' ? this.ttlMs.clerk : this.ttlMs.manager; // unknown roles get the shorter one
  }

  private sign(body: string): string {
    return createHmac('sha256', this.key).update(body).digest('base64url');
  }

  private signatureMatches(body: string, signature: string): boolean {
    const expected = Buffer.from(this.sign(body), 'utf8');
    const given = Buffer.from(signature, 'utf8');
    return expected.length === given.length && timingSafeEqual(expected, given);
  }
}

/** A token listing fundraisers opens only those. */
export function mayOpenFundraiser(payload: TokenPayload, fid: string): AccessCheck {
  if (payload.fids && !payload.fids.includes(fid)) return forbidden(`this token does not open fundraiser ${fid}`);
  return { ok: true };
}

export function isSyncRole(role: string): role is SyncRole {
  return role === 'manager' || role === 'clerk';
}

type SignedPayload = Omit<TokenPayload, 'role'> & { role: string };

function decodePayload(body: string): SignedPayload | undefined {
  try {
    const parsed = PayloadSchema.safeParse(JSON.parse(Buffer.from(body, 'base64url').toString('utf8')));
    return parsed.success ? stripUndefined(parsed.data) : undefined;
  } catch {
    return undefined;
  }
}

function stripUndefined(p: z.infer<typeof PayloadSchema>): SignedPayload {
  const out: SignedPayload = { sub: p.sub, role: p.role, exp: p.exp, iat: p.iat };
  if (p.fids) out.fids = p.fids;
  if (p.dev !== undefined) out.dev = p.dev;
  if (p.jti !== undefined) out.jti = p.jti;
  return out;
}

function badToken(reason: string): TokenCheck {
  return { ok: false, code: CloseCode.badToken, reason };
}

function forbidden(reason: string): AccessCheck {
  return { ok: false, code: CloseCode.forbidden, reason };
}

// ---- passwords ----------------------------------------------------------------------

// N=2^15, r=8: ~32 MiB and tens of ms per hash; maxmem leaves room for it.
const SCRYPT = { N: 32768, r: 8, p: 1, keyLength: 32, maxmem: 64 * 1024 * 1024 };

function scryptAsync(password: string, salt: Buffer, params: { N: number; r: number; p: number }, keyLength: number): Promise<Buffer> {
  const options: ScryptOptions = { N: params.N, r: params.r, p: params.p, maxmem: SCRYPT.maxmem };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, keyLength, options, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

/** `scrypt$N$r$p$salt$hash` (base64url), so parameters can be raised later without breaking old hashes. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(password, salt, SCRYPT, SCRYPT.keyLength);
  return ['scrypt', SCRYPT.N, SCRYPT.r, SCRYPT.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  if (![N, r, p].every(Number.isSafeInteger)) return false;
  const expected = Buffer.from(parts[5]!, 'base64url');
  if (expected.length < 16) return false;
  try {
    const key = await scryptAsync(password, Buffer.from(parts[4]!, 'base64url'), { N, r, p }, expected.length);
    return timingSafeEqual(key, expected);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | undefined;
/** Spends the same time as a real check, so "no such user" and "wrong password" look alike. */
export async function burnPasswordCheck(password: string): Promise<false> {
  dummyHash ??= hashPassword('not a real password');
  await verifyPassword(password, await dummyHash);
  return false;
}
