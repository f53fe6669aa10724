// The live order list: newest first, website orders that arrive while open are marked new;
// search by name or number, filter by status. Rows show what the clerk's list shows (listed):
// from the read-model snapshot while the doc loads.
import { For, Show, createMemo, createSignal } from 'solid-js';
import type { OrderStatus } from '../../domain';
import { useFundraiser } from '../device/context';
import { SameNameNotes } from '../device-ui/SameNameNotes';
import { announceAfterPause } from '../device-ui/a11y';
import { matchesText } from '../device-ui/screen-text';
import { contactText } from '../device-ui/same-names';
import { StatusBadge } from '../device-ui/StatusBadge';
import { statusLabel } from '../shared/labels';
import { formatMoney } from '../shared/money';
import { balanceOf, balanceText } from '../device-ui/balance';

const STATUSES: OrderStatus[] = ['placed', 'paid', 'checked_in', 'cancelled'];
const SHOWN = 200;

export function OrderList(props: { selected: string | undefined; onSelect: (orderId: string) => void }) {
  const store = useFundraiser();
  const [query, setQuery] = createSignal('');
  const [status, setStatus] = createSignal<OrderStatus | 'all'>('all');
  const matching = createMemo(() => {
    const ids = query().trim() ? store.search(query(), 5000).ids : store.orderIds();
    const wanted = status();
    return wanted === 'all' ? ids : ids.filter((id) => store.listed(id)?.status === wanted);
  });
  // As at the door (ClerkApp): how many match is said once typing pauses, never for an empty box.
  const typed = (text: string) => {
    setQuery(text);
    announceAfterPause(() => query().trim() ? matchesText(matching().length, Math.min(SHOWN, matching().length), query().trim()) : undefined);
  };
  return (
    <section class="order-list card">
      <div class="row list-tools">
        <input class="grow" type="search" placeholder="Search name, number, phone or email" aria-label="Search orders" value={query()} onInput={(e) => typed(e.currentTarget.value)} />
        <select aria-label="Filter by status" value={status()} onChange={(e) => setStatus(e.currentTarget.value as OrderStatus | 'all')}>
          <option value="all">All statuses</option>
          <For each={STATUSES}>{(s) => <option value={s}>{statusLabel(s)}</option>}</For>
        </select>
      </div>
      <p class="hint">{matching().length} order{matching().length === 1 ? '' : 's'}{matching().length > SHOWN ? `, showing the first ${SHOWN}` : ''}</p>
      <Show when={query().trim()}><SameNameNotes ids={matching().slice(0, SHOWN)} query={query()} /></Show>
      <ul class="orders" aria-label="Orders">
        <For each={matching().slice(0, SHOWN)}>
          {(id) => {
            const order = () => store.listed(id)!; // from the snapshot while the doc loads
            return (
              <li>
                <button type="button" class="order-row" classList={{ selected: props.selected === id, new: store.isNew(id) }} aria-current={props.selected === id ? 'true' : undefined} data-order={order().orderNumber}
                  onClick={() => { store.markSeen(id); props.onSelect(id); }}>
                  <span class="number">{order().orderNumber}</span>
                  <span class="who"><span class="name">{order().customer.name}</span><Show when={contactText(order().customer)}>{(text) => <span class="contact">{text()}</span>}</Show></span>
                  <span class="tags"><Show when={store.isNew(id)}><span class="badge new">New</span></Show><StatusBadge status={order().status} /></span>
                  <span class="money">
                    <span class="total">{formatMoney(order().totalCents)}</span>
                    <Show when={balanceOf(order()).kind !== 'settled'}><span class={`balance ${balanceOf(order()).kind}`}>{balanceText(balanceOf(order()))}</span></Show>
                  </span>
                </button>
              </li>
            );
          }}
        </For>
      </ul>
    </section>
  );
}
