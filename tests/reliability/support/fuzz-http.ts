// A seeded fuzzer for the HTTP API (fast-check): random methods, paths (the real routes with
// hostile ids and receipts, and random ones), content types and bodies (random bytes, random
// JSON, near-valid orders, oversized). Every answer must be one of the contract's: below 500,
// errors as {"error": {code, message}}; and no answer may show a customer's personal data,
// for none of these requests carries that customer's receipt. Some requests carry a valid
// manager's or clerk's token, so the staff routes (the order list, accounts, devices, the
// fundraisers' list and changes) are fuzzed past their token check too; staff may read the
// orders, so those answers are checked for the rest only.
import fc from 'fast-check';
import { startApp } from '../../support/app';

const SECRET_NAME = 'Zelda Private-Customer';
const SECRET_EMAIL = 'zelda.private@example.org';
const SECRET_PHONE = '+32 470 99 88 77';

export interface HttpFuzzReport { seed: number; cases: number; statuses: Record<string, number> }

export async function runHttpFuzz(seed: number, runs: number): Promise<HttpFuzzReport> {
  const test = await startApp();
  const report: HttpFuzzReport = { seed, cases: 0, statuses: {} };
  try {
    const secret = await post(test.url, '/api/fundraisers/demo/orders', {
      customer: { name: SECRET_NAME, email: SECRET_EMAIL, phone: SECRET_PHONE }, lines: [{ itemId: 'lemonade', quantity: 2 }],
    });
    if (secret.status !== 201) throw new Error(`the secret order was not placed: ${secret.status}`);
    const { orderId } = JSON.parse(secret.text) as { orderId: string };
    const staff = [`Bearer ${test.app.server.tokens.issue({ sub: 'manager', role: 'manager' }).token}`, `Bearer ${test.app.server.tokens.issue({ sub: 'clerk', role: 'clerk' }).token}`];
    await fc.assert(fc.asyncProperty(request(orderId, staff), async (req) => {
      const answer = await send(test.url, req);
      report.cases++;
      report.statuses[answer.status] = (report.statuses[answer.status] ?? 0) + 1;
      check(req, answer, staff.includes(req.auth ?? ''));
    }), { seed, numRuns: runs, endOnFailure: true });
    const health = await fetch(`${test.url}/healthz`);
    if (health.status !== 200) throw new Error('the server is not healthy after fuzzing');
    return report;
  } finally {
    await test.close();
  }
}

interface FuzzRequest { method: string; path: string; contentType?: string; body?: Uint8Array | string; auth?: string }

function check(req: FuzzRequest, answer: { status: number; text: string }, asStaff: boolean): void {
  const what = `${req.method} ${req.path} → ${answer.status} ${answer.text.slice(0, 200)}`;
  if (answer.status >= 500) throw new Error(`server error: ${what}`);
  if (answer.status >= 400 && !isErrorBody(answer.text)) throw new Error(`error without the contract's body: ${what}`);
  if (asStaff) return; // staff read every order
  for (const secret of [SECRET_NAME, SECRET_EMAIL, SECRET_PHONE]) {
    if (answer.text.includes(secret)) throw new Error(`personal data leaked: ${what}`);
  }
}

function isErrorBody(text: string): boolean {
  try {
    const body = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
    return typeof body.error?.code === 'string' && typeof body.error.message === 'string';
  } catch {
    return false;
  }
}

async function send(base: string, req: FuzzRequest): Promise<{ status: number; text: string }> {
  const headers: Record<string, string> = {};
  if (req.contentType) headers['content-type'] = req.contentType;
  if (req.auth) headers.authorization = req.auth;
  const hasBody = req.body !== undefined && req.method !== 'GET' && req.method !== 'HEAD';
  const response = await fetch(`${base}${req.path}`, { method: req.method, headers, ...(hasBody ? { body: req.body as BodyInit } : {}) });
  return { status: response.status, text: await response.text() };
}

async function post(base: string, path: string, body: unknown) {
  return send(base, { method: 'POST', path, contentType: 'application/json', body: JSON.stringify(body) });
}

// ---- what the fuzzer sends ----

function request(secretOrderId: string, staff: string[]): fc.Arbitrary<FuzzRequest> {
  return fc.record({
    method: fc.constantFrom('GET', 'POST', 'GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'),
    path: path(secretOrderId),
    contentType: fc.option(fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=utf-16', 'multipart/form-data'), { nil: undefined }),
    body: fc.option(body(), { nil: undefined }),
    auth: fc.option(fc.oneof(fc.string(), fc.string().map((s) => `Bearer ${s}`), fc.constantFrom(...staff)), { nil: undefined }),
  }, { requiredKeys: ['method', 'path'] });
}

function path(secretOrderId: string): fc.Arbitrary<string> {
  const id = fc.oneof(fc.constant(secretOrderId), fc.constant('demo'), fc.string({ maxLength: 40 }).map(encodeURIComponent), fc.constant('..%2F..%2Fetc'), fc.constant('%00'));
  const receipt = fc.oneof(fc.constant(''), fc.string({ maxLength: 60 }).map(encodeURIComponent), fc.constant('%27%20OR%201%3D1'));
  return fc.oneof(
    fc.constantFrom('/api/login', '/healthz', '/api/fundraisers/demo', '/api/fundraisers/demo/orders', '/api/fundraisers/demo/orders.csv', '/sync/demo'),
    fc.tuple(id, id).map(([f, o]) => `/api/fundraisers/${f}/orders/${o}`),
    fc.tuple(id, receipt).map(([o, r]) => `/api/fundraisers/demo/orders/${o}?receipt=${r}`),
    fc.tuple(id, receipt).map(([o, r]) => `/api/fundraisers/demo/orders/${o}/cancel?receipt=${r}`),
    id.map((f) => `/api/fundraisers/${f}/orders`),
    fc.constantFrom('/api/fundraisers', '/api/accounts', '/api/devices'),
    fc.tuple(id, fc.constantFrom('password', 'disable', 'enable', 'fundraisers')).map(([u, action]) => `/api/accounts/${u}/${action}`),
    id.map((j) => `/api/devices/${j}/revoke`),
    id.map((f) => `/api/fundraisers/${f}`),
    fc.webPath(),
  );
}

function body(): fc.Arbitrary<Uint8Array | string> {
  const order = fc.record({
    customer: fc.oneof(fc.record({ name: fc.string(), email: fc.string(), phone: fc.string() }, { requiredKeys: ['name'] }), fc.jsonValue()),
    lines: fc.oneof(fc.array(fc.record({ itemId: fc.constantFrom('lemonade', 'spaghetti', 'x'), quantity: fc.oneof(fc.integer(), fc.double()), unitPriceCents: fc.integer() }, { requiredKeys: ['itemId'] }), { maxLength: 60 }), fc.jsonValue()),
    note: fc.string({ maxLength: 3_000 }),
    idempotencyKey: fc.string(),
    totalCents: fc.integer(),
  }, { requiredKeys: ['customer', 'lines'] });
  return fc.oneof(
    fc.uint8Array({ maxLength: 400 }),
    fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
    order.map((o) => JSON.stringify(o)),
    fc.record({ username: fc.oneof(fc.string(), fc.constantFrom('manager', 'clerk')), password: fc.string() }).map((o) => JSON.stringify(o)),
    fc.record({ username: fc.oneof(fc.string(), fc.stringMatching(/^[a-z.]{1,12}$/)), password: fc.string(), role: fc.constantFrom('manager', 'clerk', 'root'), fundraisers: fc.oneof(fc.array(fc.string()), fc.jsonValue()) }, { requiredKeys: [] }).map((o) => JSON.stringify(o)),
    fc.record({ id: fc.string(), name: fc.oneof(fc.string(), fc.jsonValue()), archived: fc.oneof(fc.boolean(), fc.jsonValue()) }, { requiredKeys: [] }).map((o) => JSON.stringify(o)),
    fc.integer({ min: 256 * 1024, max: 1_200_000 }).map((n) => 'x'.repeat(n)),
    fc.integer({ min: 1, max: 5_000 }).map((n) => '['.repeat(n)),
  );
}
