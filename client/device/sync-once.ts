// The clerk's sync on demand: connect, exchange, have the server confirm it stored our events,
// disconnect — and say what happened. Between two runs nothing tries to connect.
import { CloseCode, REVOKED_REASON } from '../../sync-server/shared/protocol';
import { z } from 'zod';
import type * as Y from 'yjs';
import { isOpen } from '../../domain';
import type { Conflict } from '../../domain';
import type { FundraiserDoc } from './fundraiser-doc';
import { isCommandOrigin } from './origins';
import { STORAGE_PREFIX, readStored, writeStored } from './stored';

export interface SyncProgress { step: 'connecting' | 'exchanging' | 'confirming'; text: string }

export interface SyncReport {
  ok: boolean;
  /** Local events not known to be on the server when the run started, and known to be there
   *  now: also those an interrupted run delivered before the server could confirm them. */
  sent: number;
  /** Events we did not have, from the server. */
  received: number;
  newConflicts: number;
  /** Local events still not on the server afterwards (0 when ok). */
  pending: number;
  error?: string;
  closedCode?: number;
  closedReason?: string;
}

const CONNECT_TIMEOUT_MS = 15_000;
const EXCHANGE_TIMEOUT_MS = 30_000;

class SyncFailure extends Error {
  constructor(message: string, readonly closedCode?: number, readonly closedReason?: string) {
    super(message);
  }
}

export async function runSync(fdoc: FundraiserDoc, onProgress: (p: SyncProgress) => void): Promise<SyncReport> {
  const { provider, serverState, live } = fdoc;
  const conflictsBefore = new Set(live.projection.conflicts().map(conflictKey));
  const received = countReceived(fdoc);
  const delivered = countDelivered(fdoc);
  const closed = closedDuring(fdoc);
  const stepOne = serverState.stepOne();
  const synced = syncedOnce(fdoc);
  try {
    onProgress({ step: 'connecting', text: 'Connecting to the server…' });
    provider.connect();
    await within(Promise.race([stepOne, closed.promise]), CONNECT_TIMEOUT_MS, 'The server did not answer.');
    const sending = serverState.pendingCount();
    onProgress({ step: 'exchanging', text: `Sending ${sending} change${sending === 1 ? '' : 's'}, receiving…` });
    await within(Promise.race([synced, closed.promise]), EXCHANGE_TIMEOUT_MS, 'The exchange took too long.');
    onProgress({ step: 'confirming', text: 'Waiting for the server to confirm it stored everything…' });
    await Promise.race([serverState.confirm(provider), closed.promise]);
    const pending = serverState.pendingCount();
    return { ok: pending === 0, sent: delivered.count(), received: received.count(), newConflicts: newConflicts(fdoc, conflictsBefore), pending, ...(pending ? { error: 'Some changes are still not on the server.' } : {}) };
  } catch (error) {
    const failure = error instanceof SyncFailure ? error : new SyncFailure(error instanceof Error ? error.message : 'Sync failed.');
    const pending = serverState.pendingCount();
    return { ok: false, sent: delivered.count(), received: received.count(), newConflicts: newConflicts(fdoc, conflictsBefore), pending, error: failure.message, ...(failure.closedCode ? { closedCode: failure.closedCode } : {}), ...(failure.closedReason ? { closedReason: failure.closedReason } : {}) };
  } finally {
    provider.disconnect();
    received.stop();
    delivered.stop();
    closed.stop();
  }
}

/** Every element that arrived from the server during the run (each event is one clock tick). */
function countReceived(fdoc: FundraiserDoc) {
  let count = 0;
  const listener = (transaction: Y.Transaction) => {
    if (transaction.origin !== fdoc.provider) return;
    transaction.afterState.forEach((after, client) => (count += after - (transaction.beforeState.get(client) ?? 0)));
  };
  fdoc.doc.on('afterTransaction', listener);
  return { count: () => count, stop: () => fdoc.doc.off('afterTransaction', listener) };
}

/**
 * How many local events reached the server during the run: pending before, plus those written
 * meanwhile, minus pending now. Counted from the start, not from the server's first answer:
 * after a run cut off while the server stored our events (killed before it confirmed), that
 * answer already holds them, and the retry would report "sent 0" as the pending count falls.
 */
function countDelivered(fdoc: FundraiserDoc) {
  const before = fdoc.serverState.pendingCount();
  let written = 0;
  const listener = (transaction: Y.Transaction) => {
    if (!isCommandOrigin(transaction.origin)) return;
    const own = fdoc.doc.clientID;
    written += (transaction.afterState.get(own) ?? 0) - (transaction.beforeState.get(own) ?? 0);
  };
  fdoc.doc.on('afterTransaction', listener);
  return { count: () => Math.max(0, before + written - fdoc.serverState.pendingCount()), stop: () => fdoc.doc.off('afterTransaction', listener) };
}

/** Rejects when the server closes the connection (or it never opens) while a run is on. */
function closedDuring(fdoc: FundraiserDoc) {
  let listener: (event: CloseEvent | null) => void = () => {};
  const promise = new Promise<never>((_, reject) => {
    listener = (event) => reject(new SyncFailure(closeMessage(event?.code, event?.reason), event?.code, event?.reason));
  });
  promise.catch(() => {});
  fdoc.provider.on('connection-close', listener);
  return { promise, stop: () => fdoc.provider.off('connection-close', listener) };
}

function syncedOnce(fdoc: FundraiserDoc): Promise<void> {
  return new Promise((resolve) => {
    const listener = (synced: boolean) => {
      if (!synced) return;
      fdoc.provider.off('sync', listener);
      resolve();
    };
    fdoc.provider.on('sync', listener);
  });
}

/** What the clerk is told when the server closed the sync socket with `code`; `online`: the
 *  browser has a network, so no answer means the server's trouble (down, restarting). */
export function closeMessage(code: number | undefined, reason?: string, online = typeof navigator === 'undefined' || navigator.onLine): string {
  if (code === CloseCode.badToken && reason === REVOKED_REASON) return 'A manager signed this device out. Your changes are kept on this device; log in again, then sync.';
  if (code === CloseCode.badToken) return 'Your login has expired. Log in again, then sync: your changes are kept on this device.';
  if (code === CloseCode.forbidden) return 'This account may not sync this fundraiser.';
  if (code === CloseCode.refusedUpdate) return 'The server refused our changes. Tell the manager.';
  if (code === CloseCode.epochMismatch) return 'The server\'s copy of this fundraiser was re-created or restored; this device\'s copy belongs to the earlier one and was not synced. Export its events for the manager.';
  if (code === CloseCode.tooLarge || code === CloseCode.messageTooBig) return 'Our changes are too large to send at once. Tell the manager.';
  if (online) return 'The server is not answering (it may be restarting). Your changes are kept on this device; try again in a minute.';
  return 'Could not reach the server. Your changes are kept on this device; try again when online.';
}

function within<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new SyncFailure(message)), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function newConflicts(fdoc: FundraiserDoc, before: Set<string>): number {
  // One a manager marked handled before this device heard of it is not news to act on.
  return fdoc.live.projection.conflicts().filter((c) => isOpen(c) && !before.has(conflictKey(c))).length;
}

export function conflictKey(conflict: Conflict): string {
  return `${conflict.kind}:${conflict.orderId ?? conflict.itemId ?? ''}:${conflict.eventIds.join(',')}`;
}

const lastSyncKey = (fid: string) => `${STORAGE_PREFIX}:last-sync:${fid}`;

export function readLastSync(fid: string): number | undefined {
  return readStored(lastSyncKey(fid), z.number().int().positive());
}

export function writeLastSync(fid: string, at: number): void {
  writeStored(lastSyncKey(fid), at);
}
