// create: the Solid store of one fundraiser on this device, composed of the projection's state
// (order-state.ts) and the link to the server (connection-state.ts), with the actions people
// take. Components read it through useFundraiser(); they never touch Y.*.
import type { Accessor } from 'solid-js';
import type { Actor, CatalogItem, Conflict, Decision, OrderView } from '../../domain';
import { runCommand } from './commands';
import type { CommandInput } from './commands';
import { createConnectionState } from './connection-state';
import type { AuthProblem, Connection } from './connection-state';
import type { FundraiserDoc, SyncMode } from './fundraiser-doc';
import { loadDeviceIdentity, orderPrefix, rerollDeviceCode } from './identity';
import type { DeviceIdentity } from './identity';
import { nextDeviceOrderNumber, prefixUsedByOthers, recordOrderNumber } from './order-numbers';
import { localStoreStatus } from './local-store-check';
import type { LocalStoreStatus } from './local-store-check';
import { createOrderState } from './order-state';
import { createSignal } from 'solid-js';
import type { Session } from './session';
import { runSync } from './sync-once';
import type { SyncProgress, SyncReport } from './sync-once';

export type { AuthProblem, Connection };

export interface FundraiserStore {
  readonly fid: string;
  readonly mode: SyncMode;
  readonly orders: Readonly<Record<string, OrderView>>;
  readonly orderIds: Accessor<string[]>;
  readonly items: Accessor<CatalogItem[]>;
  readonly websiteOpen: Accessor<boolean>;
  readonly conflicts: Accessor<Conflict[]>;
  readonly isNew: (orderId: string) => boolean;
  readonly markSeen: (orderId: string) => void;
  readonly search: (query: string, limit?: number) => string[];
  readonly connection: Accessor<Connection>;
  readonly authProblem: Accessor<AuthProblem>;
  readonly pending: Accessor<number>;
  readonly lastSyncAt: Accessor<number | undefined>;
  readonly session: Accessor<Session>;
  /** This tab's Yjs clientID, and whether it was reused from an earlier page load (client-id.ts). */
  readonly clientId: number;
  readonly clientIdReused: boolean;
  readonly actor: () => Actor;
  readonly run: (command: CommandInput) => Decision;
  readonly nextOrderNumber: () => string;
  readonly sync: (onProgress: (p: SyncProgress) => void) => Promise<SyncReport>;
  readonly relogin: (session: Session) => void;
  /** Whether the stored copy was found wiped or damaged, and whether syncing brought it back. */
  readonly localStore: Accessor<LocalStoreStatus>;
  readonly exportJson: () => Promise<string>;
  readonly startOver: () => Promise<void>;
  readonly destroy: () => void;
}

export function createFundraiserStore(fdoc: FundraiserDoc, mode: SyncMode, initialSession: Session): FundraiserStore {
  const projection = fdoc.live.projection;
  const state = createOrderState(projection);
  const link = createConnectionState(fdoc, mode, initialSession);
  const [localStore, setLocalStore] = createSignal(localStoreStatus(fdoc.localStore, fdoc.doc));
  const stopProjection = fdoc.live.onChange((changes, origin) => {
    state.apply(changes.orderIds, link.live() && origin === fdoc.provider);
    if (localStore().kind !== 'ok') setLocalStore(localStoreStatus(fdoc.localStore, fdoc.doc));
  });
  let identity: DeviceIdentity = loadDeviceIdentity();

  const actor = (): Actor => ({ role: link.session().role, userId: link.session().userId, deviceId: identity.deviceId });

  function nextOrderNumber(): string {
    const all = projection.orders();
    while (prefixUsedByOthers(orderPrefix(link.session().role, identity), identity.deviceId, all)) identity = rerollDeviceCode(identity);
    return nextDeviceOrderNumber(fdoc.fid, orderPrefix(link.session().role, identity), all);
  }

  function run(command: CommandInput): Decision {
    const decision = runCommand(fdoc, command, actor());
    if (decision.ok && command.type === 'PlaceOrder' && typeof command.orderNumber === 'string') recordOrderNumber(fdoc.fid, command.orderNumber);
    return decision;
  }

  async function sync(onProgress: (p: SyncProgress) => void): Promise<SyncReport> {
    const report = await runSync(fdoc, onProgress);
    link.reportClose(report.closedCode, report.closedReason);
    if (report.ok) link.stampSync();
    return report;
  }

  return {
    ...state, fid: fdoc.fid, mode,
    connection: link.connection, authProblem: link.authProblem, pending: link.pending, lastSyncAt: link.lastSyncAt,
    session: link.session, relogin: link.relogin, clientId: fdoc.clientId.clientId, clientIdReused: fdoc.clientId.reused,
    actor, run, nextOrderNumber, sync, localStore, exportJson: fdoc.exportJson, startOver: fdoc.startOver,
    destroy: () => {
      stopProjection();
      link.dispose();
      fdoc.destroy();
    },
  };
}
