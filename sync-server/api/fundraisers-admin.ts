// A fundraiser's public existence (contract extension, docs/EXTENSIONS.md): the record with its
// name that makes /order/<fid> and the website API answer for it. The document itself needs no
// creating (a manager's device makes it by syncing its first events), but without a name the
// website has nothing to show, and before this only the seeded demo had one. The apps list
// the fundraisers an account may open, so a clerk needs no link to find the club's.
//   GET   /api/fundraisers        manager, clerk → {fundraisers: [{id, name, archived?}]} (name null: no public page)
//   POST  /api/fundraisers        {id, name}  manager (token for every fundraiser) → 201 | 409 exists
//   PATCH /api/fundraisers/<fid>  {name?, archived?}  manager whose token opens fid → 200 | 404
import { z } from 'zod';
import type { HttpHandler, HttpRequest, HttpResponse } from '../http-types';
import { apiError, json, match, parseBody } from './http';
import { FundraiserId, FundraiserName, type FundraiserMeta } from './meta';
import { authorized, guarded, type Authenticate, type Principal } from './staff-api';

const CREATE = '/api/fundraisers';
const ONE = /^\/api\/fundraisers\/([^/]+)$/;
const CreateBody = z.object({ id: FundraiserId, name: FundraiserName }).strict();
const ChangeBody = z.object({ name: FundraiserName.optional(), archived: z.boolean().optional() }).strict()
  .refine((body) => body.name !== undefined || body.archived !== undefined, 'Send a name, archived, or both.');

/** `listDocs`: the fundraisers that have a stored document (DocStore.listDocs). */
export function fundraisersAdminApi(meta: FundraiserMeta, listDocs: () => Promise<string[]>, authenticate: Authenticate): HttpHandler {
  return async (req) => {
    if (req.path === CREATE && req.method === 'GET') return authorized(req, authenticate, ['manager', 'clerk'], (who) => list(who, meta, listDocs));
    if (req.path === CREATE && req.method === 'POST') return guarded(req, authenticate, undefined, ['manager'], () => create(req, meta));
    const one = req.method === 'PATCH' ? match(ONE, req.path) : undefined;
    if (one) return guarded(req, authenticate, one[0]!, ['manager'], () => change(req, meta, one[0]!));
    return undefined;
  };
}

async function create(req: HttpRequest, meta: FundraiserMeta): Promise<HttpResponse> {
  const body = parseBody(req, CreateBody);
  if (!body.ok) return body.response;
  if (!(await meta.create(body.value))) return apiError(409, 'exists', `There is already a fundraiser ${body.value.id}.`, [{ path: 'id', message: 'This id is taken.' }]);
  return json(201, body.value);
}

async function change(req: HttpRequest, meta: FundraiserMeta, fid: string): Promise<HttpResponse> {
  const body = parseBody(req, ChangeBody);
  if (!body.ok) return body.response;
  const changed = await meta.update(fid, body.value);
  return changed ? json(200, changed) : apiError(404, 'not_found', 'There is no such fundraiser: create it first.');
}

/** Fundraisers with a public page or a document, those the token opens, by name then id. */
async function list(who: Principal, meta: FundraiserMeta, listDocs: () => Promise<string[]>): Promise<HttpResponse> {
  const [named, docs] = await Promise.all([meta.list(), listDocs()]);
  const byId = new Map<string, { id: string; name: string | null; archived?: true }>(docs.filter((id) => FundraiserId.safeParse(id).success).map((id) => [id, { id, name: null }]));
  for (const { id, name, archived } of named) byId.set(id, { id, name, ...(archived ? { archived: true as const } : {}) });
  const fundraisers = [...byId.values()].filter(({ id }) => !who.fids || who.fids.includes(id));
  fundraisers.sort((a, b) => (a.name ?? a.id).localeCompare(b.name ?? b.id) || a.id.localeCompare(b.id));
  return json(200, { fundraisers });
}
