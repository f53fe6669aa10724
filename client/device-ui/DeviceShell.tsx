// What the manager and clerk apps share around their screens: log in, open the fundraiser's
// document on this device (make → create), provide it (use), ask to log in again when the
// token expired, warn about storage, and warn before the tab closes with unsynced events.
import { Match, Show, Switch, createContext, createResource, createSignal, onCleanup, untrack, useContext } from 'solid-js';
import type { JSX } from 'solid-js';
import { FundraiserProvider, useFundraiser } from '../device/context';
import { databaseName, makeFundraiserDoc } from '../device/fundraiser-doc';
import type { SyncMode } from '../device/fundraiser-doc';
import { createFundraiserStore } from '../device/fundraiser-store';
import { chosenFundraiser, rememberFundraiser } from '../device/fundraiser-choice';
import { forgetFundraisers, isArchived } from '../device/fundraiser-list';
import { loadSession, logOut, mayOpen, onSessionChange } from '../device/session';
import type { Session } from '../device/session';
import { checkStorage } from '../device/storage-health';
import { readSnapshot } from '../device/read-model-store';
import { afterNextPaint } from '../device/yield';
import { ArchivedFundraiser } from './ArchivedFundraiser';
import { PendingElsewhere } from './PendingElsewhere';
import { ChooseFundraiser } from './FundraiserChoice';
import { LoginForm } from './LoginForm';
import { RemoveDeviceCopy } from './RemoveDeviceCopy';
import { loginProblemText, offersExport } from './login-text';

const STORAGE_SEEN = 'fundraiser-orders:storage-warning-seen';

interface ShellActions { logOut: (removable?: string) => void; openFundraiser: (fid: string) => void }
/** While a fundraiser is open: asks before leaving it with unsynced events (false: stay). */
interface LeaveCheck { confirm?: () => boolean; onPurpose: boolean }
const ShellContext = createContext<ShellActions & { leave: LeaveCheck }>();

export function useShell(): ShellActions {
  const actions = useContext(ShellContext);
  if (!actions) throw new Error('useShell() outside <DeviceShell>');
  return actions;
}

/** `fromSnapshot`: show the stored read-model snapshot while the doc loads (clerk and manager). */
export function DeviceShell(props: { title: string; mode: SyncMode; roles: Session['role'][]; fromSnapshot?: boolean; children: JSX.Element }) {
  const [session, setSession] = createSignal(loadSession());
  // Another tab logged out, or in: follow it. Another person's login passes through the login
  // form here, so nothing opened as the last person stays open.
  onCleanup(onSessionChange((next) => setSession((current) => (next && current && next.userId !== current.userId ? undefined : next))));
  const fid = chosenFundraiser(window.location.search, isArchived); // not an archived one by itself
  const leave: LeaveCheck = { onPurpose: false };
  /** A fundraiser whose copy may be removed at the login screen: nothing of it was unsent. */
  const [leftBehind, setLeftBehind] = createSignal<string>();
  const actions = {
    leave,
    logOut: (removable?: string) => { logOut(); forgetFundraisers(); setLeftBehind(removable); setSession(undefined); },
    openFundraiser: (next: string) => {
      if (next === fid || leave.confirm?.() === false) return;
      leave.onPurpose = true; // asked already: the tab's own "leave site?" would only repeat it, worse
      window.location.assign(`${window.location.pathname}?fid=${encodeURIComponent(next)}`);
    },
  };
  const allowed = () => { const s = session(); return s !== undefined && props.roles.includes(s.role); };
  return (
    <ShellContext.Provider value={actions}>
      <Switch>
        <Match when={!session()}>
          <main class="centered">
            <LoginForm title={props.title} {...(fid ? { intro: `Fundraiser: ${fid}` } : {})} onLoggedIn={setSession} />
            <Show when={leftBehind()}>{(removable) => <RemoveDeviceCopy fid={removable()} />}</Show>
          </main>
        </Match>
        <Match when={!allowed()}>
          <main class="centered"><div class="card"><p class="notice error">This app is for {props.roles.join(' or ')} accounts; you are logged in as {session()!.role}.</p><button onClick={() => actions.logOut()}>Log out</button></div></main>
        </Match>
        <Match when={session()}>
          {(current) => (fid && mayOpen(untrack(current), fid)
            ? <Opened fid={fid} mode={props.mode} session={untrack(current)} fromSnapshot={props.fromSnapshot ?? false}>{props.children}</Opened>
            : <ChooseFundraiser session={untrack(current)} onChoose={actions.openFundraiser} onLogOut={actions.logOut}
                {...(fid ? { notice: `Your account (${untrack(current).userId}) may not open fundraiser ${fid}. Choose one it may open. If this device has unsynced changes to ${fid}, ask a manager to give the account ${fid} again (manager app, Accounts), then log out and in again to sync them.` } : {})} />)}
        </Match>
      </Switch>
    </ShellContext.Provider>
  );
}

function Opened(props: { fid: string; mode: SyncMode; session: Session; fromSnapshot: boolean; children: JSX.Element }) {
  const [store] = createResource(() => props.fid, async (fid) => {
    const read = props.fromSnapshot ? await readSnapshot(databaseName(fid)) : undefined;
    if (read?.ok) {
      // After the first paint of the snapshot: loading the doc holds the main thread for a while.
      const fdoc = afterNextPaint().then(() => makeFundraiserDoc(fid, props.session));
      void fdoc.then(() => rememberFundraiser(fid), () => {});
      return createFundraiserStore({ fid, snapshot: read.snapshot, fdoc }, props.mode, props.session);
    }
    const fdoc = await makeFundraiserDoc(fid, props.session);
    rememberFundraiser(fid);
    return createFundraiserStore({ fid, fdoc, ...(read ? { snapshotRefused: read.reason } : {}) }, props.mode, props.session);
  });
  onCleanup(() => { if (!store.error) store()?.destroy(); }); // an errored resource throws when read
  return (
    <Switch>
      <Match when={store.error}>
        <main class="centered"><p class="notice error">This device could not open the fundraiser's data ({String((store.error as Error)?.message ?? store.error)}). Private browsing may block storage.</p></main>
      </Match>
      <Match when={store()}>
        {(ready) => (
          <FundraiserProvider store={ready()}>
            <UnsyncedGuard />
            <div class="device-app" data-client-id={ready().clientId()} data-client-id-reused={ready().clientIdReused() === undefined ? undefined : String(ready().clientIdReused())}
              data-opened-from={ready().openedFrom} data-snapshot-refused={ready().snapshotRefused} data-doc={ready().ready() ? 'loaded' : 'loading'} data-snapshot-matched={ready().snapshotMatched() === undefined ? undefined : String(ready().snapshotMatched())}
              data-snapshots-written={ready().snapshotsWritten()} data-damaged-check={ready().damagedCheck()}
              data-damaged-check-decoded={ready().damagedCheckDecoded()}>{props.children}</div>
          </FundraiserProvider>
        )}
      </Match>
      <Match when={store.loading}><main class="centered"><p class="hint">Opening {props.fid} on this device…</p></main></Match>
    </Switch>
  );
}

/** Logging out keeps this device's data; with unsynced events it says whose they are first. */
export function LogOutButton() {
  const store = useFundraiser();
  const shell = useShell();
  const logOutNow = () => {
    const question = logOutQuestion(store.pending() ?? 0, store.otherAuthor() ?? store.session().userId, navigator.onLine);
    if (question && !confirm(question)) return;
    const nothingUnsent = store.ready() && (store.pending() ?? 0) === 0 && store.otherAuthor() === undefined;
    shell.logOut(nothingUnsent ? store.fid : undefined);
  };
  return <button type="button" class="link" onClick={logOutNow}>Log out</button>;
}

/** What to ask before logging out, if anything: unsynced changes only their author can send,
 *  and, offline, that no one can log in on this device until the network is back. */
export function logOutQuestion(pending: number, userId: string, online: boolean): string | undefined {
  const offline = online ? '' : 'You are offline: logging in needs the network, so no one can use this app on this device until it is back. ';
  if (pending === 0) return offline ? `${offline}Log out?` : undefined;
  return `${offline}${pending} change(s) are only on this device. They stay here, but only ${userId} can send them: until ${userId} logs in again, this device does not sync. Log out?`;
}

/** Asks before the tab closes while some events exist only on this device; switching to
 *  another fundraiser asks in words of its own (they stay here and sync when it is back). */
function UnsyncedGuard() {
  const store = useFundraiser();
  const { leave } = useContext(ShellContext)!;
  leave.confirm = () => {
    const pending = store.ready() ? store.pending() ?? 0 : 0;
    return pending === 0 || confirm(`${pending} change(s) to ${store.fid} are only on this device. They stay here and sync when you open ${store.fid} again. Switch?`);
  };
  onCleanup(() => { leave.confirm = undefined; });
  const onBeforeUnload = (event: BeforeUnloadEvent) => {
    if (leave.onPurpose || store.pending() === 0 || !store.ready()) return; // still loading: everything is on the device's disk
    event.preventDefault();
    event.returnValue = '';
  };
  window.addEventListener('beforeunload', onBeforeUnload);
  onCleanup(() => window.removeEventListener('beforeunload', onBeforeUnload));
  return null;
}

/** Banners every device screen shows: an archived fundraiser, expired login (with the form)
 *  and storage warnings. */
export function DeviceNotices() {
  const store = useFundraiser();
  const [storage] = createResource(() => checkStorage().catch(() => ({ warning: undefined })));
  const [loggingIn, setLoggingIn] = createSignal(false);
  // Read once per tab: the warning stays true, but a clerk needs the screen for the queue.
  const [storageSeen, setStorageSeen] = createSignal(sessionStorage.getItem(STORAGE_SEEN) !== null);
  const dismissStorage = () => { sessionStorage.setItem(STORAGE_SEEN, '1'); setStorageSeen(true); };
  const storeProblem = () => { const status = store.localStore(); return status.kind === 'ok' ? undefined : status; };
  return (
    <div class="device-notices">
      <ArchivedFundraiser />
      <PendingElsewhere />
      <Show when={store.newerEvents() > 0}>
        <div class="notice warn" role="alert" data-testid="newer-app">
          <p>{store.newerEvents()} change(s) on this device come from a newer version of this app, which this one cannot show: what it shows of those orders may be out of date. Reload the page to update the app.</p>
          <div class="row"><button type="button" onClick={() => window.location.reload()}>Reload</button></div>
        </div>
      </Show>
      <Show when={loginProblemText(store.authProblem(), { pending: store.pending() ?? 0, userId: store.session().userId, fid: store.fid })}>
        {(text) => (
          <div class={`notice ${store.authProblem() === 'forbidden' ? 'error' : 'warn'}`} role="alert" data-testid="login-problem" data-problem={store.authProblem()}>
            <p>{text()}</p>
            <Show when={offersExport(store.authProblem(), store.pending() ?? 0)}>
              <div class="row"><button type="button" class="secondary" onClick={() => void exportEvents(store)}>Export this device's events</button></div>
            </Show>
            <Show when={loggingIn()} fallback={<button type="button" onClick={() => setLoggingIn(true)}>Log in again</button>}>
              <ReloginForm onDone={() => setLoggingIn(false)} />
            </Show>
          </div>
        )}
      </Show>
      <Show when={store.authProblem() === 'otherAuthor' && store.otherAuthor()}>
        {(author) => (
          <div class="notice error" role="alert" data-testid="other-author">
            <p>{store.pending()} change(s) on this device were made by <strong>{author()}</strong> and are not on the server yet. Only {author()} can send them, so this device does not sync while {store.session().userId} is logged in: log out and let {author()} log in and sync. Nothing is lost meanwhile.</p>
            <div class="row"><LogOutButton /></div>
          </div>
        )}
      </Show>
      <Show when={store.authProblem() === 'epoch'}><EpochNotice /></Show>
      <Show when={store.authProblem() === 'tooLarge'}>
        <div class="notice error" role="alert" data-testid="too-large">
          <p>This device's {store.pending() ?? ''} unsynced change(s) are too large for the server to take, so they are <strong>not synced</strong>. They are safe on this device. Export them and give the file to the manager.</p>
          <div class="row"><button type="button" onClick={() => void exportEvents(store)}>Export this device's events</button></div>
        </div>
      </Show>
      <Show when={!store.ready() && !store.loadError()}>
        <p class="notice" role="status" data-testid="doc-loading">Loading this device's copy… The list shows what is stored here; check-in, payments and new orders wait until it is loaded.</p>
      </Show>
      <Show when={store.loadError()}>
        <p class="notice error" role="alert" data-testid="doc-load-error">This device could not load the fundraiser's data ({store.loadError()}). The list shows what is stored here; nothing can be changed.</p>
      </Show>
      <Show when={storeProblem()}>
        {(problem) => <p class={`notice ${problem().kind === 'recovered' ? 'warn' : 'error'}`} role="alert" data-testid="local-store" data-kind={problem().kind}>{problem().text}</p>}
      </Show>
      <Show when={!storageSeen() && storage()?.warning}>
        <p class="notice warn row" data-testid="storage-warning"><span class="grow">{storage()!.warning}</span><button type="button" class="secondary" onClick={dismissStorage}>OK</button></p>
      </Show>
    </div>
  );
}

/** Downloads every event on this device as a JSON file, for the manager to re-enter. */
async function exportEvents(store: { fid: string; exportJson: () => Promise<string> }): Promise<void> {
  downloadText(`${store.fid}-device-events-${new Date().toISOString().slice(0, 19).replaceAll(':', '')}.json`, await store.exportJson());
}

/** The server's copy is another epoch: say so, offer the export, and (after it) starting over. */
function EpochNotice() {
  const store = useFundraiser();
  const { leave } = useContext(ShellContext)!;
  const [exported, setExported] = createSignal(false);
  const exportNow = async () => {
    await exportEvents(store);
    setExported(true);
  };
  const [deleting, setDeleting] = createSignal<'blocked' | { failed: string }>();
  const startOver = async () => {
    if (!confirm(exported() ? 'Delete this device\'s copy and load the server\'s? What is on this device and not in the file you exported is lost.' : 'You have not exported this device\'s events: what it holds that the server does not is lost. Delete its copy anyway?')) return;
    try {
      await store.startOver(() => setDeleting('blocked'));
      leave.onPurpose = true; // asked already: the tab's own "leave site?" would only repeat it
      window.location.reload();
    } catch (err) {
      setDeleting({ failed: String(err) });
    }
  };
  return (
    <div class="notice error" role="alert" data-testid="epoch-mismatch">
      <p>The server's copy of fundraiser {store.fid} was re-created or restored from a backup. This device's copy belongs to the earlier one, so it is <strong>not synced</strong>: the two are not mixed. Nothing on this device was changed.</p>
      <p>Export this device's events and give the file to the manager; then start over from the server's copy.</p>
      <div class="row">
        <button type="button" onClick={() => void exportNow()}>Export this device's events</button>
        <button type="button" class="secondary" onClick={() => void startOver()}>Start over from the server</button>
      </div>
      <Show when={deleting()}>
        {(state) => (
          <p data-testid="start-over-state">
            {state() === 'blocked'
              ? 'Another tab of this app still has this fundraiser open. Close it: this device\'s copy is deleted as soon as it is, and this page reloads.'
              : `This device's copy could not be deleted (${(state() as { failed: string }).failed}). Reload the page and try again.`}
          </p>
        )}
      </Show>
    </div>
  );
}

function downloadText(filename: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const link = Object.assign(document.createElement('a'), { href: url, download: filename });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Same user only while changes are pending: the server accepts events only from their author. */
function ReloginForm(props: { onDone: () => void }) {
  const store = useFundraiser();
  const [problem, setProblem] = createSignal<string>();
  const done = (next: Session) => {
    if ((store.pending() ?? 0) > 0 && next.userId !== store.session().userId) {
      return setProblem(`Log in as ${store.session().userId}: the unsynced changes on this device are theirs.`);
    }
    store.relogin(next);
    props.onDone();
  };
  return (
    <>
      <Show when={problem()}><p class="notice error">{problem()}</p></Show>
      <LoginForm title="Log in again" username={store.session().userId} onLoggedIn={done} />
    </>
  );
}
