// The manager's and clerk's reads of the server's own projection: the order list with its
// conflicts, and the treasurer's CSV. Bearer tokens from POST /api/login.
import type { Projection } from '../../domain';
import { byNumber, ordersCsv } from '../shared/orders-csv';
import { paymentsCsv } from '../shared/payments-csv';
import type { HttpHandler, HttpRequest, HttpResponse } from '../http-types';
import { apiError, bearerToken, json, match } from './http';
import type { Fundraisers } from './fundraisers';

/** `jti`: the session the request came with (device-sessions.ts). */
export interface Principal { role: 'manager' | 'clerk'; userId: string; fids?: string[]; jti?: string }
export type Authenticate = (token: string) => Principal | undefined;

const LIST = /^\/api\/fundraisers\/([^/]+)\/orders$/;
const CSV = /^\/api\/fundraisers\/([^/]+)\/(orders|payments)\.csv$/;

/** The treasurer's files: one row per order, or per payment and refund (the slips), their
 *  times in the club's zone (TIME_ZONE). */
function csvFiles(timeZone: string): Record<string, (p: Projection) => string> {
  return {
    orders: (p) => ordersCsv(p.orders(), { timeZone, itemName: (itemId) => p.item(itemId)?.name }),
    payments: (p) => paymentsCsv(p.orders(), timeZone),
  };
}

export function staffApi(fundraisers: Fundraisers, authenticate: Authenticate, timeZone: string): HttpHandler {
  const files = csvFiles(timeZone);
  return async (req) => {
    if (req.method !== 'GET') return undefined;
    const list = match(LIST, req.path);
    if (list) return guarded(req, authenticate, list[0]!, ['manager', 'clerk'], () => orders(fundraisers, list[0]!));
    const csv = match(CSV, req.path);
    if (csv) return guarded(req, authenticate, csv[0]!, ['manager'], () => csvFile(fundraisers, csv[0]!, files[csv[1]!]!, csv[1]!));
    return undefined;
  };
}

/** Runs `then` for a principal of one of `roles` whose token opens `fid` (any fundraiser when
 *  `fid` is undefined: only a token with no `fids` restriction); else 401 or 403. */
export function guarded(req: HttpRequest, authenticate: Authenticate, fid: string | undefined, roles: Principal['role'][], then: (who: Principal) => Promise<HttpResponse>) {
  return authorized(req, authenticate, roles, (principal) => {
    const opens = !principal.fids || (fid !== undefined && principal.fids.includes(fid));
    return opens ? then(principal) : Promise.resolve(forbidden());
  });
}

/** Runs `then` for a principal of one of `roles`, whatever fundraisers its token opens: for
 *  answers `then` narrows to those itself (the list of fundraisers). */
export function authorized(req: HttpRequest, authenticate: Authenticate, roles: Principal['role'][], then: (who: Principal) => Promise<HttpResponse>) {
  const token = bearerToken(req);
  const principal = token ? authenticate(token) : undefined;
  if (!principal) return Promise.resolve(apiError(401, 'unauthorized', 'Log in first: a valid Bearer token is required.'));
  return roles.includes(principal.role) ? then(principal) : Promise.resolve(forbidden());
}

const forbidden = () => apiError(403, 'forbidden', 'Your account may not do this.');

async function orders(fundraisers: Fundraisers, fid: string): Promise<HttpResponse> {
  const view = await fundraisers.read(fid, (p) => ({
    orders: p.orders().sort(byNumber).map((order) => ({ ...order, history: p.history(order.orderId) })),
    conflicts: p.conflicts(), rejected: p.rejected(),
  }));
  return view ? json(200, view) : apiError(404, 'not_found', 'There is no such fundraiser.');
}

async function csvFile(fundraisers: Fundraisers, fid: string, build: (p: Projection) => string, name: string): Promise<HttpResponse> {
  const body = await fundraisers.read(fid, build);
  if (body === undefined) return apiError(404, 'not_found', 'There is no such fundraiser.');
  return {
    status: 200,
    headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${fid}-${name}.csv"`, 'cache-control': 'no-store' },
    body,
  };
}

