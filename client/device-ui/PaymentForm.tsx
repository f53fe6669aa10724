// Record a payment, or a refund of what was paid too much: the amount due is suggested;
// decide() refuses overpayment, and refunds beyond what was paid too much.
import { For, createSignal } from 'solid-js';
import { refundDue } from '../../domain';
import type { OrderView, PaymentMethod } from '../../domain';
import { newId } from '../device/commands';
import { useFundraiser } from '../device/context';
import { centsToInput, formatMoney, inCurrency, parseMoney } from '../shared/money';
import { Field, FormError } from './Field';
import { errorsOf } from './form-errors';
import { announce, focusFirstError, focusOnMount } from './a11y';
import type { FieldErrors } from './form-errors';

type Money = Pick<OrderView, 'orderId' | 'orderNumber' | 'totalCents' | 'paidCents' | 'cancelled'>;

export function PaymentForm(props: { order: Money; methods: PaymentMethod[]; idPrefix: string; refund?: boolean; onDone?: () => void }) {
  const store = useFundraiser();
  const due = () => (props.refund ? refundDue(props.order) : Math.max(0, props.order.totalCents - props.order.paidCents));
  const [amount, setAmount] = createSignal(centsToInput(due()));
  const [method, setMethod] = createSignal<PaymentMethod>(props.methods[0] ?? 'cash');
  const [errors, setErrors] = createSignal<FieldErrors>({});
  let form: HTMLFormElement | undefined;
  focusOnMount(() => form?.querySelector('input') ?? undefined); // opened: the amount, to type
  const refuse = (errors: FieldErrors) => (setErrors(errors), focusFirstError(form));

  function submit(event: SubmitEvent) {
    event.preventDefault();
    const amountCents = parseMoney(amount());
    if (amountCents === undefined) return refuse({ amountCents: 'Enter an amount like 12.50.' });
    if (due() <= 0) return refuse({ amountCents: props.refund ? 'Nothing was paid too much on this order.' : 'Nothing is owed on this order.' });
    const type = props.refund ? 'RecordRefund' : 'RecordPayment';
    const decision = store.run({ type, orderId: props.order.orderId, paymentId: newId(props.refund ? 'refund' : 'pay'), amountCents, method: method() });
    if (!decision.ok) return refuse(errorsOf(decision.error));
    setErrors({});
    announce(`${formatMoney(amountCents)} ${props.refund ? 'given back' : 'paid'} by ${method()} for ${props.order.orderNumber}.`);
    props.onDone?.();
  }

  return (
    <form class="payment-form" ref={form} onSubmit={submit} novalidate>
      <FormError error={errors()._form} />
      <div class="row">
        <div class="grow"><Field id={`${props.idPrefix}-amount`} label={inCurrency(props.refund ? 'Given back' : 'Amount')} inputmode="decimal" value={amount()} error={errors().amountCents} onInput={setAmount} /></div>
        <div class="field">
          <label for={`${props.idPrefix}-method`}>Method</label>
          <select id={`${props.idPrefix}-method`} value={method()} onChange={(e) => setMethod(e.currentTarget.value as PaymentMethod)}>
            <For each={props.methods}>{(m) => <option value={m}>{m}</option>}</For>
          </select>
        </div>
      </div>
      <button type="submit">{props.refund ? 'Record refund' : 'Record payment'}</button>
    </form>
  );
}
