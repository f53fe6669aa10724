// The door list on paper: every order that is not cancelled, by customer name, with what it
// holds and what is owed, and a box to tick. The clerk's app works offline, but a flat battery
// at the door should not stop the evening; the manager prints this before it starts.
import { For, Show, createMemo } from 'solid-js';
import { useFundraiser } from '../device/context';
import { listedFundraiser } from '../device/fundraiser-list';
import { doorListOrder } from './door-list-order';
import { balanceOf, balanceText } from '../device-ui/balance';

export function DoorList() {
  const store = useFundraiser();
  const itemName = (itemId: string) => store.items().find((i) => i.itemId === itemId)?.name ?? itemId;
  const rows = createMemo(() => doorListOrder(store.orderIds().map((id) => store.orders[id]!)));
  return (
    <section class="card door-list">
      <div class="row no-print">
        <p class="hint grow">Print this before the event, as a fallback if a device fails at the door: {rows().length} orders that are not cancelled, by name.</p>
        <button type="button" onClick={() => window.print()}>Print</button>
      </div>
      <h2>Door list · {listedFundraiser(store.fid)?.name ?? store.fid}</h2>
      <table class="door-table" data-testid="door-list">
        <thead><tr><th>In</th><th>Name</th><th>Order</th><th>Items</th><th>Money</th></tr></thead>
        <tbody>
          <For each={rows()}>{(order) => (
            <tr data-order={order.orderNumber}>
              <td class="tick">{order.checkedIn ? '✓' : '☐'}</td>
              <td>{order.customer.name}</td>
              <td>{order.orderNumber}</td>
              <td>{order.lines.map((l) => `${l.quantity} × ${itemName(l.itemId)}`).join(', ')}<Show when={order.note}><div class="door-note">Note: {order.note}</div></Show></td>
              <td class={`owes ${balanceOf(order).kind}`}>{balanceText(balanceOf(order))}</td>
            </tr>
          )}</For>
        </tbody>
      </table>
    </section>
  );
}
