// A fundraiser's public existence (contract extension, docs/EXTENSIONS.md): the record with its
// name that makes /order/<fid> and the website API answer for it. The document itself needs no
// creating (a manager's device makes it by syncing its first events), but without a name the
// website has nothing to show, and before this only the seeded demo had one.
//   POST  /api/fundraisers        {id, name}  manager (token for every fundraiser) → 201 | 409 exists
//   PATCH /api/fundraisers/<fid>  {name}      manager whose token opens fid        → 200 | 404
import { z } from 'zod';
import type { HttpHandler, HttpRequest, HttpResponse } from '../http-types';
import { apiError, json, match, parseBody } from './http';
import { FundraiserId, FundraiserName, type FundraiserMeta } from './meta';
import { guarded, type Authenticate } from './staff-api';

const CREATE = '/api/fundraisers';
const ONE = /^\/api\/fundraisers\/([^/]+)$/;
const CreateBody = z.object({ id: FundraiserId, name: FundraiserName }).strict();
const RenameBody = z.object({ name: FundraiserName }).strict();

export function fundraisersAdminApi(meta: FundraiserMeta, authenticate: Authenticate): HttpHandler {
  return async (req) => {
    if (req.path === CREATE && req.method === 'POST') return guarded(req, authenticate, undefined, ['manager'], () => create(req, meta));
    const one = req.method === 'PATCH' ? match(ONE, req.path) : undefined;
    if (one) return guarded(req, authenticate, one[0]!, ['manager'], () => rename(req, meta, one[0]!));
    return undefined;
  };
}

async function create(req: HttpRequest, meta: FundraiserMeta): Promise<HttpResponse> {
  const body = parseBody(req, CreateBody);
  if (!body.ok) return body.response;
  if (!(await meta.create(body.value))) return apiError(409, 'exists', `There is already a fundraiser ${body.value.id}.`, [{ path: 'id', message: 'This id is taken.' }]);
  return json(201, body.value);
}

async function rename(req: HttpRequest, meta: FundraiserMeta, fid: string): Promise<HttpResponse> {
  const body = parseBody(req, RenameBody);
  if (!body.ok) return body.response;
  const renamed = await meta.rename(fid, body.value.name);
  return renamed ? json(200, renamed) : apiError(404, 'not_found', 'There is no such fundraiser: create it first.');
}
