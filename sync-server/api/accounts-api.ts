// Contract extension (docs/EXTENSIONS.md): a manager manages the accounts — lists them, adds
// one, sets a password, disables or enables one. Only a manager whose token opens every
// fundraiser (no `fids`) may: accounts are club-wide.
//
//   GET  /api/accounts                        → 200 {accounts: AccountView[], changes: AccountChange[]} by username; the 50 newest changes
//   POST /api/accounts                        {username, password, role, fundraisers?} → 201 {account}; 409 exists
//   POST /api/accounts/<username>/password    {password} → 200 {account}; signs the user out everywhere
//   POST /api/accounts/<username>/disable     → 200 {account}; signs out; 409 last_manager / own_account
//   POST /api/accounts/<username>/enable      → 200 {account}
//   POST /api/accounts/<username>/fundraisers {fundraisers: [fid…] | null} → 200 {account}; null: all; signs out;
//                                             409 unchanged / own_account / last_manager
// 401 without a valid token, 403 for clerks and restricted managers, 404 unknown username.
import { z } from 'zod';
import { recentAccountChanges } from '../account-changes.js';
import { AccountAdmin, type AccountAdminDeps } from '../accounts.js';
import { hashPassword } from '../auth.js';
import type { HttpHandler, HttpRequest, HttpResponse } from '../http-types.js';
import { apiError, json, parseBody } from './http.js';
import { FundraiserId } from './meta.js';
import { guarded, type Authenticate, type Principal } from './staff-api.js';

// Not dots alone: a URL's path drops "." and "..", so such an account could never be disabled.
const USERNAME = /^(?!\.+$)[A-Za-z0-9._-]{1,64}$/;
const ACTION = /^\/api\/accounts\/([^/]+)\/(password|disable|enable|fundraisers)$/;

const Username = z.string().regex(USERNAME, 'Use 1 to 64 letters, digits, dots, underscores or hyphens (not dots alone).');
const NewPassword = z.string().min(8, 'Use at least 8 characters.').max(1024, 'Use at most 1024 characters.');

export const CreateAccountBody = z.strictObject({
  username: Username,
  password: NewPassword,
  role: z.enum(['manager', 'clerk']),
  fundraisers: z.array(FundraiserId).min(1).max(1000).optional(),
});
export const SetPasswordBody = z.strictObject({ password: NewPassword });
export const SetFundraisersBody = z.strictObject({ fundraisers: z.array(FundraiserId).min(1).max(1000).nullable() });
type Verb = 'password' | 'disable' | 'enable' | 'fundraisers';

export function accountsApi(deps: AccountAdminDeps, authenticate: Authenticate): HttpHandler {
  const admin = new AccountAdmin(deps);
  return async (req) => {
    if (req.path === '/api/accounts') {
      if (req.method === 'GET') return asAccountManager(req, authenticate, async () => json(200, { accounts: await admin.list(), changes: await recentAccountChanges(deps.storage) }));
      if (req.method === 'POST') return asAccountManager(req, authenticate, (manager) => create(admin, req, manager));
      return notAllowed('GET, POST');
    }
    const action = ACTION.exec(req.path);
    if (!action) return undefined;
    if (req.method !== 'POST') return notAllowed('POST');
    const [, username, verb] = action as unknown as [string, string, Verb];
    return asAccountManager(req, authenticate, (manager) => {
      if (!USERNAME.test(username)) return Promise.resolve(unknownAccount());
      if (verb === 'password') return setPassword(admin, req, username, manager);
      if (verb === 'fundraisers') return setFundraisers(admin, req, username, manager);
      return setDisabled(admin, username, verb === 'disable', manager);
    });
  };
}

async function create(admin: AccountAdmin, req: HttpRequest, manager: Principal): Promise<HttpResponse> {
  const body = parseBody(req, CreateAccountBody);
  if (!body.ok) return body.response;
  const { username, password, role, fundraisers } = body.value;
  const account = await admin.create({ username, role, fundraisers, passwordHash: await hashPassword(password) }, manager.userId);
  if (!account) return apiError(409, 'exists', `There is already an account "${username}".`, [{ path: 'username', message: 'This username is taken (names ignore upper and lower case).' }]);
  return json(201, { account });
}

async function setPassword(admin: AccountAdmin, req: HttpRequest, username: string, manager: Principal): Promise<HttpResponse> {
  const body = parseBody(req, SetPasswordBody);
  if (!body.ok) return body.response;
  const account = await admin.setPassword(username, await hashPassword(body.value.password), manager.userId, manager.jti);
  return account ? json(200, { account }) : unknownAccount();
}

async function setDisabled(admin: AccountAdmin, username: string, disabled: boolean, manager: Principal): Promise<HttpResponse> {
  const outcome = await admin.setDisabled(username, disabled, manager.userId);
  if (outcome === 'not_found') return unknownAccount();
  if (outcome === 'last_manager') return apiError(409, 'last_manager', 'This is the last enabled manager account: enable or add another manager first.');
  if (outcome === 'own_account') return apiError(409, 'own_account', 'You cannot disable your own account; another manager can.');
  return json(200, { account: outcome });
}

async function setFundraisers(admin: AccountAdmin, req: HttpRequest, username: string, manager: Principal): Promise<HttpResponse> {
  const body = parseBody(req, SetFundraisersBody);
  if (!body.ok) return body.response;
  const outcome = await admin.setFundraisers(username, body.value.fundraisers ?? undefined, manager.userId);
  if (outcome === 'not_found') return unknownAccount();
  if (outcome === 'unchanged') return apiError(409, 'unchanged', 'The account already opens exactly these fundraisers.');
  if (outcome === 'last_manager') return apiError(409, 'last_manager', 'This is the last manager who opens every fundraiser: another one must first.');
  if (outcome === 'own_account') return apiError(409, 'own_account', 'You cannot limit your own account; another manager can.');
  return json(200, { account: outcome });
}

/** Accounts are club-wide: a manager whose token opens every fundraiser (staff-api's guarded with none named). */
function asAccountManager(req: HttpRequest, authenticate: Authenticate, then: (manager: Principal) => Promise<HttpResponse>): Promise<HttpResponse> {
  return guarded(req, authenticate, undefined, ['manager'], then);
}

function unknownAccount(): HttpResponse {
  return apiError(404, 'not_found', 'There is no such account.');
}

function notAllowed(methods: string): HttpResponse {
  return apiError(405, 'method_not_allowed', `use ${methods}`);
}
