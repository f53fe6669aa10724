// The public website's HTTP API (CQRS commands and the customer's own reads). Customers
// never sync: they see the catalog, and their own order through its receipt, nothing else.
import { z } from 'zod';
import { Customer, ExpectedPrices, Id, Note, Quantity, MAX_LINES, uniqueItems } from '../../domain';
import { EXPECTED_PRICES_HEADER, expectedPricesFrom } from '../shared/expected-prices';
import { customerView } from '../website-read-model';
import { INVISIBLE } from '../shared/invisible-text';
import type { HttpHandler, HttpRequest, HttpResponse } from '../http-types';
import { apiError, json, match, parseBody } from './http';
import type { Fundraisers, Outcome } from './fundraisers';
import type { RateLimiter } from '../rate-limit.js';
import type { Currency } from '../shared/currency';

/** Only characters a reader sees (invisible-text.ts): on the manager's screens and in the treasurer's spreadsheet. */
const visible = (oneLine: boolean) => (text: string) => !INVISIBLE.test(text) && !(oneLine && /[\t\r\n]/.test(text));

/** A customer as the website takes one: the domain's, with only visible characters in the name (on one line). */
const WebsiteCustomer = Customer.refine((c) => visible(true)(c.name), { path: ['name'], message: 'Only visible characters, on one line.' });

/** Exactly the contract's fields: a price, or anything else, is refused with 400. */
export const OrderRequest = z
  .object({
    customer: WebsiteCustomer,
    lines: z.array(z.object({ itemId: Id, quantity: Quantity }).strict()).min(1).max(MAX_LINES).superRefine(uniqueItems),
    note: Note.refine(visible(false), 'Only visible characters.').optional(),
    idempotencyKey: z.string().min(8).max(128).regex(/^[A-Za-z0-9_.:-]+$/).optional(),
  })
  .strict();

const FUNDRAISER = /^\/api\/fundraisers\/([^/]+)$/;
const ORDERS = /^\/api\/fundraisers\/([^/]+)\/orders$/;
const ORDER = /^\/api\/fundraisers\/([^/]+)\/orders\/([^/]+)$/;
const CANCEL = /^\/api\/fundraisers\/([^/]+)\/orders\/([^/]+)\/cancel$/;

export function websiteApi(fundraisers: Fundraisers, limiter: RateLimiter, currency: Currency, now: () => number = Date.now): HttpHandler {
  return async (req) => {
    const { method, path } = req;
    let parts: string[] | undefined;
    if (method === 'GET' && (parts = match(FUNDRAISER, path))) return catalog(fundraisers, parts[0]!, currency.code);
    if (method === 'POST' && (parts = match(ORDERS, path))) return place(fundraisers, limiter, req, parts[0]!, now());
    if (method === 'GET' && (parts = match(ORDER, path))) return receipt(fundraisers, req, parts[0]!, parts[1]!);
    if (method === 'POST' && (parts = match(CANCEL, path))) return cancel(fundraisers, req, parts[0]!, parts[1]!);
    return undefined;
  };
}

async function catalog(fundraisers: Fundraisers, fid: string, currency: string): Promise<HttpResponse> {
  // currency, archived: extensions (docs/EXTENSIONS.md); the contract's fields are unchanged.
  const body = await fundraisers.readWebsite(fid, (site, meta) => ({ id: meta.id, name: meta.name, ...site.catalog(), currency, ...(meta.archived ? { archived: true } : {}) }));
  return body ? json(200, body) : unknownFundraiser();
}

async function place(fundraisers: Fundraisers, limiter: RateLimiter, req: HttpRequest, fid: string, now: number): Promise<HttpResponse> {
  if (!limiter.take(req.ip, now)) return apiError(429, 'rate_limited', 'Too many orders from this address; try again in a minute.');
  const body = parseBody(req, OrderRequest);
  if (!body.ok) return body.response;
  const shown = expectedPrices(req);
  if (!shown.ok) return apiError(400, 'invalid_request', `The ${EXPECTED_PRICES_HEADER} header is not valid: give itemId=cents pairs, separated by commas.`);
  return answer(await fundraisers.placeOrder(fid, { ...body.value, ...(shown.prices ? { expectedPrices: shown.prices } : {}) }), (placed) => placed);
}

/** The prices the customer's page showed, if it sent them (shared/expected-prices.ts). */
function expectedPrices(req: HttpRequest): { ok: true; prices?: Record<string, number> } | { ok: false } {
  const value = req.headers[EXPECTED_PRICES_HEADER.toLowerCase()];
  if (value === undefined) return { ok: true };
  const parsed = ExpectedPrices.safeParse(expectedPricesFrom(value));
  return parsed.success ? { ok: true, prices: parsed.data } : { ok: false };
}

async function receipt(fundraisers: Fundraisers, req: HttpRequest, fid: string, orderId: string): Promise<HttpResponse> {
  const secret = req.query.get('receipt') ?? '';
  if (!(await fundraisers.receiptMatches(fid, orderId, secret))) return noSuchOrder();
  const order = await fundraisers.readWebsite(fid, (site) => site.order(orderId));
  return order ? json(200, order) : noSuchOrder();
}

async function cancel(fundraisers: Fundraisers, req: HttpRequest, fid: string, orderId: string): Promise<HttpResponse> {
  const outcome = await fundraisers.cancel(fid, orderId, req.query.get('receipt') ?? '');
  // Cancelled just now: no cancellation of theirs was overruled, so no conflicts are needed.
  return answer(outcome, (order) => customerView(order, { orderConflicts: () => [] }));
}

function answer<T>(outcome: Outcome<T> | undefined, view: (value: T) => unknown): HttpResponse {
  if (!outcome) return unknownFundraiser();
  if (!outcome.ok) return apiError(outcome.status, outcome.error.code === 'invalid' ? 'invalid_request' : outcome.error.code, outcome.error.message, outcome.error.issues ?? fieldIssue(outcome.error.field, outcome.error.message));
  return json(outcome.status ?? 200, view(outcome.value));
}

function fieldIssue(field: string | undefined, message: string) {
  return field ? [{ path: field, message }] : undefined;
}

const unknownFundraiser = () => apiError(404, 'not_found', 'There is no such fundraiser.');
const noSuchOrder = () => apiError(404, 'not_found', 'No such order.');
