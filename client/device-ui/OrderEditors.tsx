// Change an order's lines or its customer's details (the manager's order detail; the lines at
// the clerk's door too); decide() checks, errors show beside fields. A form starts from what the
// order held when it opened, and saves whole lines or details: a change that arrives meanwhile
// (a sync, a live update) would be overwritten without a conflict, since the save has seen it.
// So the form says the order changed, and saves only once it starts again from the new state.
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
import { announce, focusFirstError, focusOnMount, focusSoon } from './a11y';
import { SellAnyway } from './SellAnyway';

export function LinesChangeForm(props: { order: OrderView; idPrefix?: string; onDone: () => void }) {
  const store = useFundraiser();
  const heldOf = () => Object.fromEntries(props.order.lines.map((l) => [l.itemId, l.quantity]));
  const [held, setHeld] = createSignal(heldOf());
  const [quantities, setQuantities] = createStore<Quantities>({ ...held() });
  const [errors, setErrors] = createSignal<FieldErrors>({});
  const [soldOut, setSoldOut] = createSignal(false); // the last try was refused as sold out
  const [startedFrom, setStartedFrom] = createSignal(linesKey(props.order));
  const changedMeanwhile = () => linesKey(props.order) !== startedFrom();
  const startAgain = () => {
    setHeld(heldOf());
    setQuantities(reconcileQuantities(quantities, held()));
    setStartedFrom(linesKey(props.order));
    setErrors({});
  };
  const items = createMemo(() => orderPricedItems(store.items(), props.order));
  const total = () => changedTotal(items(), props.order, quantities);
  const after = () => balanceOf({ totalCents: total(), paidCents: props.order.paidCents, cancelled: false });
  let form: HTMLFormElement | undefined;
  focusOnMount(() => form?.querySelector('input') ?? undefined);
  function submit(event: SubmitEvent) {
    event.preventDefault();
    save(false);
  }
  function save(beyondStock: boolean) {
    if (changedMeanwhile()) return void focusSoon(() => form?.querySelector('[data-testid=changed-meanwhile] button'));
    const lines = linesOf(items(), quantities);
    const decision = store.run({ type: 'ChangeLines', orderId: props.order.orderId, lines, ...(beyondStock ? { beyondStock: true } : {}) });
    setSoldOut(!decision.ok && decision.error.code === 'sold_out');
    if (!decision.ok) return (setErrors(byItem(screenErrors(errorsOf(decision.error)), lines)), focusFirstError(form));
    announce(`Lines of ${props.order.orderNumber} saved: total ${formatMoney(total())}.`);
    props.onDone();
  }
  return (
    <form class="editor" ref={form} onSubmit={submit} novalidate>
      <FormError error={errors()._form} />
      <ChangedMeanwhile when={changedMeanwhile()} now={`it now holds ${linesText(props.order, items())}`} onStartAgain={startAgain} />
      <LinesEditor idPrefix={props.idPrefix ?? 'change'} items={items()} quantities={quantities} held={held()} errors={errors()} onChange={(id, q) => (setSoldOut(false), setQuantities(id, q))} />
      <SellAnyway when={soldOut()} onSell={() => save(true)} />
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
  const [startedFrom, setStartedFrom] = createSignal(props.order.customer);
  const changedMeanwhile = () => JSON.stringify(props.order.customer) !== JSON.stringify(startedFrom());
  // What was typed stays; the fields not touched here take the order's new values.
  const startAgain = () => {
    const before = customerDraftOf(startedFrom());
    const now = customerDraftOf(props.order.customer);
    for (const key of Object.keys(now) as (keyof typeof now)[]) if (draft[key] === before[key]) setDraft(key, now[key]);
    setStartedFrom(props.order.customer);
  };
  let form: HTMLFormElement | undefined;
  focusOnMount(() => form?.querySelector('input') ?? undefined);
  function submit(event: SubmitEvent) {
    event.preventDefault();
    if (changedMeanwhile()) return void focusSoon(() => form?.querySelector('[data-testid=changed-meanwhile] button'));
    const decision = store.run({ type: 'ChangeCustomer', orderId: props.order.orderId, customer: customerOf(draft) });
    if (!decision.ok) return (setErrors(screenErrors(errorsOf(decision.error))), focusFirstError(form));
    announce(`Customer of ${props.order.orderNumber} saved.`);
    props.onDone();
  }
  return (
    <form class="editor" ref={form} onSubmit={submit} novalidate>
      <FormError error={errors()._form} />
      <ChangedMeanwhile when={changedMeanwhile()} now={`now ${[props.order.customer.name, props.order.customer.email, props.order.customer.phone].filter(Boolean).join(', ')}`} onStartAgain={startAgain} />
      <CustomerFields idPrefix="customer-change" draft={draft} errors={errors()} onChange={(k, v) => setDraft(k, v)} />
      <div class="row"><button type="submit">Save customer</button><button type="button" class="secondary" onClick={() => props.onDone()}>Close</button></div>
    </form>
  );
}

/** Said in the form, and saving waits for "Start again from it": the order changed since it opened. */
function ChangedMeanwhile(props: { when: boolean; now: string; onStartAgain: () => void }) {
  return (
    <Show when={props.when}>
      <div class="notice warn" role="alert" data-testid="changed-meanwhile">
        <p>This order changed while the form was open ({props.now}). Saving now would undo that change.</p>
        <button type="button" onClick={() => props.onStartAgain()}>Start again from it</button>
      </div>
    </Show>
  );
}

/** An order's lines as one string: whether they changed since a form opened. */
function linesKey(order: OrderView): string {
  return order.lines.map((l) => `${l.itemId}:${l.quantity}:${l.unitPriceCents}`).join(',');
}

/** "2 × Spaghetti bolognese, 3 × Lemonade": what the order holds, by the items' names. */
function linesText(order: OrderView, items: readonly { itemId: string; name: string }[]): string {
  return order.lines.map((l) => `${l.quantity} × ${items.find((i) => i.itemId === l.itemId)?.name ?? l.itemId}`).join(', ') || 'nothing';
}

/** The form's quantities set to the order's new ones, items it no longer holds at 0. */
function reconcileQuantities(current: Quantities, held: Quantities): Quantities {
  return { ...Object.fromEntries(Object.keys(current).map((id) => [id, 0])), ...held };
}
