import { resolve } from 'node:path';
import solid from 'vite-plugin-solid';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';
import { currencyFromCode } from './sync-server/currency-config.js';
import { pageHead } from './sync-server/page-head.js';
import { DEFAULT_CURRENCY } from './sync-server/shared/currency.js';
import { environmentTimeZone, knownTimeZone } from './sync-server/shared/time-zone.js';

/** In dev, the contract's page paths map to the HTML entries as sync-server/static.ts maps them. */
function contractPaths(): Plugin {
  return {
    name: 'fundraiser-contract-paths',
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const path = (req.url ?? '/').split('?')[0]!;
        if (path === '/') return void res.writeHead(302, { location: '/order/demo' }).end();
        if (/^\/order(\/.*)?$/.test(path)) req.url = '/order.html';
        next();
      });
    },
  };
}

/** In dev, pages name CURRENCY and TIME_ZONE as the server's own pages do (static.ts); a build
 *  leaves them to the server. A bad value is the default here: the API server refuses to start on it. */
function devPageHead(): Plugin {
  const currency = currencyFromCode(process.env.CURRENCY ?? 'EUR') ?? DEFAULT_CURRENCY;
  const timeZone = knownTimeZone(process.env.TIME_ZONE ?? '') ?? environmentTimeZone();
  const tags = pageHead(currency, timeZone);
  return { name: 'fundraiser-dev-page-head', apply: 'serve', transformIndexHtml: (html) => html.replace('</head>', `${tags}</head>`) };
}

// One Vite project, three pages (the contract's): /order/<fid>, /manager, /clerk.
// `npm run dev` serves them with hot reload and proxies the API and sync to the server.
const client = resolve(import.meta.dirname, 'client');
const apiServer = `http://127.0.0.1:${process.env.PORT ?? '8080'}`;

export default defineConfig({
  root: client,
  // Tests run in Node (domain, server, and Playwright driving real Chromium): no JSX to compile.
  plugins: process.env.VITEST ? [] : [solid(), contractPaths(), devPageHead()],
  build: {
    outDir: resolve(import.meta.dirname, 'dist'),
    emptyOutDir: true,
    rollupOptions: {
      input: {
        order: resolve(client, 'order.html'),
        manager: resolve(client, 'manager.html'),
        clerk: resolve(client, 'clerk.html'),
      },
    },
  },
  server: {
    host: '127.0.0.1',
    proxy: {
      '/api': apiServer,
      '/healthz': apiServer,
      '/sync': { target: apiServer.replace('http', 'ws'), ws: true },
    },
  },
  test: {
    root: import.meta.dirname,
    environment: 'node',
    include: ['tests/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
