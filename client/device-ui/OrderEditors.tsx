// Change an order's lines or its customer's details (the manager's order detail; the lines at
// the clerk's door too); decide() checks, errors show beside fields.
import { Show, createMemo, createSignal } from 'solid-js';
import { createStore } from 'solid-js/store';
import type { OrderView } from '../../domain';
import { useFundraiser } from '../device/context';
import { CustomerFields, customerDraftOf, customerOf } from './CustomerFields';
import { FormError } from './Field';
import { byItem, errorsOf } from './form-errors';
import type { FieldErrors } from './form-errors';
import { LinesEditor, linesOf } from './LinesEditor';
import type { Quantities } from './LinesEditor';
import { formatMoney } from '../shared/money';
import { balanceOf, changedTotal, orderPricedItems } from './balance';
import { screenErrors } from './screen-text';
import { announce, focusFirstError, focusOnMount } from './a11y';

export function LinesChangeForm(props: { order: OrderView; idPrefix?: string; onDone: () => void }) {
  const store = useFundraiser();
  const held = Object.fromEntries(props.order.lines.map((l) => [l.itemId, l.quantity]));
  const [quantities, setQuantities] = createStore<Quantities>({ ...held });
  const [errors, setErrors] = createSignal<FieldErrors>({});
  const items = createMemo(() => orderPricedItems(store.items(), props.order));
  const total = () => changedTotal(items(), props.order, quantities);
  const after = () => balanceOf({ totalCents: total(), paidCents: props.order.paidCents, cancelled: false });
  let form: HTMLFormElement | undefined;
  focusOnMount(() => form?.querySelector('input') ?? undefined);
  function submit(event: SubmitEvent) {
    event.preventDefault();
    const lines = linesOf(items(), quantities);
    const decision = store.run({ type: 'ChangeLines', orderId: props.order.orderId, lines });
    if (!decision.ok) return (setErrors(byItem(screenErrors(errorsOf(decision.error)), lines)), focusFirstError(form));
    announce(`Lines of ${props.order.orderNumber} saved: total ${formatMoney(total())}.`);
    props.onDone();
  }
  return (
    <form class="editor" ref={form} onSubmit={submit} novalidate>
      <FormError error={errors()._form} />
      <LinesEditor idPrefix={props.idPrefix ?? 'change'} items={items()} quantities={quantities} held={held} errors={errors()} onChange={(id, q) => setQuantities(id, q)} />
      <p class="lines-total" data-testid="new-total">New total <strong>{formatMoney(total())}</strong>{total() !== props.order.totalCents ? ` (now ${formatMoney(props.order.totalCents)})` : ''}</p>
      <Show when={after().kind === 'refund' && total() !== props.order.totalCents}>
        <p class="notice warn" data-testid="refund-warning">This leaves {formatMoney(after().cents)} paid too much, to refund.</p>
      </Show>
      <div class="row"><button type="submit">Save lines</button><button type="button" class="secondary" onClick={() => props.onDone()}>Close</button></div>
    </form>
  );
}

export function CustomerChangeForm(props: { order: OrderView; onDone: () => void }) {
  const store = useFundraiser();
  const [draft, setDraft] = createStore(customerDraftOf(props.order.customer));
  const [errors, setErrors] = createSignal<FieldErrors>({});
  let form: HTMLFormElement | undefined;
  focusOnMount(() => form?.querySelector('input') ?? undefined);
  function submit(event: SubmitEvent) {
    event.preventDefault();
    const decision = store.run({ type: 'ChangeCustomer', orderId: props.order.orderId, customer: customerOf(draft) });
    if (!decision.ok) return (setErrors(screenErrors(errorsOf(decision.error))), focusFirstError(form));
    announce(`Customer of ${props.order.orderNumber} saved.`);
    props.onDone();
  }
  return (
    <form class="editor" ref={form} onSubmit={submit} novalidate>
      <FormError error={errors()._form} />
      <CustomerFields idPrefix="customer-change" draft={draft} errors={errors()} onChange={(k, v) => setDraft(k, v)} />
      <div class="row"><button type="submit">Save customer</button><button type="button" class="secondary" onClick={() => props.onDone()}>Close</button></div>
    </form>
  );
}
