// One order: what it holds, what is paid, the actions a manager may take, and its history.
import { For, Match, Show, Switch, createSignal } from 'solid-js';
import { withoutEventIds, type OrderView } from '../../domain';
import { useFundraiser } from '../device/context';
import { FormError } from '../device-ui/Field';
import { OrderHistory } from '../device-ui/OrderHistory';
import { PaymentForm } from '../device-ui/PaymentForm';
import { StatusBadge } from '../device-ui/StatusBadge';
import { euros } from '../shared/money';
import { CustomerChangeForm, LinesChangeForm } from './OrderEditors';

type Editing = 'none' | 'lines' | 'customer' | 'payment';

export function OrderDetail(props: { order: OrderView }) {
  const store = useFundraiser();
  const [editing, setEditing] = createSignal<Editing>('none');
  const [error, setError] = createSignal<string>();
  const itemName = (itemId: string) => store.items().find((i) => i.itemId === itemId)?.name ?? itemId;
  const conflicts = () => store.conflicts().filter((c) => c.orderId === props.order.orderId);

  function act(type: 'CheckIn' | 'CancelOrder') {
    if (type === 'CancelOrder' && !confirm(`Cancel order ${props.order.orderNumber}?`)) return;
    const decision = store.run({ type, orderId: props.order.orderId });
    setError(decision.ok ? undefined : decision.error.message);
  }

  return (
    <article class="order-detail card" data-order={props.order.orderNumber}>
      <header class="row">
        <h2 class="grow">Order {props.order.orderNumber}</h2>
        <StatusBadge status={props.order.status} />
      </header>
      <p><strong>{props.order.customer.name}</strong>{props.order.customer.email ? ` · ${props.order.customer.email}` : ''}{props.order.customer.phone ? ` · ${props.order.customer.phone}` : ''}</p>
      <Show when={props.order.note}><p class="hint">Note: {props.order.note}</p></Show>
      <For each={conflicts()}>{(c) => <p class="notice warn" data-conflict={c.kind}>{withoutEventIds(c.message)}</p>}</For>
      <table>
        <tbody><For each={props.order.lines}>{(l) => <tr><td>{itemName(l.itemId)}</td><td class="num">{l.quantity} × {euros(l.unitPriceCents)}</td><td class="num">{euros(l.quantity * l.unitPriceCents)}</td></tr>}</For></tbody>
        <tfoot>
          <tr><th colSpan={2}>Total</th><td class="num"><strong>{euros(props.order.totalCents)}</strong></td></tr>
          <tr><th colSpan={2}>Paid</th><td class="num">{euros(props.order.paidCents)}</td></tr>
        </tfoot>
      </table>
      <FormError error={error()} />
      <div class="row actions">
        <button type="button" disabled={props.order.cancelled || props.order.checkedIn} onClick={() => act('CheckIn')}>Check in</button>
        <button type="button" class="secondary" disabled={props.order.cancelled} onClick={() => setEditing('payment')}>Record payment</button>
        <button type="button" class="secondary" disabled={props.order.cancelled} onClick={() => setEditing('lines')}>Change lines</button>
        <button type="button" class="secondary" onClick={() => setEditing('customer')}>Change customer</button>
        <button type="button" class="danger" disabled={props.order.cancelled || props.order.checkedIn} onClick={() => act('CancelOrder')}>Cancel order</button>
      </div>
      <Switch>
        <Match when={editing() === 'lines'}><LinesChangeForm order={props.order} onDone={() => setEditing('none')} /></Match>
        <Match when={editing() === 'customer'}><CustomerChangeForm order={props.order} onDone={() => setEditing('none')} /></Match>
        <Match when={editing() === 'payment'}><PaymentForm order={props.order} idPrefix="detail-pay" methods={['cash', 'card', 'transfer', 'online']} onDone={() => setEditing('none')} /></Match>
      </Switch>
      <h3>History</h3>
      <OrderHistory history={store.history(props.order.orderId)} />
    </article>
  );
}
