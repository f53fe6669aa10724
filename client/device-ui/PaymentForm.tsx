// Record a payment: the amount still owed is suggested; decide() refuses overpayment.
import { For, createSignal } from 'solid-js';
import type { OrderView, PaymentMethod } from '../../domain';
import { newId } from '../device/commands';
import { useFundraiser } from '../device/context';
import { centsToInput, parseEuros } from '../shared/money';
import { Field, FormError } from './Field';
import { errorsOf } from './form-errors';
import type { FieldErrors } from './form-errors';

export function PaymentForm(props: { order: Pick<OrderView, 'orderId' | 'totalCents' | 'paidCents'>; methods: PaymentMethod[]; idPrefix: string; onDone?: () => void }) {
  const store = useFundraiser();
  const owed = () => Math.max(0, props.order.totalCents - props.order.paidCents);
  const [amount, setAmount] = createSignal(centsToInput(owed()));
  const [method, setMethod] = createSignal<PaymentMethod>(props.methods[0] ?? 'cash');
  const [errors, setErrors] = createSignal<FieldErrors>({});

  function submit(event: SubmitEvent) {
    event.preventDefault();
    const amountCents = parseEuros(amount());
    if (amountCents === undefined) return setErrors({ amountCents: 'Enter an amount like 12.50.' });
    if (owed() <= 0) return setErrors({ amountCents: 'Nothing is owed on this order.' });
    const decision = store.run({ type: 'RecordPayment', orderId: props.order.orderId, paymentId: newId('pay'), amountCents, method: method() });
    if (!decision.ok) return setErrors(errorsOf(decision.error));
    setErrors({});
    props.onDone?.();
  }

  return (
    <form class="payment-form" onSubmit={submit} novalidate>
      <FormError error={errors()._form} />
      <div class="row">
        <div class="grow"><Field id={`${props.idPrefix}-amount`} label="Amount (€)" inputmode="decimal" value={amount()} error={errors().amountCents} onInput={setAmount} /></div>
        <div class="field">
          <label for={`${props.idPrefix}-method`}>Method</label>
          <select id={`${props.idPrefix}-method`} value={method()} onChange={(e) => setMethod(e.currentTarget.value as PaymentMethod)}>
            <For each={props.methods}>{(m) => <option value={m}>{m}</option>}</For>
          </select>
        </div>
      </div>
      <button type="submit">Record payment</button>
    </form>
  );
}
