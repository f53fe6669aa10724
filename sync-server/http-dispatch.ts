// The transport-free half of serving HTTP and sync upgrades: parsing the request line and
// headers into HttpRequest parts, handing a request to the first handler that takes it,
// reading a capped body, and the answers the transport gives on its own. transport.ts does
// the socket work.
import type { Readable } from 'node:stream';
import { apiError as errorResponse } from './api/http.js';
import type { HttpHandler, HttpRequest, HttpResponse } from './http-types.js';
import { MAX_CLOSE_REASON_BYTES } from './shared/protocol.js';

export const TOO_LARGE = Symbol('too large');
// Past the cap we keep reading (and dropping) a little, so the client sees our 413 rather than
// a reset; past this many times the cap we just hang up.
const DRAIN_FACTOR = 4;

/** The request body (an http.IncomingMessage), or TOO_LARGE past `cap` bytes. */
export function readBody(req: Readable, contentLength: string | undefined, cap: number): Promise<Uint8Array | typeof TOO_LARGE> {
  const declared = Number(contentLength ?? 0);
  if (declared > cap * DRAIN_FACTOR) return Promise.resolve(TOO_LARGE);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > cap * DRAIN_FACTOR) return void req.destroy();
      if (size <= cap) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > cap ? TOO_LARGE : new Uint8Array(Buffer.concat(chunks))));
    req.on('close', () => size > cap && resolve(TOO_LARGE));
    req.on('error', reject);
  });
}

/** The first handler's answer, or 404; 503 once the server stops accepting. */
export async function dispatch(handlers: readonly HttpHandler[], request: HttpRequest, accepting: boolean): Promise<HttpResponse> {
  if (!accepting) return errorResponse(503, 'shutting_down', 'the server is shutting down');
  for (const handler of handlers) {
    const response = await handler(request);
    if (response) return response;
  }
  return errorResponse(404, 'not_found', `no such endpoint: ${request.method} ${request.path}`);
}

/** What the transport answers when a handler threw. */
export function failureResponse(err: unknown): HttpResponse {
  if ((err as { httpStatus?: unknown })?.httpStatus === 503) return errorResponse(503, 'unavailable', (err as Error).message);
  return errorResponse(500, 'internal', 'the server failed to handle this request');
}

export function tooLarge(cap: number): HttpResponse {
  return errorResponse(413, 'too_large', `the request body is over ${cap} bytes`);
}

export function malformedUrl(): HttpResponse {
  return errorResponse(400, 'invalid_request', 'malformed request URL');
}

export function parseUrl(raw: string | undefined): { path: string; query: URLSearchParams } | undefined {
  try {
    const url = new URL(raw ?? '/', 'http://localhost');
    return { path: decodeURIComponent(url.pathname), query: url.searchParams };
  } catch {
    return undefined;
  }
}

/** Lower-cased names as Node gives them; repeated headers joined with ", ". */
export function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string | undefined> {
  const flat: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(headers)) flat[name] = Array.isArray(value) ? value.join(', ') : value;
  return flat;
}

/** A WebSocket close reason fits in MAX_CLOSE_REASON_BYTES of UTF-8. */
export function truncateReason(reason: string): string {
  let out = reason;
  while (Buffer.byteLength(out, 'utf8') > MAX_CLOSE_REASON_BYTES) out = out.slice(0, -1);
  return out;
}
