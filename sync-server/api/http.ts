// Small helpers for the JSON API: every error has the contract's shape
// `{"error": {"code", "message", "issues"?}}` and a 4xx status.
import type { z } from 'zod';
import type { HttpRequest, HttpResponse } from '../http-types';

export interface Issue { path: string; message: string }

export function json(status: number, body: unknown, headers: Record<string, string> = {}): HttpResponse {
  return { status, headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers }, body: JSON.stringify(body) };
}

export function apiError(status: number, code: string, message: string, issues?: Issue[]): HttpResponse {
  return json(status, { error: { code, message, ...(issues ? { issues } : {}) } });
}

export function zodIssues(error: z.ZodError): Issue[] {
  return error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
}

/** Parses a JSON body against a schema: 415 unless JSON, 400 with the zod issues otherwise. */
export function parseBody<S extends z.ZodType>(req: HttpRequest, schema: S): { ok: true; value: z.infer<S> } | { ok: false; response: HttpResponse } {
  const type = req.headers['content-type'] ?? '';
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    return { ok: false, response: apiError(415, 'unsupported_media_type', 'Send the body as application/json.') };
  }
  const body = readJson(req);
  if (!body.ok) return body;
  const parsed = schema.safeParse(body.value);
  if (!parsed.success) return { ok: false, response: apiError(400, 'invalid_request', 'The request is not valid.', zodIssues(parsed.error)) };
  return { ok: true, value: parsed.data };
}

/** Reads the body as UTF-8 JSON; anything else is a 400 invalid_request. */
export function readJson(req: HttpRequest): { ok: true; value: unknown } | { ok: false; response: HttpResponse } {
  try {
    return { ok: true, value: JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(req.body)) as unknown };
  } catch (err) {
    const message = `The body is not valid JSON: ${(err as Error).message}`;
    return { ok: false, response: apiError(400, 'invalid_request', message, [{ path: '', message }]) };
  }
}

/** What a fundraiser or order id in a path may look like (the domain's Id): anything else
 *  is no route (404), never a storage key with a NUL in it, or a second URI decoding. */
const ID_PART = /^[A-Za-z0-9_.:@-]{1,64}$/;

/** Matches `/api/fundraisers/<fid>/...` paths (already URI-decoded by the transport);
 *  returns the captured parts, or undefined when they do not match or are not ids. */
/** The token of an `Authorization: Bearer …` header, if there is one. */
export function bearerToken(req: HttpRequest): string | undefined {
  return /^Bearer\s+(\S+)$/i.exec(req.headers['authorization'] ?? '')?.[1];
}

export function match(pattern: RegExp, path: string): string[] | undefined {
  const found = pattern.exec(path);
  const parts = found?.slice(1);
  return parts && parts.every((part) => ID_PART.test(part)) ? parts : undefined;
}
