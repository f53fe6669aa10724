// The server's own HTTP endpoints: `POST /api/login` and `GET /healthz`.
import { z } from 'zod';
import type { Account, Records } from './storage/records.js';
import type { StorageAdapter } from './storage/adapter.js';
import type { DeviceSessions } from './device-sessions.js';
import { accountNamed } from './accounts.js';
import { burnPasswordCheck, isSyncRole, verifyPassword, type TokenAuthority } from './auth.js';
import type { HttpHandler, HttpRequest, HttpResponse } from './http-types.js';
import { LoginThrottle } from './login-throttle.js';
import { PasswordGate } from './password-gate.js';
import { apiError as errorResponse, json as jsonResponse, readJson, zodIssues } from './api/http.js';

const LoginBody = z.object({
  username: z.string().trim().min(1).max(128),
  password: z.string().min(1).max(1024),
});

/** 200 while the server can do its work; 503 once its storage can no longer write (restart it). */
export function healthHandler(storage?: Pick<StorageAdapter, 'brokenReason'>): HttpHandler {
  return async (req) => {
    if (req.path !== '/healthz' || req.method !== 'GET') return undefined;
    const broken = storage?.brokenReason?.();
    return broken === undefined ? jsonResponse(200, { ok: true }) : errorResponse(503, 'storage_broken', `storage can no longer write (${broken}); restart the server`);
  };
}

type LoginDeps = { records: Records; tokens: TokenAuthority; sessions?: DeviceSessions; throttle: LoginThrottle; gate: PasswordGate; now: () => number };

export function loginHandler(deps: Omit<LoginDeps, 'throttle' | 'gate' | 'now'> & Partial<LoginDeps>): HttpHandler {
  const full: LoginDeps = { throttle: new LoginThrottle(), gate: new PasswordGate(), now: Date.now, ...deps };
  return async (req) => {
    if (req.path !== '/api/login') return undefined;
    if (req.method !== 'POST') return errorResponse(405, 'method_not_allowed', 'use POST');
    return login(req, full);
  };
}

async function login(req: HttpRequest, deps: LoginDeps): Promise<HttpResponse> {
  const body = readJson(req);
  if (!body.ok) return body.response;
  const parsed = LoginBody.safeParse(body.value);
  if (!parsed.success) return invalidRequest(parsed.error);
  const { username, password } = parsed.data;
  const wait = deps.throttle.attempt(req.ip, username, deps.now()); // counted as failed until it succeeds
  if (wait > 0) return tooManyAttempts(wait);
  const account = await accountNamed(deps.records, username);
  const passwordOk = await deps.gate.run(() => (account ? verifyPassword(password, account.passwordHash) : burnPasswordCheck(password)));
  if (passwordOk === undefined) return busy();
  const role = account && isSyncRole(account.role) ? account.role : undefined;
  // A disabled account is refused only after the full password check: the time taken tells nothing.
  if (!account || !passwordOk || !role || account.disabled) return badCredentials();
  deps.throttle.succeeded(req.ip, username);
  const claims = { sub: account.userId, role, ...(account.fundraisers ? { fids: account.fundraisers } : {}) };
  const { token, expiresAt, jti, issuedAt } = deps.tokens.issue(claims);
  // Recorded before the token is handed out, so every token in use can be listed and revoked.
  await deps.sessions?.record({ jti, userId: account.userId, role, issuedAt: issuedAt.toISOString(), expiresAt: expiresAt.toISOString() });
  if (deps.sessions && !(await unchangedSince(deps.records, account))) {
    await deps.sessions.revoke(jti, 'account changed during login');
    return badCredentials();
  }
  return jsonResponse(200, { token, role, userId: account.userId, expiresAt: expiresAt.toISOString() });
}

/** A manager may change the password or disable the account while this login checks it. The
 *  change is stored before its sign-out lists the sessions, and this session was stored before
 *  this re-read: so either the sign-out revokes this session, or this re-read sees the change. */
async function unchangedSince(records: Records, checked: Account): Promise<boolean> {
  const now = await records.getAccount(checked.username);
  return now !== undefined && !now.disabled && now.passwordHash === checked.passwordHash;
}

/** 429 with Retry-After: this address failed too often (login-throttle.ts). Checked before
 *  the password, so the answer says nothing about it. */
function tooManyAttempts(waitMs: number): HttpResponse {
  const minutes = Math.ceil(waitMs / 60_000);
  const response = errorResponse(429, 'too_many_attempts', `Too many failed logins from this address. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`);
  return { ...response, headers: { ...response.headers, 'retry-after': String(Math.ceil(waitMs / 1000)) } };
}

/** 503: too many logins are being checked right now (password-gate.ts); nothing was counted
 *  against the password, but the try stays counted against the address, as a guess. */
function busy(): HttpResponse {
  const response = errorResponse(503, 'busy', 'The server is checking many logins right now. Try again in a few seconds.');
  return { ...response, headers: { ...response.headers, 'retry-after': '5' } };
}

function badCredentials(): HttpResponse {
  return errorResponse(401, 'bad_credentials', 'unknown user or wrong password');
}

function invalidRequest(error: z.ZodError): HttpResponse {
  return errorResponse(400, 'invalid_request', 'the body must be {"username": string, "password": string}', zodIssues(error));
}
