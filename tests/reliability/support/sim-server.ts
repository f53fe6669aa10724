// The real product (createApp: storage, seed, sync server, website API) for the chaos
// simulation, restartable on the same storage: SQLite in a temp dir, or a memory adapter
// that outlives the server's close() so that a restart finds its data.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as Y from 'yjs';
import type { Actor } from '../../../domain';
import { createApp, type App } from '../../../sync-server/app';
import { projectionOf } from '../../../sync-server/projections';
import type { BatchOp, StorageAdapter, StorageKey } from '../../../sync-server/storage/adapter';
import { MemoryStorageAdapter } from '../../../sync-server/storage/memory';
import { snapshot, type Snapshot } from '../../support/snapshot';
import { decodeWebsiteReadModel, liveWebsiteView, type WebsiteView } from '../../../sync-server/website-read-model';

export type StorageKind = 'memory' | 'sqlite';

/** Survives the server's close(); closeForReal() ends it. */
class KeepOpenAdapter implements StorageAdapter {
  constructor(readonly inner: StorageAdapter) {}
  load(key: StorageKey) { return this.inner.load(key); }
  save(key: StorageKey, data: Uint8Array) { return this.inner.save(key, data); }
  remove(key: StorageKey) { return this.inner.remove(key); }
  loadRange(prefix: StorageKey) { return this.inner.loadRange(prefix); }
  lastKeyUnder(prefix: StorageKey) { return this.inner.lastKeyUnder(prefix); }
  removeRange(prefix: StorageKey) { return this.inner.removeRange(prefix); }
  saveBatch(ops: readonly BatchOp[]) { return this.inner.saveBatch(ops); }
  async close(): Promise<void> {}
  closeForReal(): Promise<void> { return this.inner.close(); }
}

export interface ServerView {
  website: unknown[];
  replicated: unknown[];
  stateVector: Map<number, number>;
  pending: boolean;
  projection: Snapshot;
  /** The doc rebuilt from what DocStore has stored, read at the same point of the log. */
  stored: { website: unknown[]; replicated: unknown[]; stateVector: Map<number, number>; pending: boolean };
}

export class SimServer {
  private app!: App;
  private readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fo-chaos-'));
  private readonly memory: KeepOpenAdapter | undefined;

  constructor(kind: StorageKind, private readonly compactEvery: number) {
    this.memory = kind === 'memory' ? new KeepOpenAdapter(new MemoryStorageAdapter()) : undefined;
  }

  get url(): string {
    return this.app.url;
  }

  get wsUrl(): string {
    return this.app.url.replace('http', 'ws');
  }

  async start(): Promise<void> {
    this.app = await createApp({
      port: 0, host: '127.0.0.1', dataDir: this.dir, demoPassword: 'chaos', orderRateLimit: 0, compactEvery: this.compactEvery,
      log: () => {}, syncOptions: { limits: { messageBurst: 1e9, messagesPerSecond: 1e9, syncOpensPerMinute: 1e9 } },
      ...(this.memory ? { storage: this.memory } : {}),
    });
  }

  /** Stops cleanly (everything accepted is stored), then starts on the same storage. */
  async restart(): Promise<void> {
    await this.app.close();
    await this.start();
  }

  token(actor: Actor): string {
    return this.app.server.tokens.issue({ sub: actor.userId, role: actor.role as 'manager' | 'clerk' }).token;
  }

  /** POSTs one website order: the orderId on 201 (or 200, an idempotent replay's answer). */
  async order(body: unknown): Promise<{ status: number; orderId?: string }> {
    const response = await fetch(`${this.url}/api/fundraisers/demo/orders`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
    });
    const answer = (await response.json()) as { orderId?: string };
    return { status: response.status, ...(response.status === 201 || response.status === 200 ? { orderId: answer.orderId! } : {}) };
  }

  view(): Promise<ServerView> {
    return this.app.server.rooms.use('demo', async (room) => {
      const stored = await this.app.server.docStore.loadDoc('demo');
      const rebuilt = new Y.Doc();
      if (stored.snapshot) Y.applyUpdate(rebuilt, stored.snapshot);
      for (const update of stored.updates) Y.applyUpdate(rebuilt, update);
      const view: ServerView = { ...docView(room.doc), projection: snapshot(projectionOf(room.doc)), stored: docView(rebuilt) };
      rebuilt.destroy();
      return view;
    });
  }

  /** What the website reads (catalog, every order) from the stored read model, if one covers the
   *  log, and from the live projection. Read first: loading the room does not change what is stored. */
  async websiteAnswers(): Promise<{ stored?: WebsiteAnswers; live: WebsiteAnswers }> {
    const record = await this.app.server.docStore.loadReadModel('demo');
    return this.app.server.rooms.use('demo', async (room) => {
      const projection = projectionOf(room.doc);
      const ids = projection.orders().map((o) => o.orderId);
      const live = answersOf(liveWebsiteView(projection), ids);
      return record ? { stored: answersOf(decodeWebsiteReadModel(record.data), ids), live } : { live };
    });
  }

  async close(): Promise<void> {
    await this.app.close();
    await this.memory?.closeForReal();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

export interface WebsiteAnswers { catalog: unknown; orders: unknown[] }

function answersOf(view: WebsiteView, orderIds: string[]): WebsiteAnswers {
  return { catalog: view.catalog(), orders: orderIds.map((id) => view.order(id)) };
}

export function docView(doc: Y.Doc): { website: unknown[]; replicated: unknown[]; stateVector: Map<number, number>; pending: boolean } {
  return {
    website: doc.getArray('website').toJSON(),
    replicated: doc.getArray('replicated').toJSON(),
    stateVector: Y.decodeStateVector(Y.encodeStateVector(doc)),
    pending: doc.store.pendingStructs !== null || doc.store.pendingDs !== null,
  };
}
