// The clerk's screen at the door: find an order fast, check it in, take the money, book a
// last-minute order — all on the device, synced when the clerk says so.
import { For, Show, createMemo, createSignal } from 'solid-js';
import { PAYMENT_METHODS, moneyMoved, takingsOf } from '../../domain';
import type { Takings } from '../../domain';
import { loadDeviceIdentity } from '../device/identity';
import { formatMoney } from '../shared/money';
import { useFundraiser } from '../device/context';
import { ConflictList } from '../device-ui/ConflictList';
import { DeviceNotices } from '../device-ui/DeviceShell';
import { NewOrderForm } from '../device-ui/NewOrderForm';
import { SameNameNotes } from '../device-ui/SameNameNotes';
import { UnknownFundraiser } from '../device-ui/UnknownFundraiser';
import { TakingsTable, slipsText } from '../device-ui/TakingsTable';
import { Announcer, announceAfterPause, focusSoon } from '../device-ui/a11y';
import { matchesText } from '../device-ui/screen-text';
import { CheckInCard } from './CheckInCard';
import { NoMatch } from './NoMatch';
import { StatusBar } from './StatusBar';
import { createSyncRunner } from './sync-runner';

const SHOWN = 30;
/** How long typing pauses before the match count is said: once per pause, not per keystroke. */
const SAY_COUNT_AFTER_MS = 500;

export function ClerkApp() {
  const store = useFundraiser();
  const [query, setQuery] = createSignal('');
  const [booking, setBooking] = createSignal(false);
  const [showConflicts, setShowConflicts] = createSignal(false);
  const [showTakings, setShowTakings] = createSignal(false);
  const results = createMemo(() => store.search(query(), SHOWN));
  const sync = createSyncRunner(store);
  // The list changes silently as the clerk types: a screen reader hears how many match once
  // typing pauses. Only what is typed (not an order opened from elsewhere), never an empty box.
  const typed = (text: string) => {
    setQuery(text);
    announceAfterPause(() => query().trim() ? matchesText(results().total, results().ids.length, query().trim()) : undefined, SAY_COUNT_AFTER_MS);
  };
  const showOrder = (orderId: string) => {
    const number = store.listed(orderId)?.orderNumber ?? '';
    setQuery(number);
    setShowConflicts(false);
    focusSoon(() => document.querySelector(`.checkin-card[data-order="${CSS.escape(number)}"] header`)); // the order's card, named
  };
  const stopBooking = () => { setBooking(false); focusSoon(() => document.querySelector('[data-testid=new-order]')); };

  return (
    <div class="clerk">
      <StatusBar sync={sync} />
      <main class="clerk-main">
        <h1 class="sr-only">Check-in at the door</h1>
        <Announcer />
        <DeviceNotices />
        <UnknownFundraiser />
        <Show when={!booking()} fallback={<NewOrderForm idPrefix="door" atTheDoor onCancel={stopBooking} onDone={(id) => { setBooking(false); showOrder(id); }} />}>
          <div class="search-row">
            <input class="search" type="search" placeholder="Name or number" aria-label="Find an order" autofocus value={query()} onInput={(e) => typed(e.currentTarget.value)} />
            <button type="button" class="big" data-testid="new-order" disabled={!store.ready()} onClick={() => setBooking(true)}>+ New order</button>
          </div>
          <p class="hint">{store.orderIds().length} {store.orderIds().length === 1 ? 'order' : 'orders'} on this device · {store.checkedInCount()} checked in</p>
          <Show when={store.conflictCount() > 0} fallback={
            // Every conflict marked handled: not a warning, but the list (and what was done) stays in reach.
            <Show when={store.conflictTotal() > 0}>
              <button type="button" class="link" onClick={() => setShowConflicts(!showConflicts())} data-testid="handled-count">
                {store.conflictTotal()} handled conflict{store.conflictTotal() === 1 ? '' : 's'} — {showConflicts() ? 'hide' : 'show'}
              </button>
            </Show>
          }>
            <button type="button" class="conflict-toggle" onClick={() => setShowConflicts(!showConflicts())} data-testid="conflict-count">
              ⚠ {store.conflictCount()} conflict{store.conflictCount() === 1 ? '' : 's'} — {showConflicts() ? 'hide' : 'show'}
            </button>
          </Show>
          <Show when={showConflicts()}><section class="clerk-conflicts"><ConflictList conflicts={store.conflicts()} onOpen={showOrder} /></section></Show>
          <button type="button" class="link takings-toggle" onClick={() => setShowTakings(!showTakings())}>{showTakings() ? 'Hide takings' : 'Takings (cash box)'}</button>
          <Show when={showTakings()}><ClerkTakings /></Show>
          <Show when={results().total > results().ids.length}>
            <p class="hint result-count" data-testid="result-count">Showing {results().ids.length} of {results().total} — type more</p>
          </Show>
          <SameNameNotes ids={results().ids} query={query()} />
          <div class="results">
            <For each={results().ids} fallback={query().trim() ? <NoMatch sync={sync} /> : <p class="hint empty">Type a name or an order number.</p>}>
              {(id) => <Show when={store.listed(id)}>{(order) => <CheckInCard order={order()} />}</Show>}
            </For>
          </div>
        </Show>
      </main>
    </div>
  );
}

/** Counted only while shown: it reads every order's payments. This device's own sums come
 *  first: one account is often shared by the door's tablets, each with its own cash box. */
function ClerkTakings() {
  const store = useFundraiser();
  const deviceId = loadDeviceIdentity().deviceId;
  const orders = createMemo(() => store.orderIds().map((id) => store.orders[id]!));
  const takings = createMemo(() => takingsOf(orders()));
  const onThisDevice = createMemo(() => takingsOf(orders(), (payment) => payment.actor.deviceId === deviceId));
  return (
    <section class="card clerk-takings">
      <p class="device-takings" data-testid="device-takings"><strong>Taken on this device:</strong> {takenText(onThisDevice())}</p>
      <TakingsTable takings={takings()} you={store.session().userId} />
      <p class="hint">As this device knows it: others' payments count here once they are synced.</p>
    </section>
  );
}

/** "cash € 12.50 (2 payments · 1 refund of € 8.00) · card € 4.00 (1 payment)". */
function takenText(takings: Takings): string {
  const parts = PAYMENT_METHODS.filter((m) => moneyMoved(takings.byMethod[m]))
    .map((m) => `${m} ${formatMoney(takings.byMethod[m].cents)} (${slipsText(takings.byMethod[m])})`);
  return parts.length > 0 ? parts.join(' · ') : 'nothing yet';
}
