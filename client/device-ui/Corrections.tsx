// Taking back a mistake: a check-in or a payment recorded on the wrong order (a tap on the
// other "Anna Schmidt"). Not a refund: a refund is money given back, an undone payment was
// never taken, so it leaves the takings. Each asks first, naming what it undoes; the history
// keeps both the mistake and its undoing. A clerk undoes only what a clerk takes at the door
// (cash, card): a transfer or an online payment is the manager's (decide refuses it too).
import { For, Show, createSignal } from 'solid-js';
import { mayUndoPayment, type Actor, type OrderView, type Payment } from '../../domain';
import { useFundraiser } from '../device/context';
import { clockTime } from '../shared/time';
import { formatMoney } from '../shared/money';
import { FormError } from './Field';
import { announce, focusOnMount, focusSoon, onEscape } from './a11y';
import { loadDeviceIdentity } from '../device/identity';
import { historyWho, screenMessage } from './screen-text';

type Undoing = { kind: 'check-in' } | { kind: 'payment'; payment: Payment };

export function Corrections(props: { order: OrderView; onDone: () => void }) {
  const store = useFundraiser();
  const [undoing, setUndoing] = createSignal<Undoing>();
  const [error, setError] = createSignal<string>();

  function undo(what: Undoing) {
    const { orderId } = props.order;
    const decision = what.kind === 'check-in'
      ? store.run({ type: 'UndoCheckIn', orderId })
      : store.run({ type: 'VoidPayment', orderId, paymentId: what.payment.paymentId });
    setUndoing(undefined);
    if (!decision.ok) return setError(screenMessage(decision.error.message));
    announce(what.kind === 'check-in' ? `Check-in of ${props.order.orderNumber} undone.` : `Payment on ${props.order.orderNumber} undone.`);
    props.onDone();
  }

  let section: HTMLElement | undefined;
  focusOnMount(() => section?.querySelector('button') ?? undefined); // the first thing it can undo
  /** "Back" returns to the button that asked (the list is drawn again, so it is looked up). */
  const back = () => {
    const asked = undoing();
    setUndoing(undefined);
    const key = asked?.kind === 'payment' ? asked.payment.paymentId : 'check-in';
    focusSoon(() => section?.querySelector(`[data-undo="${CSS.escape(key)}"]`), () => section?.querySelector('button'));
  };
  const thisDevice = loadDeviceIdentity().deviceId;
  const me = () => store.actor();
  return (
    <section ref={section} class="corrections notice info" aria-label={`Correct a mistake on ${props.order.orderNumber}`} data-testid="corrections" onKeyDown={onEscape(() => props.onDone())}>
      <p>Only for a mistake, such as a tap on the wrong order. Money given back is a refund.</p>
      <Show when={!undoing()} fallback={<Ask order={props.order} what={undoing()!} me={me()} thisDevice={thisDevice} onYes={() => undo(undoing()!)} onNo={back} />}>
        <ul class="plain">
          <Show when={props.order.checkedIn}>
            <li class="row"><span class="grow">Checked in</span><button type="button" class="secondary" data-undo="check-in" onClick={() => setUndoing({ kind: 'check-in' })}>Undo check-in</button></li>
          </Show>
          <For each={props.order.payments}>{(payment) => (
            <li class="row">
              <span class="grow">{paymentText(payment, thisDevice)}</span>
              <Show when={mayUndoPayment(me().role, payment.method)} fallback={<span class="hint" data-testid="managers-to-undo">{managersText(payment)}</span>}>
                <button type="button" class="secondary" data-undo={payment.paymentId} aria-label={`Undo the ${formatMoney(Math.abs(payment.amountCents))} ${payment.method} ${payment.amountCents < 0 ? 'refund' : 'payment'}`}
                  onClick={() => setUndoing({ kind: 'payment', payment })}>Undo</button>
              </Show>
            </li>
          )}</For>
        </ul>
        <button type="button" class="link" onClick={() => props.onDone()}>Close</button>
      </Show>
      <FormError error={error()} />
    </section>
  );
}

/** Opens on "Back", the safe answer under a stray Enter; Escape is "Back" too. */
function Ask(props: { order: OrderView; what: Undoing; me: Actor; thisDevice: string; onYes: () => void; onNo: () => void }) {
  let back: HTMLButtonElement | undefined;
  focusOnMount(() => back);
  const id = `undo-question-${props.order.orderId}`;
  return (
    <div class="confirm" role="group" aria-labelledby={id} onKeyDown={onEscape(() => props.onNo())}>
      <p id={id}>{question(props.order, props.what)}</p>
      <Show when={someoneElses(props.what, props.me)}>{(payment) => (
        <p class="notice warn" data-testid="recorded-by-other">
          Recorded by <strong>{historyWho(payment().actor, new Map(), props.thisDevice)}</strong>, not by you: ask them first whether it was a mistake.
        </p>
      )}</Show>
      <div class="row">
        <button type="button" class="danger" onClick={() => props.onYes()}>Yes, undo</button>
        <button type="button" class="secondary" ref={back} onClick={() => props.onNo()}>Back</button>
      </div>
    </div>
  );
}

function question(order: OrderView, what: Undoing): string {
  const whose = `${order.orderNumber} (${order.customer.name})`;
  if (what.kind === 'check-in') return `Undo the check-in of ${whose}? It shows as not checked in again.`;
  const { payment } = what;
  if (payment.amountCents < 0) return `Undo the ${formatMoney(-payment.amountCents)} refund on ${whose}? Only if the money was not given back.`;
  return `Undo the ${formatMoney(payment.amountCents)} ${payment.method} payment on ${whose}? It leaves the takings: only if this money was not taken for this order.`;
}

/** A payment recorded by another person (not this one on another device): its undo names who recorded it. */
function someoneElses(what: Undoing, me: Actor): Payment | undefined {
  if (what.kind !== 'payment') return undefined;
  const { actor } = what.payment;
  return actor.role === me.role && actor.userId === me.userId ? undefined : what.payment;
}

/** Why a clerk has no Undo beside a transfer or an online payment. */
function managersText(payment: Payment): string {
  return `${payment.method === 'online' ? 'A payment made online' : 'A transfer'} is undone by a manager.`;
}

/** "€ 14.50 cash · clerk · this device · Mon 19:07:54": two payments of one order told apart. */
function paymentText(payment: Payment, thisDevice: string): string {
  const what = payment.amountCents < 0 ? `${formatMoney(-payment.amountCents)} ${payment.method} refund` : `${formatMoney(payment.amountCents)} ${payment.method}`;
  return `${what} · ${historyWho(payment.actor, new Map(), thisDevice)} · ${clockTime(payment.at)}`; // as the history names people
}
