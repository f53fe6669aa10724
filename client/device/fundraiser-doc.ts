// make: one fundraiser's Y.Doc on this device — IndexedDB for the data on the device, the
// y-websocket client for the server, the domain projection kept in step, and the server's
// known state. Nothing here knows about Solid; fundraiser-store.ts builds on it.
import * as Y from 'yjs';
import { IndexeddbPersistence } from 'y-indexeddb';
import { WebsocketProvider } from 'y-websocket';
import { splitLargeSyncAnswers } from './chunked-sync';
import type { FundraiserEvent } from '../../domain';
import { attachProjection } from '../../sync-server/shared/doc-projection';
import type { DocProjection } from '../../sync-server/shared/doc-projection';
import { chooseClientId, forgetPools, ownClocksAhead, poolOwner, pooledWrites } from './client-id';
import type { ClientIdChoice } from './client-id';
import { followEpoch, loadEpoch } from './epoch';
import { eventCount, expectedEvents, forgetEventCount, rememberEventCount, setAsideDamagedRecords } from './local-store-check';
import type { LocalStoreFindings } from './local-store-check';
import type { CommandOrigin } from './origins';
import { presenceFollows } from './own-writes';
import { shareWritesWithTabs } from './tab-sync';
import { ServerState, decodeStoredStateVector } from './server-state';
import { jitteredReconnect } from './reconnect';
import { watchLink } from './link-watchdog';
import { keepSnapshot } from './read-model-writer';
import { afterNextPaint } from './yield';
import type { SnapshotWriter } from './read-model-writer';

/** live: connected whenever possible (manager). on-demand: only while a sync runs (clerk). */
export type SyncMode = 'live' | 'on-demand';

export interface FundraiserDoc {
  readonly fid: string;
  readonly doc: Y.Doc;
  readonly provider: WebsocketProvider;
  readonly live: DocProjection;
  readonly serverState: ServerState;
  readonly clientId: ClientIdChoice;
  /** What opening found wrong with the stored copy (local-store-check.ts). */
  readonly localStore: LocalStoreFindings;
  /** Appends decided events to `replicated` in ONE transaction with a typed origin. */
  append(events: FundraiserEvent[], origin: CommandOrigin): void;
  setToken(token: string): void;
  /** Everything this device holds of the fundraiser, as JSON text for a download. */
  exportJson(): Promise<string>;
  /**
   * Deletes this device's copy (after an export) so that the next open starts from the server's.
   * While another tab holds the database open the deletion waits (`onBlocked` is told) and
   * goes ahead once that tab lets go.
   */
  startOver(onBlocked?: () => void): Promise<void>;
  destroy(): void;
  /** The read-model snapshot kept for the next open (read-model-store.ts). */
  readonly snapshots: SnapshotWriter;
}

const SERVER_STATE_KEY = 'server-state-vector';

export function databaseName(fid: string): string {
  return `fundraiser-orders:${fid}`;
}

export function syncUrl(location: Location = window.location): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/sync`;
}

export async function makeFundraiserDoc(fid: string, session: { token: string; userId: string }): Promise<FundraiserDoc> {
  mark('doc-loading');
  const doc = new Y.Doc();
  const damaged = await setAsideDamagedRecords(databaseName(fid));
  const damagedKeys = damaged.keys;
  mark('damaged-checked');
  const persistence = new IndexeddbPersistence(databaseName(fid), doc);
  await loadedWithoutEcho(persistence, doc);
  mark('indexeddb-loaded');
  await afterNextPaint(); // long phases (yield.ts); nothing writes to the doc before it is returned
  // The clientID is settled after loading (its safety depends on what was loaded) and before
  // the provider exists (its awareness copies the id) and before any local write.
  const owner = poolOwner(fid, session.userId);
  const stateOf = (id: number) => Y.getState(doc.store, id);
  const localStore = { damagedKeys, damagedCheck: damaged.place, damagedCheckDecoded: damaged.decoded, expectedEvents: expectedEvents(fid), loadedEvents: eventCount(doc), ownAhead: ownClocksAhead(owner, stateOf) };
  const stopCounting = rememberEventCount(fid, doc);
  const clientId = await chooseClientId(owner, doc, (id) => Y.getState(doc.store, id));
  doc.clientID = clientId.clientId;
  const replicated = doc.getArray<unknown>('replicated');
  const storedServerState = decodeStoredStateVector(await persistence.get(SERVER_STATE_KEY));
  const serverState = new ServerState(doc, replicated, storedServerState, (sv) => void persistence.set(SERVER_STATE_KEY, sv.slice().buffer));
  mark('folding');
  const live = attachProjection(doc);
  mark('projection-folded');
  await afterNextPaint();
  const snapshots = keepSnapshot(persistence, doc, live.projection);
  const epoch = (await loadEpoch(persistence)) ?? ''; // '' asks the server to tell it
  const provider = new WebsocketProvider(syncUrl(), fid, doc, {
    connect: false, params: { token: session.token, epoch }, disableBc: true, maxBackoffTime: 10_000, // tabs: tab-sync.ts
    shouldReconnect: jitteredReconnect(10_000), // after a failover, devices do not return in lockstep
  });
  // First the split answer (a long offline run may be more than one message may carry), then
  // the server-state tracker around it: it must see every sync message the provider handles.
  splitLargeSyncAnswers(provider);
  serverState.attach(provider);
  followEpoch(provider, persistence);
  const stopWatching = watchLink(provider); // a link that died without a close is dropped in seconds
  // Every local write goes through here: a fresh clientID every CLIENT_ID_RUN events (own-writes.ts).
  const writes = pooledWrites(owner, doc, clientId.clientId, (_from, to) => presenceFollows(provider.awareness, to));
  const stopSharing = shareWritesWithTabs(fid, doc);
  mark('doc-made');
  const exportJson = async () => JSON.stringify({
    fid, exportedAt: new Date().toISOString(), epoch: provider.params['epoch'] ?? '',
    website: doc.getArray('website').toArray(), replicated: doc.getArray('replicated').toArray(),
    damagedRecords: await Promise.all(damagedKeys.map(async (key) => ({ key, base64: base64(await persistence.get(key)) }))),
  }, null, 2);
  return {
    fid, doc, provider, live, serverState, clientId, localStore, exportJson, snapshots,
    startOver: async (onBlocked) => {
      await snapshots.dispose(); // a snapshot write under way keeps the database open
      stopSharing();
      stopWatching();
      provider.destroy();
      stopCounting();
      await persistence.destroy();
      await removeDeviceCopy(fid, onBlocked);
    },
    append: (events, origin) => writes.append(replicated, events, origin),
    setToken: (next) => void (provider.params = { ...provider.params, token: next }),
    destroy: () => {
      void snapshots.dispose();
      stopSharing();
      stopCounting();
      stopWatching();
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

/** Phases of opening, for `npm run bench` (a performance mark costs microseconds). */
export function mark(phase: string): void {
  performance.mark(`fundraiser:${phase}`);
}

function base64(value: unknown): string {
  const bytes = value instanceof Uint8Array ? value : new TextEncoder().encode(String(value));
  let text = '';
  for (const byte of bytes) text += String.fromCharCode(byte);
  return btoa(text);
}

/**
 * Deletes this device's copy of a fundraiser (its IndexedDB database, read-model snapshot
 * included, and what is noted of it beside). While a tab holds the database open the deletion
 * waits (`onBlocked` is told) and goes ahead once it lets go.
 */
export async function removeDeviceCopy(fid: string, onBlocked?: () => void): Promise<void> {
  await deleteDatabase(databaseName(fid), onBlocked);
  forgetEventCount(fid);
  forgetPools(fid);
}

/** `blocked` is not a failure: the request stays queued and succeeds once the other connections close. */
function deleteDatabase(name: string, onBlocked?: () => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.deleteDatabase(name);
    request.onsuccess = () => resolve();
    request.onerror = () => reject(request.error);
    request.onblocked = () => onBlocked?.();
  });
}
