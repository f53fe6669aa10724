// The catalog: change names, prices and stock, add items, open or close website ordering.
import { For, Show, createEffect, createSignal, on } from 'solid-js';
import { createStore } from 'solid-js/store';
import type { CatalogItem } from '../../domain';
import { useFundraiser } from '../device/context';
import { Field, FormError } from '../device-ui/Field';
import { errorsOf } from '../device-ui/form-errors';
import type { FieldErrors } from '../device-ui/form-errors';
import { draftOf, parseDraft, withoutErrorsOf } from './catalog-draft';
import { inCurrency } from '../shared/money';
import { PublicPage } from './PublicPage';
import { screenErrors, screenMessage } from '../device-ui/screen-text';
import { focusFirstError } from '../device-ui/a11y';

export function CatalogEditor() {
  const store = useFundraiser();
  const [error, setError] = createSignal<string>();
  function toggleWebsite() {
    const decision = store.run({ type: 'SetWebsiteOrdering', open: !store.websiteOpen() });
    setError(decision.ok ? undefined : screenMessage(decision.error.message));
  }
  return (
    <section class="catalog card">
      <h2>Catalog</h2>
      <PublicPage />
      <div class="row website-switch">
        <span class="grow">Website ordering is <strong data-testid="website-state">{store.websiteOpen() ? 'open' : 'closed'}</strong>.</span>
        <button type="button" class={store.websiteOpen() ? 'danger' : ''} onClick={toggleWebsite}>{store.websiteOpen() ? 'Close website ordering' : 'Open website ordering'}</button>
      </div>
      <FormError error={error()} />
      {/* By id: the items are new objects at every change (a website order moves `sold`), and a
          row made again would lose what the manager is typing, and its "Saved". */}
      <For each={store.items().map((item) => item.itemId)}>{(itemId) => <ItemRow item={store.items().find((item) => item.itemId === itemId)!} />}</For>
      <NewItemForm />
    </section>
  );
}

function ItemRow(props: { item: CatalogItem }) {
  const store = useFundraiser();
  const [draft, setDraft] = createStore(draftOf(props.item));
  const [errors, setErrors] = createSignal<FieldErrors>({});
  const [saved, setSaved] = createSignal(false);
  let editing = false; // typed into since the last save: a change from elsewhere must not overwrite it
  let form: HTMLFormElement | undefined;
  createEffect(on(() => props.item, (item) => { if (!editing) setDraft(draftOf(item)); }, { defer: true }));
  const edit = (field: 'name' | 'price' | 'stock', errorKey: string, value: string) => {
    editing = true;
    setSaved(false);
    setErrors(withoutErrorsOf(errorKey));
    setDraft(field, value);
  };
  function save(event: SubmitEvent) {
    event.preventDefault();
    const parsed = parseDraft(draft);
    if (!parsed.ok) return (setErrors(parsed.errors), focusFirstError(form));
    const changes = {
      ...(draft.name !== props.item.name ? { name: draft.name } : {}),
      ...(parsed.priceCents !== props.item.priceCents ? { priceCents: parsed.priceCents } : {}),
      ...(parsed.stock !== props.item.stock ? { stock: parsed.stock } : {}),
    };
    const decision = store.run({ type: 'ChangeItem', itemId: props.item.itemId, ...changes });
    setErrors(decision.ok ? {} : screenErrors(errorsOf(decision.error)));
    setSaved(decision.ok);
    if (decision.ok) editing = false;
    else focusFirstError(form);
  }
  const id = (f: string) => `item-${props.item.itemId}-${f}`;
  return (
    <form class="item-row" ref={form} onSubmit={save} novalidate data-item={props.item.itemId}>
      <Field id={id('name')} label={`Name (${props.item.itemId})`} value={draft.name} error={errors().name} onInput={(v) => edit('name', 'name', v)} />
      <Field id={id('price')} label={inCurrency('Price')} inputmode="decimal" value={draft.price} error={errors().priceCents} onInput={(v) => edit('price', 'priceCents', v)} />
      <Field id={id('stock')} label={`Stock (${props.item.sold} sold)`} inputmode="numeric" placeholder="unlimited" value={draft.stock} error={errors().stock} onInput={(v) => edit('stock', 'stock', v)} />
      <div class="item-save">
        <button type="submit" aria-label={`Save ${props.item.name}`}>Save</button>
        <Show when={saved()}><span class="hint" role="status">Saved</span></Show>
        <FormError error={errors()._form} />
      </div>
    </form>
  );
}

function NewItemForm() {
  const store = useFundraiser();
  const [itemId, setItemId] = createSignal('');
  const [draft, setDraft] = createStore(draftOf());
  const [errors, setErrors] = createSignal<FieldErrors>({});
  let form: HTMLFormElement | undefined;
  function add(event: SubmitEvent) {
    event.preventDefault();
    const parsed = parseDraft(draft);
    const noId: FieldErrors = itemId().trim() === '' ? { itemId: 'Give the item a short id, like waffle.' } : {};
    if (!parsed.ok || noId.itemId) return (setErrors({ ...noId, ...(parsed.ok ? {} : parsed.errors) }), focusFirstError(form));
    const decision = store.run({ type: 'DefineItem', itemId: itemId(), name: draft.name, priceCents: parsed.priceCents, stock: parsed.stock });
    if (!decision.ok) return (setErrors(screenErrors(errorsOf(decision.error))), focusFirstError(form));
    setErrors({});
    setItemId('');
    setDraft(draftOf());
  }
  return (
    <form class="item-row new-item" ref={form} onSubmit={add} novalidate>
      <Field id="new-item-id" label="New item id" placeholder="e.g. waffle" value={itemId()} error={errors().itemId} onInput={(v) => (setErrors(withoutErrorsOf('itemId')), setItemId(v))} />
      <Field id="new-item-name" label="Name" value={draft.name} error={errors().name} onInput={(v) => (setErrors(withoutErrorsOf('name')), setDraft('name', v))} />
      <Field id="new-item-price" label={inCurrency('Price')} inputmode="decimal" value={draft.price} error={errors().priceCents} onInput={(v) => (setErrors(withoutErrorsOf('priceCents')), setDraft('price', v))} />
      <Field id="new-item-stock" label="Stock" inputmode="numeric" placeholder="unlimited" value={draft.stock} error={errors().stock} onInput={(v) => (setErrors(withoutErrorsOf('stock')), setDraft('stock', v))} />
      <div class="item-save"><button type="submit">Add item</button><FormError error={errors()._form} /></div>
    </form>
  );
}
