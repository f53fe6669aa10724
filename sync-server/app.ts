// The whole product in one process: embedded storage under DATA_DIR, the demo seed on a
// first start, the sync server, the website and staff APIs, and the built pages.
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { hashPassword } from './auth';
import { Fundraisers } from './api/fundraisers';
import { FundraiserMeta } from './api/meta';
import { RateLimiter } from './rate-limit.js';
import { staffApi } from './api/staff-api';
import type { Principal } from './api/staff-api';
import { websiteApi } from './api/website-api';
import { seedIfEmpty } from './seed';
import { createSyncServer } from './server';
import type { SyncServer, SyncServerContext, SyncServerOptions } from './server';
import { staticPages } from './static';
import type { StorageAdapter } from './storage/adapter';
import { DocStore } from './storage/doc-store';
import { Records } from './storage/records';
import { SqliteStorageAdapter } from './storage/sqlite';

export interface AppConfig {
  port: number;
  host: string;
  dataDir: string;
  demoPassword: string;
  /** Website orders per minute from one address; 0 turns the limit off. */
  orderRateLimit: number;
  /** Built pages; undefined serves none (the dev server serves them instead). */
  distDir?: string;
  /** Tests may pass another adapter (e.g. a fault-injecting one). */
  storage?: StorageAdapter;
  /** Compact a document's update log after this many updates (DocStore's default: 500). */
  compactEvery?: number;
  syncOptions?: Partial<SyncServerOptions>;
  log?: (message: string, err?: unknown) => void;
}

export interface App {
  url: string;
  port: number;
  seeded: boolean;
  server: SyncServer;
  fundraisers: Fundraisers;
  close(): Promise<void>;
}

export async function createApp(config: AppConfig): Promise<App> {
  await mkdir(config.dataDir, { recursive: true });
  const storage = config.storage ?? new SqliteStorageAdapter(resolve(config.dataDir));
  const docStore = new DocStore(storage, config.compactEvery ? { compactEvery: config.compactEvery } : {});
  const records = new Records(storage);
  const meta = new FundraiserMeta(storage);
  const seeded = await seedIfEmpty({
    docStore, records, meta, hashPassword, password: config.demoPassword, at: new Date().toISOString(), newId: randomUUID,
  });
  let fundraisers: Fundraisers | undefined;
  const server = await createSyncServer({
    port: config.port, host: config.host, storage, docStore, records, secret: await tokenSecret(storage),
    ...(config.log ? { log: config.log } : {}),
    ...config.syncOptions,
    httpHandlers: (ctx) => {
      fundraisers = new Fundraisers(ctx.rooms, ctx.records, ctx.storage, 'server');
      return handlers(ctx, fundraisers, config);
    },
  });
  return { url: server.url, port: server.port, seeded, server, fundraisers: fundraisers!, close: () => server.close() };
}

function handlers(ctx: SyncServerContext, fundraisers: Fundraisers, config: AppConfig) {
  const authenticate = (token: string): Principal | undefined => {
    const check = ctx.tokens.verify(token);
    if (!check.ok) return undefined;
    const { role, sub, fids } = check.payload;
    if (role !== 'manager' && role !== 'clerk') return undefined;
    return { role, userId: sub, ...(fids ? { fids } : {}) };
  };
  return [
    websiteApi(fundraisers, new RateLimiter(config.orderRateLimit)),
    staffApi(fundraisers, authenticate),
    ...(config.distDir ? [staticPages(config.distDir)] : []),
  ];
}

/** The token key lives in the store itself, so a restart keeps every device's lease valid. */
async function tokenSecret(storage: StorageAdapter): Promise<string> {
  const key = ['config', 'token-secret'];
  const stored = await storage.load(key);
  if (stored && stored.length >= 32) return new TextDecoder().decode(stored);
  const secret = randomBytes(32).toString('base64url');
  await storage.save(key, new TextEncoder().encode(secret));
  return secret;
}
