// Serves the built apps (vite build → dist/) on the contract's pages. Only files under
// dist/ are ever read: paths are resolved and checked against the root.
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { HttpHandler, HttpResponse } from './http-types';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.json': 'application/json', '.webmanifest': 'application/manifest+json', '.svg': 'image/svg+xml',
  '.png': 'image/png', '.ico': 'image/x-icon', '.woff2': 'font/woff2', '.txt': 'text/plain; charset=utf-8',
};

/** Which HTML entry serves which page. Every /order/… path gets the website's page, which
 *  tells a customer with an incomplete link so in words (an API error's JSON said nothing to them). */
export function pageFor(path: string): string | undefined {
  if (/^\/order(\/.*)?$/.test(path)) return 'order.html';
  if (/^\/manager\/?$/.test(path)) return 'manager.html';
  if (/^\/clerk\/?$/.test(path)) return 'clerk.html';
  return undefined;
}

/** `headExtras`: what goes into every page's head (page-head.ts: the club's currency and time zone, the sync heartbeat's interval). */
export function staticPages(distDir: string, headExtras: string): HttpHandler {
  const root = resolve(distDir);
  return async (req) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return undefined;
    if (req.path === '/') return { status: 302, headers: { location: '/order/demo' }, body: '' };
    const page = pageFor(req.path);
    const file = page ?? req.path.slice(1);
    if (!page && !/^(assets\/|[\w.-]+\.(js|webmanifest|svg|png|ico|txt)$)/.test(file)) return undefined;
    return serveFile(root, file, page !== undefined ? headExtras : undefined);
  };
}

/** `pageHead`: for a page, what goes into its head (the club's currency and time zone, the heartbeat interval, read by the apps). */
async function serveFile(root: string, relative: string, pageHead: string | undefined): Promise<HttpResponse | undefined> {
  const path = resolve(root, normalize(relative));
  if (!path.startsWith(root + sep)) return undefined;
  const isPage = pageHead !== undefined;
  try {
    const bytes = await readFile(path);
    const body = isPage ? bytes.toString('utf8').replace('</head>', `${pageHead}</head>`) : bytes;
    const immutable = relative.startsWith('assets/');
    return { status: 200, headers: { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream', 'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache' }, body };
  } catch {
    return isPage ? notBuilt(join(root, relative)) : undefined;
  }
}

function notBuilt(path: string): HttpResponse {
  return { status: 503, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: `This page is not built (${path} is missing). Run \`npm run build\`.\n` };
}
