// Always visible at the top of the clerk's screen: network, time since the last sync, how many
// local events the server does not have yet, the Sync button with its progress, auto-sync.
import { Show, createEffect, on, onCleanup, onMount } from 'solid-js';
import { useFundraiser } from '../device/context';
import { LogOutButton, useShell } from '../device-ui/DeviceShell';
import { FundraiserSwitch } from '../device-ui/FundraiserChoice';
import { createFundraiserChoices } from '../device/fundraiser-list';
import { timeAgo } from '../shared/time';
import { createNow, createOnline } from './online';
import { reportText, type SyncRunner } from './sync-runner';

/** `sync`: the one runner of the page (the empty search offers it too). */
export function StatusBar(props: { sync: SyncRunner }) {
  const store = useFundraiser();
  const online = createOnline();
  const now = createNow();
  const sync = props.sync;
  // A "Synced" report goes once there is new work: beside "2 not on the server" it read as done.
  const shownReport = () => {
    const report = sync.progress() ? undefined : sync.report();
    return report && (!report.ok || store.pending() === 0) ? report : undefined;
  };
  const shell = useShell();
  const fundraisers = createFundraiserChoices(store.session());
  // Logging in again (DeviceNotices) is done to sync: do it now, rather than leave the last
  // report ("your login has expired…") standing until someone presses the button.
  createEffect(on(store.authProblem, (now, before) => { if (before && !now && navigator.onLine) void sync.run(); }, { defer: true }));
  const lastSync = () => { const at = store.lastSyncAt(); return at ? timeAgo(at, now()) : 'never'; };
  let bar: HTMLElement | undefined;
  onMount(() => keepFocusClearOf(bar!));
  return (
    <header class="status-bar" ref={bar}>
      <div class="status-line">
        <span class={`net ${online() ? 'online' : 'offline'}`} data-testid="network">{online() ? '● Network' : '○ Offline'}</span>
        <span data-testid="last-sync">Last sync: {lastSync()}</span>
        <span class="pending" classList={{ safe: store.pending() === 0 }} data-testid="pending">{store.pending() ?? '…'} not on the server</span>
        <span class="grow" />
        <span class="hint who">{store.session().userId} · <FundraiserSwitch fid={store.fid} choices={fundraisers()} onChoose={shell.openFundraiser} /></span>
        <LogOutButton />
      </div>
      <div class="sync-line" data-runs={sync.runs()}>
        <button type="button" class="sync-button" disabled={sync.progress() !== undefined} onClick={() => void sync.run()}>
          {sync.progress() ? 'Syncing…' : 'Sync now'}
        </button>
        <label class="auto-sync"><input type="checkbox" checked={sync.auto()} onChange={(e) => sync.setAuto(e.currentTarget.checked)} /> Auto-sync</label>
        <Show when={sync.progress()}>{(p) => <span class="sync-progress" role="status"><span class="spinner" aria-hidden="true" />{p().text}</span>}</Show>
        <Show when={shownReport()}>
          {(r) => <span class={`sync-report ${r().ok ? 'ok' : 'bad'}`} role="status" data-testid="sync-report" data-run={sync.runs()}>{reportText(r())}</span>}
        </Show>
      </div>
    </header>
  );
}

/** The bar is sticky: a control scrolled into view by Tab would stop under it, unless the page
 *  leaves the bar's height free at the top (clerk.css: scroll-padding-top). It grows and shrinks
 *  with its lines (a sync report, a narrow phone), so it is measured. */
function keepFocusClearOf(bar: HTMLElement) {
  const observer = new ResizeObserver(() => document.documentElement.style.setProperty('--status-bar-height', `${bar.offsetHeight}px`));
  observer.observe(bar);
  onCleanup(() => observer.disconnect());
}
