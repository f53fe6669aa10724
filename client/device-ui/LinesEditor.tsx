// Quantities per catalog item, with what is left; the same input for booking an order and
// for changing its lines. Errors from decide() arrive keyed `item:<itemId>`.
import { For, Show } from 'solid-js';
import { useFundraiser } from '../device/context';
import type { CatalogItem } from '../../domain';
import { formatMoney } from '../shared/money';

export type Quantities = Record<string, number>;

export function LinesEditor(props: { idPrefix: string; items: CatalogItem[]; quantities: Quantities; held?: Quantities; errors: Record<string, string>; onChange: (itemId: string, quantity: number) => void }) {
  const store = useFundraiser();
  // The clerk syncs on demand: what is left is what the device knew at its last sync.
  const asOf = () => (store.mode === 'on-demand' && store.lastSyncAt() !== undefined ? ' at the last sync' : '');
  return (
    // A group, so "an order needs at least one line" is said with it (it is beside no one field).
    <div class="lines-editor" role="group" aria-label="Items" aria-describedby={props.errors.lines ? `${props.idPrefix}-lines-error` : undefined}>
      {/* By id: the items are new objects at every change (an order elsewhere moves `sold`);
          inputs made again would lose the focus of someone typing a quantity. */}
      <For each={props.items.map((i) => i.itemId)}>
        {(itemId) => {
          const item = () => props.items.find((i) => i.itemId === itemId)!;
          const id = () => `${props.idPrefix}-qty-${itemId}`;
          const error = () => props.errors[`item:${itemId}`];
          const quantity = () => props.quantities[itemId] ?? 0;
          return (
            <div class="line-input" data-item={itemId}>
              <label for={id()}>{item().name} <span class="hint">{formatMoney(item().priceCents)} · {leftText(item(), props.held?.[itemId] ?? 0, asOf())}</span></label>
              <div class="stepper">
                <button type="button" class="secondary" aria-label={`One ${item().name} less`} onClick={() => props.onChange(itemId, Math.max(0, quantity() - 1))}>−</button>
                <input id={id()} type="number" min="0" inputmode="numeric" value={quantity()} aria-invalid={error() ? 'true' : 'false'}
                  aria-describedby={error() ? `${id()}-error` : undefined}
                  onInput={(e) => props.onChange(itemId, Math.max(0, Math.floor(Number(e.currentTarget.value) || 0)))} />
                <button type="button" class="secondary" aria-label={`One more ${item().name}`} onClick={() => props.onChange(itemId, quantity() + 1)}>+</button>
              </div>
              <Show when={error()}><p class="field-error" id={`${id()}-error`}>{error()}</p></Show>
            </div>
          );
        }}
      </For>
      <Show when={props.errors.lines}><p class="field-error" id={`${props.idPrefix}-lines-error`} tabindex="-1" data-focus-on-error>{props.errors.lines}</p></Show>
    </div>
  );
}

function leftText(item: CatalogItem, held: number, asOf: string): string {
  if (item.available === null) return 'unlimited';
  const left = item.available + held;
  return left === 0 ? `sold out${asOf}` : `${left} left${asOf}`;
}

/** The lines of a command, in catalog order, for every item with a quantity. */
export function linesOf(items: CatalogItem[], quantities: Quantities): { itemId: string; quantity: number }[] {
  const known = new Set(items.map((i) => i.itemId));
  const ids = [...items.map((i) => i.itemId), ...Object.keys(quantities).filter((id) => !known.has(id))];
  return ids.filter((id) => (quantities[id] ?? 0) > 0).map((itemId) => ({ itemId, quantity: quantities[itemId]! }));
}

export function totalOf(items: CatalogItem[], quantities: Quantities): number {
  return items.reduce((sum, item) => sum + (quantities[item.itemId] ?? 0) * item.priceCents, 0);
}
