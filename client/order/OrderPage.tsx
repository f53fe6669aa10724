// The public order form: the catalog with prices and what is left, the customer's details,
// validation beside each field, and a submission that never makes two orders.
import { For, Show, createEffect, createResource, createSignal, onCleanup } from 'solid-js';
import type { JSX } from 'solid-js';
import { createStore } from 'solid-js/store';
import { ApiError, NetworkError, issuesByPath } from '../shared/api';
import { formatMoney } from '../shared/money';
import { Menu } from './Menu';
import { draftFromRequest, emptyDraft, errorsByField, requestFromDraft, stockErrors, validateRequest } from './order-request';
import type { FieldErrors, OrderDraft } from './order-request';
import { fetchCatalog, placeOrder, receiptPath } from './website-api';
import type { Catalog, CatalogEntry, Placed } from './website-api';
import { keyFor, lastPlaced, settle, settlePlaced, unansweredRequest } from './submission';

type Outcome = { kind: 'error' | 'warn'; text: string };
const CHECK_FIELDS: Outcome = { kind: 'error', text: 'Please check the marked fields.' };
const NOT_CONFIRMED: Outcome = { kind: 'warn', text: 'Your order is not confirmed yet. It is filled in again below: press "Place order". It will not be ordered twice.' };

export function OrderPage(props: { fid: string; onPlaced: (path: string) => void }) {
  const [catalog, { refetch, mutate }] = createResource(() => props.fid, fetchCatalog);
  // A page left open (another tab, a locked phone) shows what was left when it loaded: read the
  // menu again when it is looked at again. Only a good answer replaces it: a failed read must
  // not take the form, and what the customer typed, off the page.
  const onVisible = () => { if (document.visibilityState === 'visible') fetchCatalog(props.fid).then(mutate, () => {}); };
  document.addEventListener('visibilitychange', onVisible);
  onCleanup(() => document.removeEventListener('visibilitychange', onVisible));
  const unanswered = draftFromRequest(unansweredRequest(props.fid));
  const placedBefore = unanswered ? undefined : lastPlaced(props.fid);
  const [draft, setDraft] = createStore<OrderDraft>(unanswered ?? emptyDraft());
  const [errors, setErrors] = createSignal<FieldErrors>({});
  // The submission's outcome, shown beside the button the customer just pressed (on a phone
  // the top of the form is off-screen by then); the closed notice at the top is page state.
  const [outcome, setOutcome] = createSignal<Outcome | undefined>(unanswered ? NOT_CONFIRMED : undefined);
  const [sending, setSending] = createSignal(false);
  let form: HTMLFormElement | undefined;
  let outcomeText: HTMLParagraphElement | undefined;
  let closedNotice: HTMLParagraphElement | undefined;
  const loadedCatalog = () => (catalog.error ? undefined : catalog());
  createEffect(() => {
    const name = loadedCatalog()?.name;
    if (name) document.title = `${name} · Order`;
  });

  /** Editing a field takes its old message away; the next submit checks again. */
  const clearError = (field: string) => {
    if (!errors()[field]) return;
    const { [field]: _cleared, ...rest } = errors();
    setErrors(rest);
    if (Object.keys(rest).length === 0) setOutcome(undefined);
  };
  const items = () => loadedCatalog()?.items ?? [];
  const total = () => items().reduce((sum, i) => sum + (draft.quantities[i.itemId] ?? 0) * i.priceCents, 0);

  /** Takes the customer to what went wrong: the first marked field (focus scrolls it into view), else the message. */
  function showProblem(fieldErrors: FieldErrors, message: Outcome | undefined) {
    setErrors(fieldErrors);
    setOutcome(message);
    const field = form?.querySelector<HTMLElement>('[aria-invalid="true"], [data-focus-on-error]');
    (field ?? outcomeText)?.focus();
  }

  async function submit(event: SubmitEvent) {
    event.preventDefault();
    if (sending()) return; // a double click while the first request is out
    const request = requestFromDraft(draft, items().map((i) => i.itemId));
    const checked = validateRequest(request);
    const fieldErrors = { ...stockErrors(draft.quantities, items()), ...(checked.ok ? {} : errorsByField(checked.errors, request)) };
    if (!checked.ok || Object.keys(fieldErrors).length > 0) return showProblem(fieldErrors, CHECK_FIELDS);
    setErrors({});
    setOutcome(undefined);
    setSending(true);
    try {
      const placed = await send(props.fid, checked.request, shownPrices(checked.request, items()));
      props.onPlaced(receiptPath(props.fid, placed.orderId, placed.receipt));
    } catch (error) {
      await explain(error, request);
    } finally {
      setSending(false);
    }
  }

  async function explain(error: unknown, request: unknown) {
    if (error instanceof ApiError && error.status < 500 && error.code !== 'rate_limited') settle();
    const { refresh, ...message } = messageFor(error);
    const fieldErrors = error instanceof ApiError ? errorsByField(issuesByPath(error.issues), request) : {};
    if (refresh) await refetch();
    // Closed meanwhile: the refreshed page shows the notice at the top; a second one beside it would only repeat it.
    if (error instanceof ApiError && error.code === 'closed' && loadedCatalog()?.websiteOpen === false) return void closedNotice?.focus();
    showProblem(fieldErrors, message);
  }

  return (
    <main class="website">
      <Show when={catalog.error}>
        <p class="notice error" role="alert">{catalog.error instanceof ApiError && catalog.error.status === 404 ? 'There is no such fundraiser.' : 'The menu could not be loaded. Check the connection and reload the page.'}</p>
      </Show>
      {/* An errored resource throws when read: only read it when it has no error. */}
      <Show when={loadedCatalog()}>
        {(loaded) => (
          <form class="order-form" ref={form} onSubmit={submit} novalidate>
            <header class="site-header">
              <h1>{loaded().name}</h1>
              <Show when={!over(loaded())}><p class="hint">{loaded().websiteOpen ? 'Order online, pay and pick up at the event.' : 'Order, pay and pick up at the event.'}</p></Show>
            </header>
            {/* Archived by the club (and closed): "right now … at the event" would send customers to an event that is past. */}
            <Show when={!loaded().websiteOpen}>
              <p class="notice warn closed-notice" role="status" tabindex="-1" ref={closedNotice} data-over={over(loaded()) ? 'true' : undefined}>
                {over(loaded()) ? 'This fundraiser is over: it takes no more orders. Thank you for your support! If you ordered, the link to your receipt still shows your order.' : 'Online ordering is closed for this fundraiser right now. You can still order at the event.'}
              </p>
            </Show>
            <Show when={placedBefore}>
              {(placed) => (
                <p class="notice ok placed-notice" role="status" data-testid="placed-notice">
                  Your order {placed().orderNumber} is placed. <a href={placed().receiptPath}>See your receipt</a>. What you order below is a new, second order.
                </p>
              )}
            </Show>
            <Menu catalog={loaded()} showStock={!over(loaded())} quantities={draft.quantities} errors={errors()}
              onQuantity={(itemId, quantity) => (clearError(`item:${itemId}`), clearError('lines'), setDraft('quantities', itemId, quantity))} />
            {/* Closed: the menu stays, to show what the event offers; the form would only invite a refusal. */}
            <Show when={loaded().websiteOpen}>
              <CustomerFields draft={draft} errors={errors()} onChange={(key, value) => (clearError(key === 'note' ? 'note' : `customer.${key}`), setDraft(key, value))} />
              <div class="order-footer">
                <div class="outcome" role="alert">
                  <Show when={outcome()}>{(o) => <p class={`notice ${o().kind}`} tabindex="-1" ref={outcomeText}>{o().text}</p>}</Show>
                </div>
                <span class="order-total">Total <strong>{formatMoney(total())}</strong></span>
                <button type="submit" disabled={sending()}>{sending() ? 'Placing order…' : 'Place order'}</button>
              </div>
            </Show>
          </form>
        )}
      </Show>
    </main>
  );
}

/** Archived and closed: the fundraiser is over (an archived one the club opened again takes orders as ever). */
function over(catalog: Catalog): boolean {
  return catalog.archived === true && !catalog.websiteOpen;
}

/** The unit price the page shows for each item ordered: the server checks it is what it charges. */
function shownPrices(request: Parameters<typeof placeOrder>[1], menu: readonly CatalogEntry[]): Record<string, number> {
  const prices = new Map(menu.map((item) => [item.itemId, item.priceCents]));
  return Object.fromEntries(request.lines.flatMap((line) => (prices.has(line.itemId) ? [[line.itemId, prices.get(line.itemId)!]] : [])));
}

async function send(fid: string, request: Parameters<typeof placeOrder>[1], prices: Record<string, number>): Promise<Placed> {
  const key = keyFor(JSON.stringify(request), fid);
  const placed = await placeOrder(fid, request, key, prices);
  settlePlaced({ fid, orderNumber: placed.orderNumber, receiptPath: receiptPath(fid, placed.orderId, placed.receipt) });
  return placed;
}

function messageFor(error: unknown): Outcome & { refresh?: boolean } {
  if (error instanceof NetworkError) {
    return { kind: 'warn', text: 'We could not reach the server, so your order is not confirmed yet. Press "Place order" again: it will not be ordered twice.' };
  }
  if (!(error instanceof ApiError)) return { kind: 'error', text: 'Something went wrong. Please try again.' };
  switch (error.code) {
    case 'sold_out': return { kind: 'error', text: `Sorry, not enough left: ${error.message} Please change the marked quantity.`, refresh: true };
    case 'closed': return { kind: 'error', text: 'Online ordering has just been closed for this fundraiser. You can still order at the event.', refresh: true };
    case 'price_changed': return { kind: 'error', text: `A price changed while this page was open: ${error.message} The menu now shows the new prices: check your total, then press "Place order" again.`, refresh: true };
    case 'unknown_item': return { kind: 'error', text: 'An item on your order is no longer on the menu. The menu has been refreshed.', refresh: true };
    case 'invalid_request': return CHECK_FIELDS;
    case 'rate_limited': return { kind: 'warn', text: error.message };
    case 'not_found': return { kind: 'error', text: 'There is no such fundraiser.' };
    default: return { kind: 'warn', text: `The server could not take the order (${error.message}). Press "Place order" again in a moment: it will not be ordered twice.` };
  }
}

type TextKey = 'name' | 'email' | 'phone' | 'note';
// Nothing is ever sent to the customer: the labels say what the contact details are for.
const FIELDS: { key: TextKey; path: string; label: string; type: string; autocomplete: string }[] = [
  { key: 'name', path: 'customer.name', label: 'Your name', type: 'text', autocomplete: 'name' },
  { key: 'email', path: 'customer.email', label: 'Email (optional, for the club to reach you)', type: 'email', autocomplete: 'email' },
  { key: 'phone', path: 'customer.phone', label: 'Phone (optional, for the club to reach you)', type: 'tel', autocomplete: 'tel' },
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
