// Contract extension (docs/RELIABILITY.md): a manager lists the live device sessions
// and revokes one. A revoked token is refused everywhere from then on (sync 4401, HTTP 401),
// and the sockets it holds open are closed at once with 4401.
//
//   GET  /api/devices               manager → 200 {devices: (DeviceSession & {lastSeen?: {at, fid}, connected?: true})[]}
//   POST /api/devices/<jti>/revoke  manager → 200 {device: DeviceSession}; 404 unknown id
//   POST /api/logout                any valid token → 200 {device}: that session revoked, so a
//                                   tablet handed on does not keep the last person's login
import type { TokenAuthority, TokenPayload } from './auth.js';
import type { DeviceSessions } from './device-sessions.js';
import type { SessionsSeen } from './sessions-seen.js';
import type { HttpHandler, HttpRequest, HttpResponse } from './http-types.js';
import type { Rooms } from './rooms.js';
import { apiError, bearerToken, json, match } from './api/http.js';
import { CloseCode, REVOKED_REASON } from './shared/protocol.js';

const REVOKE = /^\/api\/devices\/([A-Za-z0-9_-]{1,64})\/revoke$/;

export interface DevicesApiDeps { sessions: DeviceSessions; seen: SessionsSeen; tokens: TokenAuthority; rooms: Rooms }

export function devicesApi(deps: DevicesApiDeps): HttpHandler {
  return async (req) => {
    if (req.path === '/api/devices') return req.method === 'GET' ? asManager(req, deps, () => list(deps)) : notAllowed('GET');
    if (req.path === '/api/logout') return req.method === 'POST' ? logOut(req, deps) : notAllowed('POST');
    const revoke = match(REVOKE, req.path);
    if (!revoke) return undefined;
    if (req.method !== 'POST') return notAllowed('POST');
    return asManager(req, deps, (manager) => revokeSession(deps, revoke[0]!, manager));
  };
}

async function list(deps: DevicesApiDeps): Promise<HttpResponse> {
  const [devices, seen, connected] = await Promise.all([deps.sessions.list(), deps.seen.all(), deps.rooms.connectedSessions()]);
  return json(200, { devices: devices.map((d) => ({ ...d, ...(seen.has(d.jti) ? { lastSeen: seen.get(d.jti) } : {}), ...(connected.has(d.jti) ? { connected: true } : {}) })) });
}

async function revokeSession(deps: DevicesApiDeps, jti: string, manager: TokenPayload): Promise<HttpResponse> {
  const device = await deps.sessions.revoke(jti, manager.sub);
  if (!device) return apiError(404, 'not_found', 'There is no such device session.');
  await deps.rooms.closeConnections((conn) => conn.token.jti === jti, CloseCode.badToken, REVOKED_REASON);
  return json(200, { device });
}

/** Ends the session of the token it comes with (one issued before sessions were recorded has none to end). */
async function logOut(req: HttpRequest, deps: DevicesApiDeps): Promise<HttpResponse> {
  const check = verifiedBearer(req, deps);
  if (!check?.ok) return apiError(401, 'unauthorized', 'Log in first: a valid Bearer token is required.');
  const { jti, sub } = check.payload;
  if (!jti) return json(200, {});
  const device = await deps.sessions.revoke(jti, sub);
  await deps.rooms.closeConnections((conn) => conn.token.jti === jti, CloseCode.badToken, REVOKED_REASON);
  return json(200, device ? { device } : {});
}

function verifiedBearer(req: HttpRequest, deps: DevicesApiDeps): ReturnType<TokenAuthority['verify']> | undefined {
  const token = bearerToken(req);
  return token ? deps.tokens.verify(token) : undefined;
}

function asManager(req: HttpRequest, deps: DevicesApiDeps, then: (manager: TokenPayload) => Promise<HttpResponse>): Promise<HttpResponse> {
  const check = verifiedBearer(req, deps);
  if (!check?.ok) return Promise.resolve(apiError(401, 'unauthorized', 'Log in first: a valid Bearer token is required.'));
  if (check.payload.role !== 'manager') return Promise.resolve(apiError(403, 'forbidden', 'Only a manager may manage devices.'));
  return then(check.payload);
}

function notAllowed(method: string): HttpResponse {
  return apiError(405, 'method_not_allowed', `use ${method}`);
}
