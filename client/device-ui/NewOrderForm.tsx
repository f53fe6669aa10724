// Book an order on the device (manager: for someone on the phone; clerk: a last-minute order
// at the door, optionally paid on the spot, and checked in unless the clerk says the customer is
// not here: a walk-in booked at the door is at the door). decide() checks it; errors show beside fields.
import { For, Show, createSignal } from 'solid-js';
import { createStore } from 'solid-js/store';
import type { PaymentMethod } from '../../domain';
import { newId } from '../device/commands';
import { useFundraiser } from '../device/context';
import { formatMoney } from '../shared/money';
import { CustomerFields, customerDraftOf, customerOf } from './CustomerFields';
import { Field, FormError } from './Field';
import { byItem, errorsOf } from './form-errors';
import type { FieldErrors } from './form-errors';
import { LinesEditor, linesOf, totalOf } from './LinesEditor';
import type { Quantities } from './LinesEditor';
import { announce, focusFirstError, focusOnMount } from './a11y';
import { screenErrors } from './screen-text';
import { SellAnyway } from './SellAnyway';

type PayNow = 'later' | Extract<PaymentMethod, 'cash' | 'card'>;

export function NewOrderForm(props: { idPrefix: string; atTheDoor?: boolean; onDone: (orderId: string) => void; onCancel?: () => void }) {
  const store = useFundraiser();
  const [quantities, setQuantities] = createStore<Quantities>({});
  const [customer, setCustomer] = createStore(customerDraftOf());
  const [note, setNote] = createSignal('');
  const [payNow, setPayNow] = createSignal<PayNow>('later');
  const [hereNow, setHereNow] = createSignal(true);
  const [errors, setErrors] = createSignal<FieldErrors>({});
  const [soldOut, setSoldOut] = createSignal(false); // the last try was refused as sold out
  let form: HTMLFormElement | undefined;
  focusOnMount(() => form?.querySelector('input') ?? undefined); // the form opened: its first field

  function submit(event: SubmitEvent) {
    event.preventDefault();
    book(false);
  }

  function book(beyondStock: boolean) {
    const lines = linesOf(store.items(), quantities);
    const orderId = newId('ord');
    const command = {
      type: 'PlaceOrder' as const, orderId, orderNumber: store.nextOrderNumber(), customer: customerOf(customer), lines,
      ...(note().trim() ? { note: note() } : {}), ...(beyondStock ? { beyondStock: true as const } : {}),
    };
    const placed = store.run(command);
    setSoldOut(!placed.ok && placed.error.code === 'sold_out');
    if (!placed.ok) return (setErrors(byItem(screenErrors(errorsOf(placed.error)), lines)), focusFirstError(form));
    const method = props.atTheDoor ? payNow() : 'later';
    if (method !== 'later') payInFull(orderId, method);
    const checkedIn = props.atTheDoor && hereNow() && store.run({ type: 'CheckIn', orderId }).ok;
    announce(bookedText(command.orderNumber, customer.name.trim(), method, checkedIn ? owedOn(orderId) : undefined));
    props.onDone(orderId);
  }

  /** What the new order still owes: all of it when it is to be paid later. */
  function owedOn(orderId: string): number {
    const order = store.listed(orderId);
    return order ? Math.max(0, order.totalCents - order.paidCents) : 0;
  }

  function payInFull(orderId: string, method: 'cash' | 'card') {
    const amountCents = store.listed(orderId)?.totalCents ?? 0;
    if (amountCents > 0) store.run({ type: 'RecordPayment', orderId, paymentId: newId('pay'), amountCents, method });
  }

  return (
    <form class="new-order card" ref={form} onSubmit={submit} novalidate>
      <h2>New order</h2>
      <FormError error={errors()._form ?? errors().orderId ?? errors().orderNumber} />
      <Show when={store.items().length === 0}><p class="notice warn">This device has no menu yet: sync first.</p></Show>
      <LinesEditor idPrefix={props.idPrefix} items={store.items()} quantities={quantities} errors={errors()} onChange={(id, q) => (setSoldOut(false), setQuantities(id, q))} />
      <SellAnyway when={soldOut()} onSell={() => book(true)} />
      <CustomerFields idPrefix={props.idPrefix} draft={customer} errors={errors()} onChange={(k, v) => setCustomer(k, v)} />
      <Field id={`${props.idPrefix}-note`} label="Note (optional)" value={note()} error={errors().note} onInput={setNote} />
      <Show when={props.atTheDoor}>
        <fieldset class="pay-now">
          <legend>Payment</legend>
          <For each={['later', 'cash', 'card'] as PayNow[]}>
            {(option) => (
              <label class="choice"><input type="radio" name={`${props.idPrefix}-pay`} checked={payNow() === option} onChange={() => setPayNow(option)} /> {option === 'later' ? 'Pay later' : `Paid now, ${option}`}</label>
            )}
          </For>
        </fieldset>
        <label class="choice here-now"><input type="checkbox" id={`${props.idPrefix}-here`} checked={hereNow()} onChange={(e) => setHereNow(e.currentTarget.checked)} /> Here now: check in</label>
      </Show>
      <div class="row form-actions">
        <strong class="grow">Total {formatMoney(totalOf(store.items(), quantities))}</strong>
        <Show when={props.onCancel}><button type="button" class="secondary" onClick={() => props.onCancel?.()}>Cancel</button></Show>
        <button type="submit">Book order</button>
      </div>
    </form>
  );
}

/**
 * Said once booked: paid how, and checked in (`owedCents` given) with what is still owed: a
 * walk-in booked "Pay later" (the default) is let in owing, and the door must hear it
 * ("…, checked in; owes € 4.50.").
 */
function bookedText(orderNumber: string, name: string, method: PayNow, owedCents: number | undefined): string {
  const paid = method === 'later' ? '' : `, paid by ${method}`;
  const checkedIn = owedCents === undefined ? '' : `, checked in${owedCents > 0 ? `; owes ${formatMoney(owedCents)}` : ''}`;
  return `Order ${orderNumber} booked for ${name}${paid}${checkedIn}.`;
}
