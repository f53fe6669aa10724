// One order at the door: who, what, what is owed; check in with one tap. Money moves with two
// taps (the method, then "yes"): a mistaken payment can be undone ("Undo a mistake…"), but a
// cash box counted meanwhile would not add up. Another amount goes through the payment form; what was paid too much is
// given back the same way (a refund: a payment of the negative amount). A customer who wants
// one more drink gets it on the same order (Change lines), not a second one.
import { For, Match, Show, Switch, createEffect, createSignal } from 'solid-js';
import { isOpen, refundDue } from '../../domain';
import { newId } from '../device/commands';
import { useFundraiser } from '../device/context';
import type { ListedOrder } from '../device/read-model';
import { conflictHint, conflictText, HandledNotes } from '../device-ui/ConflictList';
import { Corrections } from '../device-ui/Corrections';
import { LinesChangeForm } from '../device-ui/OrderEditors';
import { PaymentForm } from '../device-ui/PaymentForm';
import { contactText } from '../device-ui/same-names';
import { StatusBadge } from '../device-ui/StatusBadge';
import { formatMoney } from '../shared/money';
import { announce, focusSoon, onEscape } from '../device-ui/a11y';
import { guardDoubleTaps } from '../device-ui/tap-guard';

type Method = 'cash' | 'card';
/** Money about to move, waiting for its "yes", with the amount asked about; or the form for
 *  another amount. */
type Asked = { kind: 'pay' | 'refund'; method: Method; amountCents: number };
type Moving = Asked | 'other';

export function CheckInCard(props: { order: ListedOrder }) {
  const store = useFundraiser();
  const [error, setError] = createSignal<string>();
  const [moving, setMoving] = createSignal<Moving>();
  const [changingLines, setChangingLines] = createSignal(false);
  const [correcting, setCorrecting] = createSignal(false);
  /** The order's full view (its lines' prices): once this device's copy is loaded. */
  const full = () => (store.ready() ? store.orders[props.order.orderId] : undefined);
  const owed = () => (props.order.cancelled ? 0 : Math.max(0, props.order.totalCents - props.order.paidCents));
  const due = () => refundDue(props.order);
  const itemName = (itemId: string) => store.items().find((i) => i.itemId === itemId)?.name ?? itemId;
  /** The order's open conflicts (a cancellation over a payment, the money to give back, units
   *  it holds past an item's stock: each to act on here); with none open, the one marked
   *  handled, with its mark (what was done). */
  const conflicts = () => {
    const own = store.conflictsOfOrder(props.order.orderId);
    const open = own.filter(isOpen);
    return open.length > 0 ? open : own.slice(0, 1);
  };
  const confirming = () => { const m = moving(); return m === 'other' ? undefined : m; };
  const liveAmount = (kind: Asked['kind']) => (kind === 'pay' ? owed() : due());
  // The question names an amount, and its "yes" records that amount. A sync that changes the
  // order meanwhile (a plate added, a cancellation) closes it and says so: the customer handed
  // over what was asked, and "yes" must not record another sum.
  createEffect(() => {
    const m = confirming();
    if (!m || liveAmount(m.kind) === m.amountCents) return;
    setMoving(undefined);
    setError(changedText(props.order.orderNumber, m.kind, liveAmount(m.kind)));
    focusSoon(inCard('[role=alert]'), inCard('header'));
  });
  // Focus stays on the card: a button that did its job goes away (see a11y.ts).
  let card: HTMLElement | undefined;
  let asker = ''; // the data-action of the button that opened the question or form
  const inCard = (selector: string) => () => card?.querySelector(selector);
  const titleId = () => `card-${props.order.orderId}-title`;

  function checkIn() {
    const decision = store.run({ type: 'CheckIn', orderId: props.order.orderId });
    setError(decision.ok ? undefined : decision.error.message);
    if (decision.ok) announce(`${props.order.orderNumber} checked in.`);
    focusSoon(inCard('[data-action=pay-cash]'), inCard('header'));
  }
  function ask(next: Moving, action: string) {
    asker = action;
    setError(undefined);
    setMoving(next);
    focusSoon(inCard('.confirm-payment [data-answer=no]')); // the safe answer; the form focuses its amount
  }
  function back() {
    setMoving(undefined);
    focusSoon(inCard(`[data-action="${asker}"]`), inCard('header'));
  }
  function move({ kind, method, amountCents }: Asked) {
    const type = kind === 'pay' ? 'RecordPayment' : 'RecordRefund';
    const decision = store.run({ type, orderId: props.order.orderId, paymentId: newId(kind), amountCents, method });
    setError(decision.ok ? undefined : decision.error.message);
    if (decision.ok) announce(`${formatMoney(amountCents)} ${kind === 'pay' ? 'taken' : 'given back'} by ${method} for ${props.order.orderNumber}.`);
    setMoving(undefined);
    focusSoon(inCard('[data-action=check-in]'), inCard('header'));
  }

  return (
    <article class="checkin-card" ref={(element) => { card = element; guardDoubleTaps(element); }} aria-labelledby={titleId()} classList={{ done: props.order.checkedIn, cancelled: props.order.cancelled }} data-order={props.order.orderNumber}>
      <header class="row" id={titleId()} tabindex="-1">
        <span class="number">{props.order.orderNumber}</span>
        <strong class="grow name">{props.order.customer.name}</strong>
        <StatusBadge status={props.order.status} />
      </header>
      <Show when={contactText(props.order.customer)}>{(text) => <p class="contact" title={props.order.customer.email}>{text()}</p>}</Show>
      <Show when={props.order.note}>{(note) => <p class="note">Note: {note()}</p>}</Show>
      <ul class="lines"><For each={props.order.lines}>{(l) => <li>{l.quantity} × {itemName(l.itemId)}</li>}</For></ul>
      <p class="money">Total {formatMoney(props.order.totalCents)} · <Money owed={owed()} due={due()} paid={props.order.paidCents} /></p>
      <For each={conflicts()}>
        {(c) => (
          <div class={`notice ${c.handled ? 'info' : 'warn'}`} data-conflict={c.kind}>
            <p>{conflictText(c.message)}</p>
            <Show when={!c.handled}><p class="what-to-do">{conflictHint(c, props.order)}</p></Show>
            <HandledNotes conflict={c} />
          </div>
        )}
      </For>
      <Show when={error()}><p class="notice error" role="alert" tabindex="-1">{error()}</p></Show>
      <div class="card-actions">
        <Show when={!props.order.checkedIn && !props.order.cancelled} fallback={<span class="done-text">{props.order.cancelled ? 'Cancelled' : '✓ Checked in'}</span>}>
          <button type="button" class="big" data-action="check-in" disabled={!store.ready()} onClick={checkIn}>Check in</button>
        </Show>
        <Show when={!moving() && owed() > 0}>
          <button type="button" class="big secondary" data-action="pay-cash" disabled={!store.ready()} onClick={() => ask({ kind: 'pay', method: 'cash', amountCents: owed() }, 'pay-cash')}>Cash {formatMoney(owed())}</button>
          <button type="button" class="big secondary" data-action="pay-card" disabled={!store.ready()} onClick={() => ask({ kind: 'pay', method: 'card', amountCents: owed() }, 'pay-card')}>Card {formatMoney(owed())}</button>
          <button type="button" class="secondary" data-action="other" disabled={!store.ready()} onClick={() => ask('other', 'other')}>Other amount…</button>
        </Show>
        <Show when={!moving() && !changingLines() && !props.order.cancelled}>
          <button type="button" class="secondary" data-action="change-lines" disabled={!store.ready()} onClick={() => setChangingLines(true)}>Change lines</button>
        </Show>
        <Show when={!moving() && due() > 0}>
          <button type="button" class="big secondary" data-action="refund-cash" disabled={!store.ready()} onClick={() => ask({ kind: 'refund', method: 'cash', amountCents: due() }, 'refund-cash')}>Refund {formatMoney(due())} cash</button>
          <button type="button" class="secondary" data-action="refund-card" disabled={!store.ready()} onClick={() => ask({ kind: 'refund', method: 'card', amountCents: due() }, 'refund-card')}>Refund by card</button>
        </Show>
        <Show when={!moving() && !correcting() && (props.order.checkedIn || props.order.paidCents !== 0 || (full()?.payments.length ?? 0) > 0)}>
          <button type="button" class="link" data-action="undo" disabled={!store.ready()} onClick={() => setCorrecting(true)}>Undo a mistake…</button>
        </Show>
      </div>
      <Show when={correcting() && full()}>
        {(order) => <Corrections order={order()} onDone={() => { setCorrecting(false); focusSoon(inCard('[data-action=undo]'), inCard('[data-action=check-in]'), inCard('header')); }} />}
      </Show>
      <Show when={changingLines() && full()}>
        {(order) => <LinesChangeForm order={order()} idPrefix={`door-change-${props.order.orderId}`} onDone={() => { setChangingLines(false); focusSoon(inCard('[data-action=change-lines]')); }} />}
      </Show>
      <Switch>
        <Match when={confirming()}>
          {(m) => (
            <div class="confirm-payment row" role="group" aria-label="Confirm" onKeyDown={onEscape(back)}>
              <span class="grow">{m().kind === 'pay'
                ? <>Take <strong>{formatMoney(m().amountCents)}</strong> by {m().method} for {props.order.orderNumber}?</>
                : <>Give <strong>{formatMoney(m().amountCents)}</strong> back {m().method === 'cash' ? 'in cash' : 'to the card'} for {props.order.orderNumber}?</>}</span>
              {/* data-settles: a double tap's second tap does not land on what moves here (tap-guard.ts) */}
              <button type="button" class="big" data-settles onClick={() => move(m())}>{yesText(m())}</button>
              <button type="button" class="secondary" data-answer="no" data-settles onClick={back}>Back</button>
            </div>
          )}
        </Match>
        <Match when={moving() === 'other' && owed() > 0}>
          <PaymentForm order={props.order} methods={['cash', 'card']} idPrefix={`pay-${props.order.orderId}`} onDone={() => { setMoving(undefined); focusSoon(inCard('[data-action=check-in]'), inCard('header')); }} />
          <button type="button" class="link" onClick={back}>Back</button>
        </Match>
      </Switch>
    </article>
  );
}

/** Said when a question closes itself because the order changed under it. */
function changedText(orderNumber: string, kind: Asked['kind'], now: number): string {
  const state = now === 0 ? (kind === 'pay' ? 'it owes nothing now' : 'nothing is to be given back now') : `it now ${kind === 'pay' ? 'owes' : 'has to give back'} ${formatMoney(now)}`;
  return `${orderNumber} changed while you were asking (a sync brought another change): ${state}. Nothing was recorded.`;
}

function Money(props: { owed: number; due: number; paid: number }) {
  return (
    <Switch fallback={<span>paid {formatMoney(props.paid)}</span>}>
      <Match when={props.owed > 0}><strong class="owed">owes {formatMoney(props.owed)}</strong></Match>
      <Match when={props.due > 0}><strong class="owed">paid {formatMoney(props.paid)}: give back {formatMoney(props.due)}</strong></Match>
    </Switch>
  );
}

function yesText(m: { kind: 'pay' | 'refund'; method: Method }): string {
  if (m.kind === 'refund') return 'Yes, given back';
  return m.method === 'cash' ? 'Yes, cash taken' : 'Yes, card paid';
}
