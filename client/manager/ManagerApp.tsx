// The manager's app: orders (live list + detail), conflict inbox, dashboard, catalog, booking.
// It may open from the read-model snapshot (DeviceShell fromSnapshot): then only the list is
// usable until the doc is loaded.
import { For, Match, Show, Switch, createEffect, createSignal, on } from 'solid-js';
import { useFundraiser } from '../device/context';
import { FID_PATTERN } from '../../sync-server/shared/protocol';
import { createFundraiserChoices, fundraiserLabel, knownList, listedFundraiser, serverListed, typedFundraiser } from '../device/fundraiser-list';
import { ConflictList } from '../device-ui/ConflictList';
import { DeviceNotices, LogOutButton, useShell } from '../device-ui/DeviceShell';
import { NewOrderForm } from '../device-ui/NewOrderForm';
import { AccountsPanel } from './AccountsPanel';
import { CatalogEditor } from './CatalogEditor';
import { downloadCsv, exportNote } from './csv';
import { Dashboard } from './Dashboard';
import { DevicesPanel } from './DevicesPanel';
import { ReenterExport } from './ReenterExport';
import { DoorList } from './DoorList';
import { OrderDetail } from './OrderDetail';
import { OrderList } from './OrderList';
import { screenMessage } from '../device-ui/screen-text';
import { Announcer, announce, focusSoon } from '../device-ui/a11y';

type Tab = 'orders' | 'conflicts' | 'dashboard' | 'door' | 'catalog' | 'devices' | 'accounts' | 'new';
const TABS: Tab[] = ['orders', 'conflicts', 'dashboard', 'door', 'catalog', 'devices', 'accounts', 'new'];

export function ManagerApp() {
  const store = useFundraiser();
  const [tab, setTab] = createSignal<Tab>('orders');
  const [selected, setSelected] = createSignal<string>();
  // One column on a phone: the detail opens below the list, out of sight; bring it up. It takes
  // focus too (its heading): a keyboard would otherwise Tab through every row to reach it.
  const select = (orderId: string) => {
    setSelected(orderId);
    if (window.matchMedia('(max-width: 900px)').matches) document.querySelector('.order-detail')?.scrollIntoView({ block: 'start' });
    focusSoon(() => document.querySelector('.order-detail h2'));
  };
  const open = (orderId: string) => { setTab('orders'); select(orderId); };
  // While the doc loads behind the snapshot, only the order list is shown: the rest needs the doc.
  const usable = (id: Tab) => id === 'orders' || store.ready();
  const TabButton = (p: { id: Tab; label: string }) => (
    <button type="button" role="tab" id={`tab-${p.id}`} aria-selected={tab() === p.id} aria-controls="tab-panel" tabindex={tab() === p.id ? 0 : -1}
      classList={{ active: tab() === p.id }} disabled={!usable(p.id)} onClick={() => setTab(p.id)}>{p.label}</button>
  );
  return (
    <div class="manager">
      <ManagerHeader />
      <main>
        <NewOrderAnnouncer />
        <DeviceNotices />
        <div class="tabs" role="tablist" aria-label="Sections" onKeyDown={(e) => arrowKeys(e, tab(), TABS.filter(usable), setTab)}>
          <TabButton id="orders" label={`Orders (${store.orderIds().length})`} />
          <TabButton id="conflicts" label={`Conflicts (${store.conflictCount()})`} />
          <TabButton id="dashboard" label="Dashboard" />
          <TabButton id="door" label="Door list" />
          <TabButton id="catalog" label="Catalog" />
          <TabButton id="devices" label="Devices" />
          <TabButton id="accounts" label="Accounts" />
          <TabButton id="new" label="+ New order" />
        </div>
        <div role="tabpanel" id="tab-panel" aria-labelledby={`tab-${tab()}`}>
          <Switch>
            <Match when={tab() === 'orders'}>
              <div class="orders-layout">
                <OrderList selected={selected()} onSelect={select} />
                {/* Keyed by the order's id, not its view: a change to the order (a sync, a website
                    update) must not draw the detail anew and drop a half-typed form. */}
                <Show when={selected() && store.orders[selected()!] ? selected() : undefined} keyed fallback={<p class="card hint">{store.ready() ? 'Choose an order to see its details and history.' : 'Order details open once this device\'s copy is loaded.'}</p>}>
                  {(orderId) => <Show when={store.orders[orderId]}>{(order) => <OrderDetail order={order()} />}</Show>}
                </Show>
              </div>
            </Match>
            <Match when={tab() === 'conflicts'}><section class="card"><h2>Conflict inbox</h2><ConflictList conflicts={localConflictTimes(store)} onOpen={open} canHandle /></section></Match>
            <Match when={tab() === 'dashboard'}><Dashboard /></Match>
            <Match when={tab() === 'door'}><DoorList /></Match>
            <Match when={tab() === 'catalog'}><CatalogEditor /></Match>
            <Match when={tab() === 'devices'}><DevicesPanel /><ReenterExport /></Match>
            <Match when={tab() === 'accounts'}><AccountsPanel /></Match>
            <Match when={tab() === 'new'}><NewOrderForm idPrefix="book" onDone={open} /></Match>
          </Switch>
        </div>
      </main>
    </div>
  );
}

/** The ARIA tabs pattern: arrows move along the tabs (and open the one reached), Home and End
 *  go to the ends; Tab leaves the tab list for the panel. */
function arrowKeys(event: KeyboardEvent, current: Tab, tabs: Tab[], open: (tab: Tab) => void) {
  const at = tabs.indexOf(current);
  const next = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: tabs.length - 1 }[event.key];
  if (next === undefined) return;
  event.preventDefault();
  const target = tabs[(next + tabs.length) % tabs.length]!;
  open(target);
  document.getElementById(`tab-${target}`)?.focus();
}

/** The conflicts as sentences, their writers' UTC clock times as this device's local times. */
function localConflictTimes(store: ReturnType<typeof useFundraiser>) {
  const eventTime = (orderId: string | undefined) => (eventId: string) => orderId ? store.history(orderId).find((h) => h.eventId === eventId)?.at : undefined;
  return store.conflicts().map((c) => ({ ...c, message: screenMessage(c.message, eventTime(c.orderId)) }));
}

/** The app's live region; it says new website orders aloud too: the list marks them only for the eye. */
function NewOrderAnnouncer() {
  const store = useFundraiser();
  createEffect(on(store.newOrderIds, (now, before) => {
    const added = [...now].filter((id) => !before?.has(id));
    const first = added.length === 1 ? store.listed(added[0]!) : undefined;
    if (added.length > 0) announce(first ? `New website order ${first.orderNumber} from ${first.customer.name}.` : `${added.length} new website orders.`);
  }, { defer: true }));
  return <Announcer />;
}

function ManagerHeader() {
  const store = useFundraiser();
  const shell = useShell();
  const [csvNote, setCsvNote] = createSignal<string>();
  const fundraisers = createFundraiserChoices(store.session());
  const current = () => listedFundraiser(store.fid); // named even when archived
  const [idProblem, setIdProblem] = createSignal<string>();
  let picker: HTMLInputElement | undefined;
  // A typed id opens what the list holds, archived ones too (the datalist leaves them out);
  // a new id must be one the sync path takes, or the page would reload on the same fundraiser
  // without a word.
  const openTyped = (typed: string) => {
    const target = typedFundraiser(typed, [...fundraisers(), ...knownList().filter((f) => f.archived)]);
    if (!('fid' in target) && !FID_PATTERN.test(typed)) return setIdProblem(`"${typed}" cannot be a fundraiser id: use 1 to 64 letters, digits or _ . : @ - (no spaces), as in waffles-2027.`);
    const question = serverListed()
      ? `There is no fundraiser "${typed}" yet. Start a new one with this id? (Its name and public page come under Catalog.)`
      : `This device cannot ask the server now, and knows no fundraiser "${typed}". Open it, as a new one if the server has none? (Its name and public page come under Catalog.)`;
    if ('fid' in target) shell.openFundraiser(target.fid);
    else if (confirm(question)) shell.openFundraiser(typed);
    if (picker) picker.value = store.fid; // declined, or the one open: the field names it again
  };
  async function exportCsv() {
    const orders = store.orderIds().map((id) => store.orders[id]!);
    setCsvNote(await exportNote(() => downloadCsv(store.fid, store.session().token, orders, (itemId) => store.items().find((i) => i.itemId === itemId)?.name)));
  }
  return (
    <header class="app-header">
      <h1 class="app-title">Fundraiser Orders · Manager</h1>
      <label class="fid-picker">
        <span class="sr-only">Fundraiser</span>
        <input ref={picker} list="known-fundraisers" value={store.fid} aria-label="Fundraiser id" autocapitalize="none" aria-invalid={idProblem() ? 'true' : 'false'} aria-describedby={idProblem() ? 'fid-picker-error' : undefined}
          onInput={() => setIdProblem(undefined)}
          onChange={(e) => { const next = e.currentTarget.value.trim(); if (!next) e.currentTarget.value = store.fid; else openTyped(next); /* refused: what was typed stays, to be put right */ }} />
        <datalist id="known-fundraisers"><For each={fundraisers()}>{(f) => <option value={f.id}>{fundraiserLabel(f, fundraisers())}</option>}</For></datalist>
      </label>
      <Show when={idProblem()}>{(problem) => <span class="field-error fid-picker-error" id="fid-picker-error" role="alert">{problem()}</span>}</Show>
      <Show when={current()?.name}>{(name) => <span class="fundraiser-name" data-testid="fundraiser-name">{name()}</span>}</Show>
      <Show when={current()?.archived}><span class="archived-badge" data-testid="archived-badge">Archived</span></Show>
      <span class={`connection ${store.connection()}`} role="status" data-testid="connection">{connectionText(store.connection())}</span>
      <span class="pending" classList={{ safe: store.pending() === 0 }} data-testid="pending">{store.pending() ?? '…'} not on the server</span>
      <span class="grow" />
      <button type="button" class="secondary" disabled={!store.ready()} onClick={exportCsv}>Export CSV</button>
      <Show when={csvNote()}><span class="hint">{csvNote()}</span></Show>
      <span class="hint">{store.session().userId}</span>
      <LogOutButton />
    </header>
  );
}

function connectionText(connection: string): string {
  if (connection === 'connected') return '● Live';
  if (connection === 'connecting') return '○ Connecting… working on this device'; // the server may be down for long: say the work is safe
  return '○ Offline: working on this device';
}
