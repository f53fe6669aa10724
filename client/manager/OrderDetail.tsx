// One order: what it holds, what is paid, the actions a manager may take, and its history.
import { For, Match, Show, Switch, createSignal } from 'solid-js';
import type { OrderView } from '../../domain';
import { useFundraiser } from '../device/context';
import { FormError } from '../device-ui/Field';
import { OrderHistory } from '../device-ui/OrderHistory';
import { PaymentForm } from '../device-ui/PaymentForm';
import { StatusBadge } from '../device-ui/StatusBadge';
import { formatMoney } from '../shared/money';
import { balanceOf } from '../device-ui/balance';
import { CustomerChangeForm, LinesChangeForm } from '../device-ui/OrderEditors';
import { Corrections } from '../device-ui/Corrections';
import { screenMessage } from '../device-ui/screen-text';
import { conflictText, HandledNotes } from '../device-ui/ConflictList';
import { announce, focusOnMount, focusSoon, onEscape } from '../device-ui/a11y';

type Editing = 'none' | 'lines' | 'customer' | 'payment' | 'refund' | 'undo';
type Final = 'CheckIn' | 'CancelOrder';

export function OrderDetail(props: { order: OrderView }) {
  const store = useFundraiser();
  const [editing, setEditing] = createSignal<Editing>('none');
  const [asking, setAsking] = createSignal<Final>();
  const [error, setError] = createSignal<string>();
  const itemName = (itemId: string) => store.items().find((i) => i.itemId === itemId)?.name ?? itemId;
  /** Its own conflicts, and each oversold item it holds units of past the stock. */
  const conflicts = () => store.conflictsOfOrder(props.order.orderId);
  const balance = () => balanceOf(props.order);
  const eventTime = (eventId: string) => store.history(props.order.orderId).find((h) => h.eventId === eventId)?.at;

  // Focus goes back to the button that asked, when a question or form closes (see a11y.ts).
  // Looked up anew, as the detail may be drawn again.
  const detail = () => document.querySelector('.order-detail');
  const focusAction = (action: string) => focusSoon(() => detail()?.querySelector(`[data-action="${action}"]`), () => detail()?.querySelector('h2'));
  const doneEditing = () => { const was = editing(); setEditing('none'); focusAction(was); };
  const notNow = () => { const was = asking(); setAsking(undefined); focusAction(was ?? ''); };

  function act(type: Final) {
    setAsking(undefined);
    const decision = store.run({ type, orderId: props.order.orderId });
    setError(decision.ok ? undefined : screenMessage(decision.error.message));
    if (decision.ok) announce(`${props.order.orderNumber} ${type === 'CheckIn' ? 'checked in' : 'cancelled'}.`);
    focusAction(type); // disabled now: the heading, whose badge says what it is
  }

  return (
    <article class="order-detail card" data-order={props.order.orderNumber}>
      <header class="row">
        <h2 class="grow" tabindex="-1">Order {props.order.orderNumber}</h2>
        <StatusBadge status={props.order.status} />
      </header>
      <p><strong>{props.order.customer.name}</strong>{props.order.customer.email ? ` · ${props.order.customer.email}` : ''}{props.order.customer.phone ? ` · ${props.order.customer.phone}` : ''}</p>
      <Show when={props.order.note}><p class="hint">Note: {props.order.note}</p></Show>
      <For each={conflicts()}>{(c) => (
        <div class={`notice ${c.handled ? 'info' : 'warn'}`} data-conflict={c.kind}>
          <p>{conflictText(screenMessage(c.message, eventTime))}</p>
          <HandledNotes conflict={c} />
        </div>
      )}</For>
      <table class="order-money">
        <tbody><For each={props.order.lines}>{(l) => <tr><td>{itemName(l.itemId)}</td><td class="num">{l.quantity} × {formatMoney(l.unitPriceCents)}</td><td class="num">{formatMoney(l.quantity * l.unitPriceCents)}</td></tr>}</For></tbody>
        <tfoot>
          <tr><th colSpan={2}>Total</th><td class="num"><strong>{formatMoney(props.order.totalCents)}</strong></td></tr>
          <tr><th colSpan={2}>Paid</th><td class="num">{formatMoney(props.order.paidCents)}</td></tr>
          <Show when={balance().kind !== 'settled'}>
            <tr class={`balance ${balance().kind}`} data-testid="balance"><th colSpan={2}>{balance().kind === 'owes' ? 'Still owed' : 'To refund'}</th><td class="num"><strong>{formatMoney(balance().cents)}</strong></td></tr>
          </Show>
        </tfoot>
      </table>
      <FormError error={error()} />
      <div class="row actions">
        <button type="button" class={balance().kind === 'owes' ? '' : 'secondary'} data-action="payment" disabled={props.order.cancelled} onClick={() => setEditing('payment')}>Record payment</button>
        <Show when={balance().kind === 'refund'}>
          <button type="button" data-action="refund" onClick={() => setEditing('refund')}>Record refund</button>
        </Show>
        <button type="button" class="secondary" data-action="CheckIn" disabled={props.order.cancelled || props.order.checkedIn} onClick={() => setAsking('CheckIn')}>Check in</button>
        <button type="button" class="secondary" data-action="lines" disabled={props.order.cancelled} onClick={() => setEditing('lines')}>Change lines</button>
        <button type="button" class="secondary" data-action="customer" onClick={() => setEditing('customer')}>Change customer</button>
        <button type="button" class="danger" data-action="CancelOrder" disabled={props.order.cancelled || props.order.checkedIn} onClick={() => setAsking('CancelOrder')}>Cancel order</button>
        <Show when={props.order.checkedIn || props.order.payments.length > 0}>
          <button type="button" class="link" data-action="undo" onClick={() => setEditing('undo')}>Undo a mistake…</button>
        </Show>
      </div>
      <Show when={asking()}>{(type) => <ConfirmFinal order={props.order} type={type()} onYes={() => act(type())} onNo={notNow} />}</Show>
      <Switch>
        <Match when={editing() === 'lines'}><LinesChangeForm order={props.order} onDone={doneEditing} /></Match>
        <Match when={editing() === 'customer'}><CustomerChangeForm order={props.order} onDone={doneEditing} /></Match>
        <Match when={editing() === 'payment' && balance().kind !== 'owes'}><p class="notice info" data-testid="nothing-owed">Nothing is owed on this order.</p></Match>
        <Match when={editing() === 'payment'}><PaymentForm order={props.order} idPrefix="detail-pay" methods={['cash', 'card', 'transfer', 'online']} onDone={doneEditing} /></Match>
        <Match when={editing() === 'undo'}><Corrections order={props.order} onDone={doneEditing} /></Match>
        <Match when={editing() === 'refund' && balance().kind === 'refund'}><PaymentForm refund order={props.order} idPrefix="detail-refund" methods={['cash', 'card', 'transfer', 'online']} onDone={doneEditing} /></Match>
      </Switch>
      <h3>History</h3>
      <div class="table-scroll"><OrderHistory history={store.history(props.order.orderId)} /></div>
    </article>
  );
}

/** Cancelling cannot be undone, and a checked-in order cannot be cancelled: both are asked in
 *  the page, saying what is owed or paid, before either is written. */
function ConfirmFinal(props: { order: OrderView; type: Final; onYes: () => void; onNo: () => void }) {
  const question = () => finalQuestion(props.order, props.type);
  let safe: HTMLButtonElement | undefined;
  focusOnMount(() => safe); // the safe answer is the one under a stray Enter; Escape is "no"
  return (
    <div class="notice warn confirm" role="alertdialog" aria-labelledby="confirm-question" data-testid="confirm" onKeyDown={onEscape(() => props.onNo())}>
      <p id="confirm-question">{question()}</p>
      <div class="row">
        <button type="button" class={props.type === 'CancelOrder' ? 'danger' : ''} onClick={() => props.onYes()}>{props.type === 'CancelOrder' ? 'Yes, cancel the order' : 'Yes, check in'}</button>
        <button type="button" class="secondary" data-answer="no" ref={safe} onClick={() => props.onNo()}>{props.type === 'CancelOrder' ? 'Keep the order' : 'Not yet'}</button>
      </div>
    </div>
  );
}

function finalQuestion(order: OrderView, type: Final): string {
  const number = order.orderNumber;
  if (type === 'CancelOrder') {
    const refund = order.paidCents > 0 ? ` The ${formatMoney(order.paidCents)} paid is then to be refunded.` : '';
    return `Cancel order ${number}? This cannot be undone.${refund}`;
  }
  const balance = balanceOf(order);
  if (balance.kind === 'owes') return `${number} (${order.customer.name}) still owes ${formatMoney(balance.cents)} — check in anyway?`;
  return `Check in ${number} (${order.customer.name})?`;
}
