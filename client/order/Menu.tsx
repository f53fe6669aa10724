// The order form's menu: items with price and what is left, and (while the website takes
// orders) a stepper per item. Closed, it still shows what the event offers, without controls;
// over (archived), what it offered, without what was left.
import { For, Show } from 'solid-js';
import { formatMoney } from '../shared/money';
import type { Catalog, CatalogEntry } from './website-api';
import type { FieldErrors } from './order-request';

export function Menu(props: { catalog: Catalog; showStock: boolean; quantities: Record<string, number>; errors: FieldErrors; onQuantity: (itemId: string, q: number) => void }) {
  return (
    <fieldset class="menu card">
      <legend>Menu</legend>
      <For each={props.catalog.items} fallback={<p class="hint">Nothing on the menu yet.</p>}>
        {(item) => <MenuItem item={item} ordering={props.catalog.websiteOpen} showStock={props.showStock} quantity={props.quantities[item.itemId] ?? 0}
          error={props.errors[`item:${item.itemId}`]} onQuantity={(q) => props.onQuantity(item.itemId, q)} />}
      </For>
      {/* Not beside one field: focusable, so a failed submit can take the customer to it. */}
      <Show when={props.errors.lines}><p class="field-error" id="lines-error" tabindex="-1" data-focus-on-error>{props.errors.lines}</p></Show>
    </fieldset>
  );
}

function MenuItem(props: { item: CatalogEntry; ordering: boolean; showStock: boolean; quantity: number; error: string | undefined; onQuantity: (q: number) => void }) {
  const soldOut = () => props.showStock && props.item.available === 0;
  const id = () => `qty-${props.item.itemId}`;
  return (
    <div class="menu-item" classList={{ 'sold-out': soldOut() }} data-item={props.item.itemId}>
      <div class="grow">
        <Show when={props.ordering} fallback={<span class="item-name">{props.item.name}</span>}>
          <label for={id()}>{props.item.name}</label>
        </Show>
        {/* Spaces between, or a screen reader reads "€ 12.0051 left" */}
        {' '}<span class="price">{formatMoney(props.item.priceCents)}</span>{' '}
        <Show when={props.showStock}><span class="left">{leftText(props.item.available)}</span></Show>
        <Show when={props.error}><p class="field-error" id={`${id()}-error`}>{props.error}</p></Show>
      </div>
      <Show when={props.ordering}>
        <Stepper {...props} id={id()} soldOut={soldOut()} />
      </Show>
    </div>
  );
}

function Stepper(props: { item: CatalogEntry; id: string; soldOut: boolean; quantity: number; error: string | undefined; onQuantity: (q: number) => void }) {
  // "+" stops at what is left: the page's early word; the server judges stock in the end.
  const atMost = () => props.item.available !== null && props.quantity >= props.item.available;
  let input: HTMLInputElement | undefined;
  // A stepper button that reaches its end is disabled, and the browser would drop focus to the
  // page: it goes to the quantity instead, which says the number reached.
  const step = (q: number, atEnd: boolean) => { props.onQuantity(q); if (atEnd) input?.focus(); };
  return (
    <div class="stepper">
      <button type="button" class="secondary" aria-label={`One ${props.item.name} less`} disabled={props.quantity <= 0} onClick={() => step(Math.max(0, props.quantity - 1), props.quantity <= 1)}>−</button>
      {/* "1.5" typed counts as 1: once the field is left, it shows what counts (onChange). */}
      <input id={props.id} ref={input} type="number" inputmode="numeric" min="0" max={Math.min(999, props.item.available ?? 999)} value={props.quantity}
        aria-invalid={props.error ? 'true' : 'false'} aria-describedby={props.error ? `${props.id}-error` : undefined} disabled={props.soldOut && props.quantity === 0}
        onInput={(e) => props.onQuantity(Math.max(0, Math.floor(Number(e.currentTarget.value) || 0)))}
        onChange={(e) => (e.currentTarget.value = String(props.quantity))} />
      <button type="button" class="secondary" aria-label={`One more ${props.item.name}`} disabled={props.soldOut || atMost()} onClick={() => step(props.quantity + 1, props.item.available !== null && props.quantity + 1 >= props.item.available)}>+</button>
    </div>
  );
}

function leftText(available: number | null): string {
  if (available === null) return '';
  return available === 0 ? 'Sold out' : `${available} left`;
}
