// The device's link to the server as Solid state: connection status, login problems (4401,
// 4403), how many local events the server does not have, and when it last synced. In live mode
// it also keeps the provider connected while the browser is online and, after each local
// write, asks the server to confirm it stored it.
import type * as Y from 'yjs';
import { CloseCode, REVOKED_REASON } from '../../sync-server/shared/protocol';
import { createSignal } from 'solid-js';
import type { Accessor } from 'solid-js';
import type { FundraiserDoc, SyncMode } from './fundraiser-doc';
import { TAB_ORIGIN, isCommandOrigin } from './origins';
import { loginRefused } from './login-check';
import { isExpired, mayOpen } from './session';
import type { Session } from './session';
import { authorKey } from './server-state';
import { readLastSync, writeLastSync } from './sync-once';
import { notePending } from './pending-elsewhere';

export type Connection = 'connected' | 'connecting' | 'disconnected';
/** epoch: the server's copy is another epoch of the fundraiser (4409); this device must not sync it. */
/** Why the device stopped syncing: `tooLarge` is a change set over the server's message
 *  limit even in pieces (chunked-sync.ts), after which the provider does not reconnect. */
/** `otherAuthor`: local events the server lacks were written by someone other than the one
 *  logged in (server-state.ts `pendingAuthors`): only their author can send them. */
export type AuthProblem = 'expired' | 'revoked' | 'forbidden' | 'epoch' | 'tooLarge' | 'otherAuthor' | undefined;

export interface ConnectionState {
  readonly connection: Accessor<Connection>;
  readonly authProblem: Accessor<AuthProblem>;
  readonly pending: Accessor<number>;
  /** The user id of whoever else wrote local events the server lacks, if anyone did. */
  readonly otherAuthor: Accessor<string | undefined>;
  readonly lastSyncAt: Accessor<number | undefined>;
  readonly session: Accessor<Session>;
  /** True once a first exchange with the server finished: later website orders are "new". */
  readonly live: () => boolean;
  readonly reportClose: (code: number | undefined, reason?: string) => void;
  readonly stampSync: () => void;
  readonly relogin: (session: Session) => void;
  readonly dispose: () => void;
}

const CONFIRM_DELAY_MS = 250;

export function createConnectionState(fdoc: FundraiserDoc, mode: SyncMode, initialSession: Session): ConnectionState {
  const { provider, serverState, doc } = fdoc;
  const [connection, setConnection] = createSignal<Connection>('disconnected');
  const [closedFor, setAuthProblem] = createSignal<AuthProblem>(isExpired(initialSession) ? 'expired' : undefined);
  const [pending, setPending] = createSignal(serverState.pendingCount());
  notePending(fdoc.fid, pending());
  const [lastSyncAt, setLastSyncAt] = createSignal(readLastSync(fdoc.fid));
  const [session, setSession] = createSignal(initialSession);
  const [otherAuthor, setOtherAuthor] = createSignal(otherAuthorOf(initialSession));
  const authProblem = () => closedFor() ?? (otherAuthor() === undefined ? undefined : 'otherAuthor');
  let live = false;

  function otherAuthorOf(current: Session): string | undefined {
    const me = authorKey(current);
    for (const author of serverState.pendingAuthors()) if (author !== me) return author.slice(author.indexOf(':') + 1);
    return undefined;
  }
  const countPending = () => {
    const count = serverState.pendingCount();
    if (count !== pending()) notePending(fdoc.fid, count); // for the other fundraisers' screens (pending-elsewhere.ts)
    setPending(count);
  };
  // This tab writes as the session's user, so its own writes never add another author's events
  // to the pending ones; those leave as the server confirms, or arrive from another tab
  // (tab-sync.ts). Looked for when the server's state, the session or another tab's write
  // changes things, then, not after every write.
  const recount = () => {
    countPending();
    setOtherAuthor(otherAuthorOf(session()));
  };
  const afterTransaction = (transaction: Y.Transaction) => (transaction.origin === TAB_ORIGIN ? recount() : countPending());
  doc.on('afterTransaction', afterTransaction);
  const stopServerState = serverState.onChange(recount);

  let confirmTimer: ReturnType<typeof setTimeout> | undefined;
  function confirmSoon() {
    clearTimeout(confirmTimer);
    confirmTimer = setTimeout(() => void (provider.synced && serverState.confirm(provider).catch(() => {})), CONFIRM_DELAY_MS);
  }
  const onLocalWrite = (_update: Uint8Array, origin: unknown) => { if (mode === 'live' && isCommandOrigin(origin)) confirmSoon(); };
  doc.on('update', onLocalWrite);

  function stampSync() {
    const now = Date.now();
    writeLastSync(fdoc.fid, now);
    setLastSyncAt(now);
  }
  function reportClose(code: number | undefined, reason?: string) {
    if (code === CloseCode.badToken) setAuthProblem(reason === REVOKED_REASON ? 'revoked' : 'expired');
    if (code === CloseCode.forbidden) setAuthProblem('forbidden');
    if (code === CloseCode.epochMismatch) setAuthProblem('epoch');
    if (code === CloseCode.tooLarge || code === CloseCode.messageTooBig) setAuthProblem('tooLarge');
  }

  provider.on('status', ({ status }) => setConnection(status));
  provider.on('closed', ({ code, reason }) => reportClose(code, reason));
  provider.on('sync', (synced: boolean) => {
    if (!synced) return;
    live = true;
    if (mode === 'live') (stampSync(), confirmSoon());
  });

  // Follow the browser's network flag at once: an open socket can outlive the network until
  // the link watchdog gives up on it (link-watchdog.ts, 12.5 s), and meanwhile writes would
  // look sent. A link that dies while the flag stays up is the watchdog's alone.
  const goOffline = () => { if (mode === 'live') provider.disconnect(); };
  const goOnline = () => { if (mode === 'live' && !authProblem()) provider.connect(); };
  // On demand, nothing connects until a sync: ask over HTTP whether the login still holds, so
  // a revoked one is told while there is network to log in again (live mode hears it as 4401).
  const checkLogin = () => {
    const checked = session();
    if (mode !== 'on-demand' || !navigator.onLine || closedFor()) return;
    void loginRefused(checked).then((refused) => {
      if (refused && session() === checked && !closedFor()) setAuthProblem(isExpired(checked) ? 'expired' : 'revoked');
    });
  };
  window.addEventListener('offline', goOffline);
  window.addEventListener('online', goOnline);
  window.addEventListener('online', checkLogin);
  if (navigator.onLine) (goOnline(), checkLogin());

  function relogin(next: Session) {
    setSession(next);
    setOtherAuthor(otherAuthorOf(next));
    fdoc.setToken(next.token);
    if (closedFor() === 'epoch') return; // a new login does not make the copies one
    // A token that does not name this fundraiser (the manager limited the account) cannot sync it.
    setAuthProblem(mayOpen(next, fdoc.fid) ? undefined : 'forbidden');
    goOnline();
  }

  return {
    connection, authProblem, pending, otherAuthor, lastSyncAt, session, live: () => live, reportClose, stampSync, relogin,
    dispose: () => {
      clearTimeout(confirmTimer);
      stopServerState();
      doc.off('afterTransaction', afterTransaction);
      doc.off('update', onLocalWrite);
      window.removeEventListener('offline', goOffline);
      window.removeEventListener('online', goOnline);
      window.removeEventListener('online', checkLogin);
    },
  };
}
