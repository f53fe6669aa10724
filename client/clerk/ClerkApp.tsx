// The clerk's screen at the door: find an order fast, check it in, take the money, book a
// last-minute order — all on the device, synced when the clerk says so.
import { For, Show, createMemo, createSignal } from 'solid-js';
import { takingsOf } from '../../domain';
import { useFundraiser } from '../device/context';
import { ConflictList } from '../device-ui/ConflictList';
import { DeviceNotices } from '../device-ui/DeviceShell';
import { NewOrderForm } from '../device-ui/NewOrderForm';
import { TakingsTable } from '../device-ui/TakingsTable';
import { CheckInCard } from './CheckInCard';
import { StatusBar } from './StatusBar';

const SHOWN = 30;

export function ClerkApp() {
  const store = useFundraiser();
  const [query, setQuery] = createSignal('');
  const [booking, setBooking] = createSignal(false);
  const [showConflicts, setShowConflicts] = createSignal(false);
  const [showTakings, setShowTakings] = createSignal(false);
  const results = createMemo(() => store.search(query(), SHOWN));
  const showOrder = (orderId: string) => { setQuery(store.listed(orderId)?.orderNumber ?? ''); setShowConflicts(false); };

  return (
    <div class="clerk">
      <StatusBar />
      <main class="clerk-main">
        <DeviceNotices />
        <Show when={!booking()} fallback={<NewOrderForm idPrefix="door" offerPayment onCancel={() => setBooking(false)} onDone={(id) => { setBooking(false); showOrder(id); }} />}>
          <div class="search-row">
            <input class="search" type="search" placeholder="Name or number" aria-label="Find an order" autofocus value={query()} onInput={(e) => setQuery(e.currentTarget.value)} />
            <button type="button" class="big" disabled={!store.ready()} onClick={() => setBooking(true)}>+ New order</button>
          </div>
          <p class="hint">{store.orderIds().length} orders on this device · {store.checkedInCount()} checked in</p>
          <Show when={store.conflictCount() > 0}>
            <button type="button" class="conflict-toggle" onClick={() => setShowConflicts(!showConflicts())} data-testid="conflict-count">
              ⚠ {store.conflictCount()} conflict{store.conflictCount() === 1 ? '' : 's'} — {showConflicts() ? 'hide' : 'show'}
            </button>
          </Show>
          <Show when={showConflicts()}><section class="clerk-conflicts"><ConflictList conflicts={store.conflicts()} onOpen={showOrder} /></section></Show>
          <button type="button" class="link takings-toggle" onClick={() => setShowTakings(!showTakings())}>{showTakings() ? 'Hide takings' : 'Takings (cash box)'}</button>
          <Show when={showTakings()}><ClerkTakings /></Show>
          <div class="results">
            <For each={results()} fallback={<p class="hint empty">{query().trim() ? 'No order matches.' : 'Type a name or an order number.'}</p>}>
              {(id) => <Show when={store.listed(id)}>{(order) => <CheckInCard order={order()} />}</Show>}
            </For>
          </div>
        </Show>
      </main>
    </div>
  );
}

/** Counted only while shown: it reads every order's payments. */
function ClerkTakings() {
  const store = useFundraiser();
  const takings = createMemo(() => takingsOf(store.orderIds().map((id) => store.orders[id]!)));
  return (
    <section class="card clerk-takings">
      <TakingsTable takings={takings()} you={store.session().userId} />
      <p class="hint">As this device knows it: others' payments count here once they are synced.</p>
    </section>
  );
}
