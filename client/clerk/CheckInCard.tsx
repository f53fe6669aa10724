// One order at the door: who, what, what is owed; check in with one tap, take the payment
// with two (a payment cannot be taken back: the contract has no refund event, so a mistaken
// tap would stay in the takings), or another amount through the payment form.
import { For, Match, Show, Switch, createSignal } from 'solid-js';
import { withoutEventIds } from '../../domain';
import { newId } from '../device/commands';
import { useFundraiser } from '../device/context';
import type { ListedOrder } from '../device/read-model';
import { PaymentForm } from '../device-ui/PaymentForm';
import { StatusBadge } from '../device-ui/StatusBadge';
import { euros } from '../shared/money';

export function CheckInCard(props: { order: ListedOrder }) {
  const store = useFundraiser();
  const [error, setError] = createSignal<string>();
  /** A method tapped and waiting for its confirmation, or the form for another amount. */
  const [paying, setPaying] = createSignal<'cash' | 'card' | 'other'>();
  const owed = () => (props.order.cancelled ? 0 : Math.max(0, props.order.totalCents - props.order.paidCents));
  const itemName = (itemId: string) => store.items().find((i) => i.itemId === itemId)?.name ?? itemId;
  const conflict = () => store.conflicts().find((c) => c.orderId === props.order.orderId);

  function checkIn() {
    const decision = store.run({ type: 'CheckIn', orderId: props.order.orderId });
    setError(decision.ok ? undefined : decision.error.message);
  }
  function pay(method: 'cash' | 'card') {
    const decision = store.run({ type: 'RecordPayment', orderId: props.order.orderId, paymentId: newId('pay'), amountCents: owed(), method });
    setError(decision.ok ? undefined : decision.error.message);
    setPaying(undefined);
  }

  return (
    <article class="checkin-card" classList={{ done: props.order.checkedIn, cancelled: props.order.cancelled }} data-order={props.order.orderNumber}>
      <header class="row">
        <span class="number">{props.order.orderNumber}</span>
        <strong class="grow name">{props.order.customer.name}</strong>
        <StatusBadge status={props.order.status} />
      </header>
      <ul class="lines"><For each={props.order.lines}>{(l) => <li>{l.quantity} × {itemName(l.itemId)}</li>}</For></ul>
      <p class="money">Total {euros(props.order.totalCents)} · {owed() > 0 ? <strong class="owed">owes {euros(owed())}</strong> : <span>paid {euros(props.order.paidCents)}</span>}</p>
      <Show when={conflict()}>{(c) => <p class="notice warn" data-conflict={c().kind}>{withoutEventIds(c().message)}</p>}</Show>
      <Show when={error()}><p class="notice error" role="alert">{error()}</p></Show>
      <div class="card-actions">
        <Show when={!props.order.checkedIn && !props.order.cancelled} fallback={<span class="done-text">{props.order.cancelled ? 'Cancelled' : '✓ Checked in'}</span>}>
          <button type="button" class="big" disabled={!store.ready()} onClick={checkIn}>Check in</button>
        </Show>
        <Show when={owed() > 0 && !paying()}>
          <button type="button" class="big secondary" disabled={!store.ready()} onClick={() => setPaying('cash')}>Cash {euros(owed())}</button>
          <button type="button" class="big secondary" disabled={!store.ready()} onClick={() => setPaying('card')}>Card {euros(owed())}</button>
          <button type="button" class="secondary" disabled={!store.ready()} onClick={() => setPaying('other')}>Other amount…</button>
        </Show>
      </div>
      <Switch>
        <Match when={paying() === 'cash' || paying() === 'card'}>
          <div class="confirm-payment row" role="group" aria-label="Confirm the payment">
            <span class="grow">Take <strong>{euros(owed())}</strong> by {paying()} for {props.order.orderNumber}?</span>
            <button type="button" class="big" onClick={() => pay(paying() as 'cash' | 'card')}>Yes, {paying() === 'cash' ? 'cash taken' : 'card paid'}</button>
            <button type="button" class="secondary" onClick={() => setPaying(undefined)}>Back</button>
          </div>
        </Match>
        <Match when={paying() === 'other' && owed() > 0}>
          <PaymentForm order={props.order} methods={['cash', 'card']} idPrefix={`pay-${props.order.orderId}`} onDone={() => setPaying(undefined)} />
          <button type="button" class="link" onClick={() => setPaying(undefined)}>Back</button>
        </Match>
      </Switch>
    </article>
  );
}
