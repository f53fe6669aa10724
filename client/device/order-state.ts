// The projection's orders, catalog and conflicts as Solid state. Only the orders a
// transaction touched are copied in (a structured clone, reconciled), so a new website order
// re-renders one row, not a list of thousands; the search index is updated the same way.
import { batch, createSignal } from 'solid-js';
import type { Accessor } from 'solid-js';
import { createStore, reconcile } from 'solid-js/store';
import type { CatalogItem, Conflict, OrderView, Projection } from '../../domain';
import { SearchIndex } from './search-index';

export interface OrderState {
  readonly orders: Readonly<Record<string, OrderView>>;
  /** Newest first. */
  readonly orderIds: Accessor<string[]>;
  readonly items: Accessor<CatalogItem[]>;
  readonly websiteOpen: Accessor<boolean>;
  readonly conflicts: Accessor<Conflict[]>;
  readonly isNew: (orderId: string) => boolean;
  readonly markSeen: (orderId: string) => void;
  readonly search: (query: string, limit?: number) => string[];
  /** Copies the named orders (and the shared parts) from the projection; `highlight` marks new website orders. */
  readonly apply: (orderIds: readonly string[], highlight: boolean) => void;
}

export function createOrderState(projection: Projection): OrderState {
  const index = new SearchIndex();
  const [orders, setOrders] = createStore<Record<string, OrderView>>({});
  const [orderIds, setOrderIds] = createSignal<string[]>([]);
  const [items, setItems] = createSignal(projection.items());
  const [websiteOpen, setWebsiteOpen] = createSignal(projection.websiteOpen);
  const [conflicts, setConflicts] = createSignal(projection.conflicts());
  const [newIds, setNewIds] = createSignal<ReadonlySet<string>>(new Set());

  function copyOrders(ids: readonly string[]): string[] {
    const added: string[] = [];
    for (const id of ids) {
      const view = projection.order(id);
      if (!view) continue;
      // reconcile() first walks its value whole (Solid's unwrap): worth it to diff an order
      // already shown, wasted on a new one; on a cold open that is every order (bench row 1).
      if (id in orders) setOrders(id, reconcile(structuredClone(view)));
      else {
        added.push(id);
        setOrders(id, structuredClone(view));
      }
      index.update(view);
    }
    return added;
  }

  const apply = (ids: readonly string[], highlight: boolean) => batch(() => {
    const added = copyOrders(ids);
    if (added.length > 0) setOrderIds((current) => newestFirst([...current, ...added], orders));
    const fresh = highlight ? added.filter((id) => orders[id]?.placedBy.role === 'website') : [];
    if (fresh.length > 0) setNewIds((current) => new Set([...current, ...fresh]));
    setItems(projection.items());
    setWebsiteOpen(projection.websiteOpen);
    setConflicts(projection.conflicts());
  });
  apply(projection.orders().map((o) => o.orderId), false);

  return {
    orders, orderIds, items, websiteOpen, conflicts, apply,
    isNew: (id) => newIds().has(id),
    markSeen: (id) => setNewIds((current) => { const next = new Set(current); next.delete(id); return next; }),
    search: (query, limit) => index.search(query, limit),
  };
}

function newestFirst(ids: string[], orders: Record<string, OrderView>): string[] {
  const at = (id: string) => orders[id]?.placedAt ?? '';
  return ids.sort((a, b) => (at(a) < at(b) ? 1 : at(a) > at(b) ? -1 : 0));
}
