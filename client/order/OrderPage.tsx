// The public order form: the catalog with prices and what is left, the customer's details,
// validation beside each field, and a submission that never makes two orders.
import { For, Show, createResource, createSignal } from 'solid-js';
import type { JSX } from 'solid-js';
import { createStore } from 'solid-js/store';
import { ApiError, NetworkError, issuesByPath } from '../shared/api';
import { euros } from '../shared/money';
import { emptyDraft, errorsByField, requestFromDraft, validateRequest } from './order-request';
import type { FieldErrors, OrderDraft } from './order-request';
import { fetchCatalog, placeOrder, receiptPath } from './website-api';
import type { Catalog, CatalogEntry, Placed } from './website-api';
import { keyFor, settle } from './submission';

export function OrderPage(props: { fid: string; onPlaced: (path: string) => void }) {
  const [catalog, { refetch }] = createResource(() => props.fid, fetchCatalog);
  const [draft, setDraft] = createStore<OrderDraft>(emptyDraft());
  const [errors, setErrors] = createSignal<FieldErrors>({});
  const [banner, setBanner] = createSignal<{ kind: 'error' | 'warn'; text: string }>();
  const [sending, setSending] = createSignal(false);

  /** Editing a field takes its old message away; the next submit checks again. */
  const clearError = (field: string) => {
    if (!errors()[field]) return;
    const { [field]: _cleared, ...rest } = errors();
    setErrors(rest);
    if (Object.keys(rest).length === 0) setBanner(undefined);
  };
  const itemOrder = () => catalog()?.items.map((i) => i.itemId) ?? [];
  const total = () => (catalog()?.items ?? []).reduce((sum, i) => sum + (draft.quantities[i.itemId] ?? 0) * i.priceCents, 0);

  async function submit(event: SubmitEvent) {
    event.preventDefault();
    if (sending()) return; // a double click while the first request is out
    const request = requestFromDraft(draft, itemOrder());
    const checked = validateRequest(request);
    setErrors(checked.ok ? {} : errorsByField(checked.errors, request));
    setBanner(checked.ok ? undefined : { kind: 'error', text: 'Please check the fields marked below.' });
    if (!checked.ok) return;
    setSending(true);
    try {
      const placed = await send(props.fid, checked.request);
      props.onPlaced(receiptPath(props.fid, placed.orderId, placed.receipt));
    } catch (error) {
      explain(error, request);
    } finally {
      setSending(false);
    }
  }

  function explain(error: unknown, request: unknown) {
    if (error instanceof ApiError && error.status < 500 && error.code !== 'rate_limited') settle();
    const { text, kind, refresh } = messageFor(error);
    setBanner({ kind, text });
    if (error instanceof ApiError) setErrors(errorsByField(issuesByPath(error.issues), request));
    if (refresh) void refetch();
  }

  return (
    <main class="website">
      <Show when={catalog.error}>
        <p class="notice error" role="alert">{catalog.error instanceof ApiError && catalog.error.status === 404 ? 'There is no such fundraiser.' : 'The menu could not be loaded. Check the connection and reload the page.'}</p>
      </Show>
      {/* An errored resource throws when read: only read it when it has no error. */}
      <Show when={catalog.error ? undefined : catalog()}>
        {(loaded) => (
          <form class="order-form" onSubmit={submit} novalidate>
            <header class="site-header">
              <h1>{loaded().name}</h1>
              <p class="hint">Order online, pay and pick up at the event.</p>
            </header>
            <Show when={!loaded().websiteOpen}>
              <p class="notice warn" role="status">Online ordering is closed for this fundraiser right now. You can still order at the event.</p>
            </Show>
            <Show when={banner()}>{(b) => <p class={`notice ${b().kind}`} role="alert">{b().text}</p>}</Show>
            <Menu catalog={loaded()} quantities={draft.quantities} errors={errors()}
              onQuantity={(itemId, quantity) => (clearError(`item:${itemId}`), clearError('lines'), setDraft('quantities', itemId, quantity))} />
            {/* Closed: the menu stays, to show what the event offers; the form would only invite a refusal. */}
            <Show when={loaded().websiteOpen}>
              <CustomerFields draft={draft} errors={errors()} onChange={(key, value) => (clearError(key === 'note' ? 'note' : `customer.${key}`), setDraft(key, value))} />
              <div class="order-footer">
                <span class="order-total">Total <strong>{euros(total())}</strong></span>
                <button type="submit" disabled={sending()}>{sending() ? 'Placing order…' : 'Place order'}</button>
              </div>
            </Show>
          </form>
        )}
      </Show>
    </main>
  );
}

async function send(fid: string, request: Parameters<typeof placeOrder>[1]): Promise<Placed> {
  const key = keyFor(JSON.stringify(request));
  const placed = await placeOrder(fid, request, key);
  settle();
  return placed;
}

function messageFor(error: unknown): { kind: 'error' | 'warn'; text: string; refresh?: boolean } {
  if (error instanceof NetworkError) {
    return { kind: 'warn', text: 'We could not reach the server, so your order is not confirmed yet. Press "Place order" again: it will not be ordered twice.' };
  }
  if (!(error instanceof ApiError)) return { kind: 'error', text: 'Something went wrong. Please try again.' };
  switch (error.code) {
    case 'sold_out': return { kind: 'error', text: `Sorry, not enough left: ${error.message} Please change the marked quantity.`, refresh: true };
    case 'closed': return { kind: 'error', text: 'Online ordering has just been closed for this fundraiser. You can still order at the event.', refresh: true };
    case 'unknown_item': return { kind: 'error', text: 'An item on your order is no longer on the menu. The menu has been refreshed.', refresh: true };
    case 'invalid_request': return { kind: 'error', text: 'Please check the fields marked below.' };
    case 'rate_limited': return { kind: 'warn', text: error.message };
    case 'not_found': return { kind: 'error', text: 'There is no such fundraiser.' };
    default: return { kind: 'warn', text: `The server could not take the order (${error.message}). Press "Place order" again in a moment: it will not be ordered twice.` };
  }
}

function Menu(props: { catalog: Catalog; quantities: Record<string, number>; errors: FieldErrors; onQuantity: (itemId: string, q: number) => void }) {
  return (
    <fieldset class="menu card">
      <legend>Menu</legend>
      <For each={props.catalog.items} fallback={<p class="hint">Nothing on the menu yet.</p>}>
        {(item) => <MenuItem item={item} quantity={props.quantities[item.itemId] ?? 0} error={props.errors[`item:${item.itemId}`]} onQuantity={(q) => props.onQuantity(item.itemId, q)} />}
      </For>
      <Show when={props.errors.lines}><p class="field-error">{props.errors.lines}</p></Show>
    </fieldset>
  );
}

function MenuItem(props: { item: CatalogEntry; quantity: number; error: string | undefined; onQuantity: (q: number) => void }) {
  const soldOut = () => props.item.available === 0;
  const id = () => `qty-${props.item.itemId}`;
  return (
    <div class="menu-item" classList={{ 'sold-out': soldOut() }} data-item={props.item.itemId}>
      <div class="grow">
        <label for={id()}>{props.item.name}</label>
        <span class="price">{euros(props.item.priceCents)}</span>
        <span class="left">{leftText(props.item.available)}</span>
        <Show when={props.error}><p class="field-error" id={`${id()}-error`}>{props.error}</p></Show>
      </div>
      <div class="stepper">
        <button type="button" class="secondary" aria-label={`One ${props.item.name} less`} disabled={props.quantity <= 0} onClick={() => props.onQuantity(Math.max(0, props.quantity - 1))}>−</button>
        <input id={id()} type="number" inputmode="numeric" min="0" max="999" value={props.quantity} aria-invalid={props.error ? 'true' : 'false'}
          aria-describedby={props.error ? `${id()}-error` : undefined} disabled={soldOut() && props.quantity === 0}
          onInput={(e) => props.onQuantity(Math.max(0, Math.floor(Number(e.currentTarget.value) || 0)))} />
        <button type="button" class="secondary" aria-label={`One more ${props.item.name}`} disabled={soldOut()} onClick={() => props.onQuantity(props.quantity + 1)}>+</button>
      </div>
    </div>
  );
}

function leftText(available: number | null): string {
  if (available === null) return '';
  return available === 0 ? 'Sold out' : `${available} left`;
}

type TextKey = 'name' | 'email' | 'phone' | 'note';
const FIELDS: { key: TextKey; path: string; label: string; type: string; autocomplete: string }[] = [
  { key: 'name', path: 'customer.name', label: 'Your name', type: 'text', autocomplete: 'name' },
  { key: 'email', path: 'customer.email', label: 'Email (optional)', type: 'email', autocomplete: 'email' },
  { key: 'phone', path: 'customer.phone', label: 'Phone (optional)', type: 'tel', autocomplete: 'tel' },
  { key: 'note', path: 'note', label: 'Note (optional)', type: 'text', autocomplete: 'off' },
];

function CustomerFields(props: { draft: OrderDraft; errors: FieldErrors; onChange: (key: TextKey, value: string) => void }) {
  return (
    <fieldset class="customer card">
      <legend>Your details</legend>
      <For each={FIELDS}>{(field) => <TextField {...field} value={props.draft[field.key]} error={props.errors[field.path]} onInput={(v) => props.onChange(field.key, v)} />}</For>
    </fieldset>
  );
}

function TextField(props: { key: string; label: string; type: string; autocomplete: string; value: string; error: string | undefined; onInput: (v: string) => void }): JSX.Element {
  const id = () => `field-${props.key}`;
  return (
    <div class="field">
      <label for={id()}>{props.label}</label>
      <input id={id()} name={props.key} type={props.type} autocomplete={props.autocomplete} value={props.value}
        aria-invalid={props.error ? 'true' : 'false'} aria-describedby={props.error ? `${id()}-error` : undefined}
        onInput={(e) => props.onInput(e.currentTarget.value)} />
      <Show when={props.error}><p class="field-error" id={`${id()}-error`}>{props.error}</p></Show>
    </div>
  );
}
