// make: one fundraiser's Y.Doc on this device — IndexedDB for the data on the device, the
// y-websocket client for the server, the domain projection kept in step, and the server's
// known state. Nothing here knows about Solid; fundraiser-store.ts builds on it.
import * as Y from 'yjs';
import { IndexeddbPersistence } from 'y-indexeddb';
import { WebsocketProvider } from 'y-websocket';
import type { FundraiserEvent } from '../../domain';
import { attachProjection } from '../../sync-server/shared/doc-projection';
import type { DocProjection } from '../../sync-server/shared/doc-projection';
import { chooseClientId, poolOwner, recordClock } from './client-id';
import type { ClientIdChoice } from './client-id';
import type { CommandOrigin } from './origins';
import { ServerState, decodeStoredStateVector } from './server-state';

/** live: connected whenever possible (manager). on-demand: only while a sync runs (clerk). */
export type SyncMode = 'live' | 'on-demand';

export interface FundraiserDoc {
  readonly fid: string;
  readonly doc: Y.Doc;
  readonly provider: WebsocketProvider;
  readonly live: DocProjection;
  readonly serverState: ServerState;
  readonly clientId: ClientIdChoice;
  /** Appends decided events to `replicated` in ONE transaction with a typed origin. */
  append(events: FundraiserEvent[], origin: CommandOrigin): void;
  setToken(token: string): void;
  destroy(): void;
}

const SERVER_STATE_KEY = 'server-state-vector';

export function databaseName(fid: string): string {
  return `fundraiser-orders:${fid}`;
}

export function syncUrl(location: Location = window.location): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/sync`;
}

export async function makeFundraiserDoc(fid: string, session: { token: string; userId: string }, mode: SyncMode): Promise<FundraiserDoc> {
  const doc = new Y.Doc();
  const persistence = new IndexeddbPersistence(databaseName(fid), doc);
  await loadedWithoutEcho(persistence, doc);
  // The clientID is settled after loading (its safety depends on what was loaded) and before
  // the provider exists (its awareness copies the id) and before any local write.
  const owner = poolOwner(fid, session.userId);
  const clientId = await chooseClientId(owner, doc, (id) => Y.getState(doc.store, id));
  doc.clientID = clientId.clientId;
  recordOwnClock(doc, owner, clientId.clientId);
  const replicated = doc.getArray<unknown>('replicated');
  const storedServerState = decodeStoredStateVector(await persistence.get(SERVER_STATE_KEY));
  const serverState = new ServerState(doc, replicated, storedServerState, (sv) => void persistence.set(SERVER_STATE_KEY, sv.slice().buffer));
  const live = attachProjection(doc);
  const provider = new WebsocketProvider(syncUrl(), fid, doc, {
    connect: false, params: { token: session.token }, disableBc: mode === 'on-demand', maxBackoffTime: 10_000,
  });
  serverState.attach(provider);
  return {
    fid, doc, provider, live, serverState, clientId,
    append: (events, origin) => doc.transact(() => replicated.push(events), origin),
    setToken: (next) => void (provider.params = { ...provider.params, token: next }),
    destroy: () => {
      provider.destroy();
      live.dispose();
      void persistence.destroy();
      doc.destroy();
    },
  };
}

/**
 * Waits for y-indexeddb to load the stored log. Its `update` listener is detached meanwhile:
 * with any `update` listener Yjs encodes each transaction's update for it, i.e. the whole
 * loaded log once more, which y-indexeddb then ignores as its own (≈20% of a cold open,
 * `npm run bench` row 1). Nothing else writes to the doc before it is loaded.
 */
async function loadedWithoutEcho(persistence: IndexeddbPersistence, doc: Y.Doc): Promise<void> {
  doc.off('update', persistence._storeUpdate);
  try {
    await persistence.whenSynced;
  } finally {
    doc.on('update', persistence._storeUpdate);
  }
}

/** After every write with this tab's id, the clock it reached is recorded (see client-id.ts). */
function recordOwnClock(doc: Y.Doc, owner: string, clientId: number): void {
  doc.on('afterTransaction', (transaction: Y.Transaction) => {
    if (doc.clientID !== clientId) return; // Yjs drew a new id after a clash: never pool it
    const after = transaction.afterState.get(clientId) ?? 0;
    if (after !== (transaction.beforeState.get(clientId) ?? 0)) recordClock(owner, clientId, after);
  });
}
