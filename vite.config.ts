import { resolve } from 'node:path';
import solid from 'vite-plugin-solid';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';
import { currencyFromCode, currencyMetaTag } from './sync-server/currency-config.js';
import { CURRENCY_META, DEFAULT_CURRENCY } from './sync-server/shared/currency.js';

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

/** In dev, pages name CURRENCY as the server's own pages do (static.ts); a build leaves it to the server. */
function devCurrency(): Plugin {
  const tag = currencyMetaTag(currencyFromCode(process.env.CURRENCY ?? 'EUR') ?? DEFAULT_CURRENCY, CURRENCY_META);
  return { name: 'fundraiser-dev-currency', apply: 'serve', transformIndexHtml: (html) => html.replace('</head>', `${tag}</head>`) };
}

// One Vite project, three pages (the contract's): /order/<fid>, /manager, /clerk.
// `npm run dev` serves them with hot reload and proxies the API and sync to the server.
const client = resolve(import.meta.dirname, 'client');
const apiServer = `http://127.0.0.1:${process.env.PORT ?? '8080'}`;

export default defineConfig({
  root: client,
  // Tests run in Node (domain, server, and Playwright driving real Chromium): no JSX to compile.
  plugins: process.env.VITEST ? [] : [solid(), contractPaths(), devCurrency()],
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
