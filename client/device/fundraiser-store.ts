// create: the Solid store of one fundraiser on this device, composed of the projection's state
// (order-state.ts) and the link to the server (connection-state.ts), with the actions people
// take. Components read it through useFundraiser(); they never touch Y.*.
//
// It may open from a read-model snapshot (read-model-store.ts) while the Y.Doc still loads:
// the list, search and cards show the snapshot (exactly what the device holds), `ready()` is
// false, and what needs the doc waits: run() refuses with "still loading", sync() waits for
// the doc, the pending count is unknown. Once the doc is loaded its projection replaces the
// snapshot's views.
import { batch, createSignal } from 'solid-js';
import type { Accessor } from 'solid-js';
import type { Actor, Decision, OrderView, Projection } from '../../domain';
import { runCommand } from './commands';
import type { CommandInput } from './commands';
import { createConnectionState } from './connection-state';
import type { AuthProblem, Connection } from './connection-state';
import { mark } from './fundraiser-doc';
import type { FundraiserDoc, SyncMode } from './fundraiser-doc';
import { loadDeviceIdentity, orderPrefix, rerollDeviceCode } from './identity';
import type { DeviceIdentity } from './identity';
import { nextDeviceOrderNumber, prefixUsedByOthers, recordOrderNumber } from './order-numbers';
import { localStoreStatus } from './local-store-check';
import type { DamagedCheckPlace, LocalStoreStatus } from './local-store-check';
import { createOrderState } from './order-state';
import type { OrderState } from './order-state';
import { coversDoc } from './read-model-store';
import type { StoredSnapshot } from './read-model-store';
import type { Session } from './session';
import { readLastSync, runSync } from './sync-once';
import type { SyncProgress, SyncReport } from './sync-once';

export type { AuthProblem, Connection };

export interface FundraiserStore extends OrderState {
  readonly fid: string;
  readonly mode: SyncMode;
  /** False while the list shows a snapshot and the doc still loads. */
  readonly ready: Accessor<boolean>;
  readonly connection: Accessor<Connection>;
  readonly authProblem: Accessor<AuthProblem>;
  /** Local events not on the server; undefined until the doc is loaded. */
  readonly pending: Accessor<number | undefined>;
  /** Whoever else wrote local events the server lacks (connection-state.ts); undefined if no one. */
  readonly otherAuthor: Accessor<string | undefined>;
  readonly lastSyncAt: Accessor<number | undefined>;
  readonly session: Accessor<Session>;
  /** This tab's Yjs clientID, and whether it was reused from an earlier page load (client-id.ts); once loaded. */
  readonly clientId: Accessor<number | undefined>;
  readonly clientIdReused: Accessor<boolean | undefined>;
  readonly actor: () => Actor;
  readonly run: (command: CommandInput) => Decision;
  /** The loaded projection, to compare with another copy (a device's export); undefined until loaded. */
  readonly projection: () => Projection | undefined;
  readonly nextOrderNumber: () => string;
  readonly sync: (onProgress: (p: SyncProgress) => void) => Promise<SyncReport>;
  readonly relogin: (session: Session) => void;
  /** Whether the stored copy was found wiped or damaged, and whether syncing brought it back. */
  readonly localStore: Accessor<LocalStoreStatus>;
  /** Where the damaged-record check ran (a worker, or the main thread without one); once loaded. */
  readonly damagedCheck: Accessor<DamagedCheckPlace | undefined>;
  /** How many stored records that check decoded (verified-records.ts); once loaded. */
  readonly damagedCheckDecoded: Accessor<number | undefined>;
  readonly exportJson: () => Promise<string>;
  readonly startOver: (onBlocked?: () => void) => Promise<void>;
  readonly destroy: () => void;
  /** Where the first screen came from, and (for a snapshot) whether the loaded doc is what it covered. */
  readonly openedFrom: 'snapshot' | 'doc';
  /** Why a stored snapshot was not used (read-model-store.ts), where one was looked for. */
  readonly snapshotRefused?: string;
  readonly snapshotMatched: Accessor<boolean | undefined>;
  /** Why the doc did not load after a snapshot was shown. */
  readonly loadError: Accessor<string | undefined>;
  /** Snapshots this page wrote (read-model-writer.ts). */
  readonly snapshotsWritten: Accessor<number>;
}

/** What the store opens from: the loaded doc, or a snapshot to show while the doc loads. */
export type Opening = { fid: string; fdoc: FundraiserDoc; snapshotRefused?: string } | { fid: string; snapshot: StoredSnapshot; fdoc: Promise<FundraiserDoc> };

interface Loaded {
  fdoc: FundraiserDoc;
  link: ReturnType<typeof createConnectionState>;
  localStore: Accessor<LocalStoreStatus>;
  stop: () => void;
}

const STILL_LOADING = 'This device is still loading its copy of the fundraiser: try again in a moment.';

export function createFundraiserStore(opening: Opening, mode: SyncMode, initialSession: Session): FundraiserStore {
  const { fid } = opening;
  const state = createOrderState('snapshot' in opening ? opening.snapshot.model : opening.fdoc.live.projection);
  const [loaded, setLoaded] = createSignal<Loaded>();
  const [snapshotMatched, setSnapshotMatched] = createSignal<boolean>();
  const [loadError, setLoadError] = createSignal<string>();
  const [snapshotsWritten, setSnapshotsWritten] = createSignal(0);
  let destroyed = false;
  let identity: DeviceIdentity = loadDeviceIdentity();

  // Website orders placed since this device last synced are new too when the first exchange
  // brings them (offline, or a reload): not only those that arrive while it is live. A device
  // that never synced marks none: every order would be "new".
  const seenUntil = readLastSync(fid);

  function load(fdoc: FundraiserDoc): Loaded {
    const link = createConnectionState(fdoc, mode, initialSession);
    const [localStore, setLocalStore] = createSignal(localStoreStatus(fdoc.localStore, fdoc.doc));
    const stopProjection = fdoc.live.onChange((changes, origin) => {
      state.apply(changes.orderIds, origin !== fdoc.provider ? false : link.live() || placedSince(seenUntil));
      if (localStore().kind !== 'ok') setLocalStore(localStoreStatus(fdoc.localStore, fdoc.doc));
    });
    const stopWritten = fdoc.snapshots.onWritten(setSnapshotsWritten);
    return { fdoc, link, localStore, stop: () => (stopProjection(), stopWritten()) };
  }

  const loadedNow = 'snapshot' in opening ? undefined : load(opening.fdoc);
  if (loadedNow) setLoaded(loadedNow);
  const whenLoaded: Promise<Loaded> = 'snapshot' in opening ? loadAfterSnapshot(opening.snapshot, opening.fdoc) : Promise.resolve(loadedNow!);
  whenLoaded.catch((error: unknown) => { if (!destroyed) setLoadError(String((error as Error)?.message ?? error)); });

  async function loadAfterSnapshot(snapshot: StoredSnapshot, opened: Promise<FundraiserDoc>): Promise<Loaded> {
    const fdoc = await opened;
    if (destroyed) throw (fdoc.destroy(), new Error('closed'));
    const done = load(fdoc);
    const matched = coversDoc(snapshot.covers, fdoc.doc);
    batch(() => {
      setSnapshotMatched(matched);
      state.attach(fdoc.live.projection, matched); // matched: without walking the orders (order-state.ts)
      setLoaded(done);
    });
    mark('snapshot-replaced');
    return done;
  }

  const doc = () => loaded()?.fdoc;
  const actor = (): Actor => ({ role: session().role, userId: session().userId, deviceId: identity.deviceId });
  const session = () => loaded()?.link.session() ?? initialSession;

  function nextOrderNumber(): string {
    const fdoc = doc();
    if (!fdoc) throw new Error(STILL_LOADING);
    const all = fdoc.live.projection.orders();
    while (prefixUsedByOthers(orderPrefix(session().role, identity), identity.deviceId, all)) identity = rerollDeviceCode(identity);
    return nextDeviceOrderNumber(fdoc.fid, orderPrefix(session().role, identity), all);
  }

  function run(command: CommandInput): Decision {
    const fdoc = doc();
    if (!fdoc) return { ok: false, error: { code: 'closed', message: STILL_LOADING } };
    const decision = runCommand(fdoc, command, actor());
    if (decision.ok && command.type === 'PlaceOrder' && typeof command.orderNumber === 'string') recordOrderNumber(fdoc.fid, command.orderNumber);
    return decision;
  }

  async function sync(onProgress: (p: SyncProgress) => void): Promise<SyncReport> {
    if (!doc()) onProgress({ step: 'connecting', text: 'Loading this device\'s copy…' });
    const { fdoc, link } = await whenLoaded;
    const other = link.otherAuthor();
    if (other !== undefined) return notTheirs(other, link.pending());
    const report = await runSync(fdoc, onProgress);
    link.reportClose(report.closedCode, report.closedReason);
    if (report.ok) link.stampSync();
    return report;
  }

  const { attach: _attach, apply: _apply, ...shown } = state; // the store's own: not for components
  return {
    ...shown, fid, mode, ready: () => loaded() !== undefined,
    connection: () => loaded()?.link.connection() ?? 'disconnected',
    authProblem: () => loaded()?.link.authProblem(),
    pending: () => loaded()?.link.pending(),
    otherAuthor: () => loaded()?.link.otherAuthor(),
    lastSyncAt: () => loaded()?.link.lastSyncAt() ?? readLastSync(fid),
    session, relogin: (next) => loaded()?.link.relogin(next),
    clientId: () => doc()?.clientId.clientId, clientIdReused: () => doc()?.clientId.reused,
    actor, run, nextOrderNumber, sync, projection: () => doc()?.live.projection,
    localStore: () => loaded()?.localStore() ?? { kind: 'ok' }, damagedCheck: () => doc()?.localStore.damagedCheck,
    damagedCheckDecoded: () => doc()?.localStore.damagedCheckDecoded,
    exportJson: async () => (await whenLoaded).fdoc.exportJson(),
    startOver: async (onBlocked) => (await whenLoaded).fdoc.startOver(onBlocked),
    openedFrom: 'snapshot' in opening ? 'snapshot' : 'doc', snapshotMatched,
    ...('snapshotRefused' in opening && opening.snapshotRefused !== undefined ? { snapshotRefused: opening.snapshotRefused } : {}), loadError, snapshotsWritten,
    destroy: () => {
      destroyed = true;
      const done = loaded();
      if (!done) return;
      done.stop();
      done.link.dispose();
      done.fdoc.destroy();
    },
  };
}

/** Not tried: the server would refuse the whole exchange (4400), this person's changes with it. */
function notTheirs(author: string, pending: number): SyncReport {
  return { ok: false, sent: 0, received: 0, newConflicts: 0, pending, error: `Changes on this device by ${author} are not on the server yet, and only ${author} can send them. Log out and let ${author} log in to sync.` };
}

function placedSince(seenUntil: number | undefined): boolean | ((order: OrderView) => boolean) {
  return seenUntil === undefined ? false : (order) => Date.parse(order.placedAt) > seenUntil;
}
