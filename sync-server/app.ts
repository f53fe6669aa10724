// The whole product in one process: embedded storage under DATA_DIR, the demo seed on a
// first start, the sync server, the website and staff APIs, and the built pages.
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { hashPassword } from './auth';
import { Fundraisers } from './api/fundraisers';
import { FundraiserMeta } from './api/meta';
import { WebsiteReads } from './api/website-reads';
import { RateLimiter } from './rate-limit.js';
import { staffApi } from './api/staff-api';
import { accountsApi } from './api/accounts-api';
import type { Principal } from './api/staff-api';
import { websiteApi } from './api/website-api';
import { seedIfEmpty } from './seed';
import { createSyncServer } from './server';
import type { SyncServer, SyncServerContext, SyncServerOptions } from './server';
import { staticPages } from './static';
import { pageHead } from './page-head';
import { DEFAULT_CURRENCY, type Currency } from './shared/currency';
import { environmentTimeZone } from './shared/time-zone';
import { HEARTBEAT_INTERVAL_MS } from './shared/protocol';
import { fundraisersAdminApi } from './api/fundraisers-admin';
import { withStorageLock, type StorageAdapter } from './storage/adapter';
import { followOtherServers } from './fan-out';
import { PostgresStorageAdapter, type PostgresTimeouts } from './storage/postgres';
import { DocStore } from './storage/doc-store';
import { Records } from './storage/records';
import { ThreadedSqliteStorageAdapter } from './storage/sqlite-threaded';

export interface AppConfig {
  port: number;
  host: string;
  dataDir: string;
  demoPassword: string;
  /** Website orders per minute from one address; 0 turns the limit off. */
  orderRateLimit: number;
  /** The club's money (CURRENCY): named in every served page and the website's catalog; EUR if unset. */
  currency?: Currency;
  /** The club's time zone (TIME_ZONE, an IANA name Intl knows): the CSVs' times are in it, and
   *  every served page names it; the server's own zone (TZ, most often UTC) if unset. */
  timeZone?: string;
  /** Built pages; undefined serves none (the dev server serves them instead). */
  distDir?: string;
  /** Tests may pass another adapter (e.g. a fault-injecting one). */
  storage?: StorageAdapter;
  /** Compact a document's update log after this many updates (DocStore's default: 500). */
  compactEvery?: number;
  /** Shared PostgreSQL instead of the embedded store: several server processes may use one. */
  databaseUrl?: string;
  /** With databaseUrl: how long to wait for the database (storage/postgres-timeouts.ts). */
  databaseTimeouts?: PostgresTimeouts;
  /** Shared storage: how often loaded rooms compare their sequence with storage; 0 never (tests). */
  reconcileIntervalMs?: number;
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
  const storage = await openStorage(config);
  const docStore = new DocStore(storage, config.compactEvery ? { compactEvery: config.compactEvery } : {});
  const records = new Records(storage);
  const meta = new FundraiserMeta(storage);
  // With shared storage, servers starting together must not both seed or both pick a token key.
  const { seeded, secret } = await withStorageLock(storage, 'startup', async () => ({
    seeded: await seedIfEmpty({ docStore, records, meta, hashPassword, password: config.demoPassword, at: new Date().toISOString(), newId: randomUUID }),
    secret: await tokenSecret(storage),
  }));
  let fundraisers: Fundraisers | undefined;
  const server = await createSyncServer({
    port: config.port, host: config.host, storage, docStore, records, secret,
    ...(config.log ? { log: config.log } : {}),
    ...config.syncOptions,
    httpHandlers: (ctx) => {
      const websiteReads = new WebsiteReads(ctx.rooms, ctx.docStore, ctx.rooms.idleUnloadMs, ctx.log);
      fundraisers = new Fundraisers(ctx.rooms, ctx.records, ctx.storage, 'server', { websiteReads });
      return handlers(ctx, fundraisers, config);
    },
  });
  const stopFollowing = await followOtherServers(storage, docStore, server.rooms, config.reconcileIntervalMs); // no-op for the embedded store
  const close = () => (stopFollowing(), server.close());
  return { url: server.url, port: server.port, seeded, server, fundraisers: fundraisers!, close };
}

async function openStorage(config: AppConfig): Promise<StorageAdapter> {
  if (config.storage) return config.storage;
  if (config.databaseUrl) {
    return PostgresStorageAdapter.open(config.databaseUrl, { ...(config.log ? { log: config.log } : {}), ...(config.databaseTimeouts ? { timeouts: config.databaseTimeouts } : {}) });
  }
  await mkdir(config.dataDir, { recursive: true });
  return new ThreadedSqliteStorageAdapter(resolve(config.dataDir)); // fsyncs off the event loop
}

function handlers(ctx: SyncServerContext, fundraisers: Fundraisers, config: AppConfig) {
  const authenticate = (token: string): Principal | undefined => {
    const check = ctx.tokens.verify(token);
    if (!check.ok) return undefined;
    const { role, sub, fids, jti } = check.payload;
    if (role !== 'manager' && role !== 'clerk') return undefined;
    return { role, userId: sub, ...(fids ? { fids } : {}), ...(jti ? { jti } : {}) };
  };
  const currency = config.currency ?? DEFAULT_CURRENCY;
  const timeZone = config.timeZone ?? environmentTimeZone();
  return [
    fundraisersAdminApi(fundraisers.meta, () => ctx.docStore.listDocs(), authenticate),
    websiteApi(fundraisers, new RateLimiter(config.orderRateLimit), currency),
    staffApi(fundraisers, authenticate, timeZone),
    accountsApi(ctx, authenticate), // contract extension: managers manage accounts
    ...(config.distDir ? [staticPages(config.distDir, pageHead(currency, timeZone, config.syncOptions?.heartbeatIntervalMs ?? HEARTBEAT_INTERVAL_MS))] : []),
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
