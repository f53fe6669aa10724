// The whole product on port 0 over a temp DATA_DIR, as `npm start` runs it, for
// integration and browser tests.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import type { Actor } from '../../domain';
import { createApp } from '../../sync-server/app';
import type { App, AppConfig } from '../../sync-server/app';

export const DEMO_PASSWORD = 'test-demo-password';
export const MANAGER: Actor = { role: 'manager', userId: 'manager', deviceId: 'mgr-test' };
export const CLERK: Actor = { role: 'clerk', userId: 'clerk', deviceId: 'clerk-test' };

export interface TestApp {
  app: App;
  url: string;
  dir: string;
  token(actor: Actor): string;
  restart(): Promise<TestApp>;
  close(): Promise<void>;
}

export async function startApp(extra: Partial<AppConfig> = {}, dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fo-app-'))): Promise<TestApp> {
  const app = await createApp({
    port: 0, host: '127.0.0.1', dataDir: dir, demoPassword: DEMO_PASSWORD, orderRateLimit: 0, log: () => {}, ...extra,
  });
  let closed = false;
  const close = async () => {
    if (!closed) await app.close();
    closed = true;
  };
  return {
    app, url: app.url, dir, close,
    token: (actor) => app.server.tokens.issue({ sub: actor.userId, role: actor.role as 'manager' | 'clerk' }).token,
    restart: async () => {
      await close();
      return startApp(extra, dir);
    },
  };
}

export interface Device { doc: Y.Doc; provider: WebsocketProvider; destroy(): void }

/** A stock y-websocket client in Node, as a manager or clerk device. */
export function device(test: TestApp, actor: Actor, fid = 'demo'): Device {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(`${test.url.replace('http', 'ws')}/sync`, fid, doc, {
    params: { token: test.token(actor) },
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  });
  return { doc, provider, destroy: () => (provider.destroy(), doc.destroy()) };
}

/** Resolves when the predicate holds, re-checked on every change of the doc; never sleeps. */
export function until(doc: Y.Doc, predicate: () => boolean, ms = 10_000): Promise<void> {
  if (predicate()) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => (doc.off('update', check), reject(new Error('condition not met in time'))), ms);
    const check = () => {
      if (!predicate()) return;
      clearTimeout(timer);
      doc.off('update', check);
      resolve();
    };
    doc.on('update', check);
  });
}

export async function api(test: TestApp, method: string, url: string, body?: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${test.url}${url}`, {
    method,
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await response.text();
  const type = response.headers.get('content-type') ?? '';
  return { status: response.status, body: type.includes('json') ? JSON.parse(text) : text, headers: response.headers };
}
