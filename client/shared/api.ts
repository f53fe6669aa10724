// A small fetch wrapper for the JSON API. Every answer is parsed with zod: a page never
// trusts the shape of what came over the wire, and every failure becomes one of two
// errors a page can explain to a person (the server said no / the network failed).
import { z } from 'zod';

export interface FieldIssue { path: string; message: string }

/** The server answered with the contract's error shape (or some other 4xx/5xx). */
export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly issues: FieldIssue[] = []) {
    super(message);
  }
}

/** No answer at all: offline, the server is down, or the connection broke mid-way. */
export class NetworkError extends Error {
  constructor() {
    super('Could not reach the server. Check the connection and try again.');
  }
}

// login.ts writes paths as arrays of strings, the website API as dotted strings: accept both.
const IssuePath = z.union([z.string(), z.array(z.union([z.string(), z.number()]))])
  .transform((path) => (Array.isArray(path) ? path.join('.') : path));
const ErrorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    issues: z.array(z.object({ path: IssuePath, message: z.string() })).optional(),
  }),
});

export async function requestJson<S extends z.ZodType>(schema: S, url: string, init: RequestInit = {}): Promise<z.infer<S>> {
  const response = await send(url, init);
  const body: unknown = await response.json().catch(() => undefined);
  if (!response.ok) throw errorFrom(response.status, body);
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new ApiError(response.status, 'bad_response', 'The server sent an answer this page does not understand.');
  return parsed.data;
}

export async function send(url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch {
    throw new NetworkError();
  }
}

export function errorFrom(status: number, body: unknown): ApiError {
  const parsed = ErrorBody.safeParse(body);
  if (!parsed.success) return new ApiError(status, `http_${status}`, `The server answered with an error (${status}). Try again in a moment.`);
  const { code, message, issues } = parsed.data.error;
  return new ApiError(status, code, message, issues ?? []);
}

export function postJson(body: unknown, headers: Record<string, string> = {}): RequestInit {
  return { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) };
}

/** Zod issues as `path → message`, the first message per path. */
export function issuesByPath(issues: readonly { path: string; message: string }[]): Record<string, string> {
  const byPath: Record<string, string> = {};
  for (const issue of issues) byPath[issue.path] ??= issue.message;
  return byPath;
}

export function zodIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
}
