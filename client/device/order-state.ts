// The orders, catalog and conflicts as Solid state, from a read-model snapshot (read-model.ts)
// until the projection is attached, then from the projection. Orders are NOT in a Solid store:
// a store walks and copies every order on a cold open (0.3–0.7 s at 28k orders, bench row 1).
// Each order is an immutable copy in a plain Map, with a version signal created only for
// the orders a component reads, so a new website order re-renders one row; the search index
// is built on the first search.
import { batch, createSignal } from 'solid-js';
import type { Accessor, Setter } from 'solid-js';
import type { CatalogItem, Conflict, OrderView, Projection } from '../../domain';
import { conflictsOf, listedAt, newestFirst } from './read-model';
import type { ListedOrder, ReadModel } from './read-model';
import { SearchIndex } from './search-index';

export interface OrderState {
  /** Full views of the projection's orders; empty while showing a snapshot. */
  readonly orders: Readonly<Record<string, OrderView>>;
  /** What the clerk's list shows of an order, from the snapshot or the projection. */
  readonly listed: (orderId: string) => ListedOrder | undefined;
  /** Newest first. */
  readonly orderIds: Accessor<string[]>;
  readonly checkedInCount: Accessor<number>;
  readonly items: Accessor<CatalogItem[]>;
  readonly websiteOpen: Accessor<boolean>;
  readonly conflicts: Accessor<Conflict[]>;
  readonly conflictCount: Accessor<number>;
  readonly isNew: (orderId: string) => boolean;
  readonly markSeen: (orderId: string) => void;
  readonly search: (query: string, limit?: number) => string[];
}

export interface OrderStateControl extends OrderState {
  /** Replaces the snapshot with the projection's state (or sets it first). */
  readonly attach: (projection: Projection) => void;
  /** Copies the named orders (and the shared parts) from the projection; `highlight` marks new website orders. */
  readonly apply: (orderIds: readonly string[], highlight: boolean) => void;
}

export function createOrderState(source: Projection | ReadModel): OrderStateControl {
  const views = new Map<string, OrderView>();
  const versions = new Map<string, [Accessor<number>, Setter<number>]>();
  let projection: Projection | undefined;
  let snapshot: { model: ReadModel; at: Map<string, number>; cache: Map<string, ListedOrder | undefined>; conflicts?: Conflict[] } | undefined;
  let index: SearchIndex | undefined;
  const [orderIds, setOrderIds] = createSignal<string[]>([]);
  const [checkedInCount, setCheckedInCount] = createSignal(0);
  const [items, setItems] = createSignal<CatalogItem[]>([]);
  const [websiteOpen, setWebsiteOpen] = createSignal(false);
  const [ownConflicts, setConflicts] = createSignal<Conflict[]>();
  // A snapshot's conflicts are parsed when first read (a card, the list of conflicts); a
  // damaged text shows none until the doc is loaded.
  const conflicts = (): Conflict[] => ownConflicts() ?? (snapshot ? (snapshot.conflicts ??= conflictsOf(snapshot.model) ?? []) : []);
  const conflictCount = () => ownConflicts()?.length ?? snapshot?.model.conflictCount ?? 0;
  const [newIds, setNewIds] = createSignal<ReadonlySet<string>>(new Set());

  function track(id: string): void {
    let version = versions.get(id);
    if (!version) versions.set(id, (version = createSignal(0)));
    version[0]();
  }
  const bump = (id: string) => versions.get(id)?.[1]((v) => v + 1);

  function listed(id: string): ListedOrder | undefined {
    track(id);
    if (!snapshot) return views.get(id);
    const { model, at, cache } = snapshot;
    if (at.size === 0) model.ids.forEach((orderId, i) => at.set(orderId, i));
    if (!cache.has(id)) cache.set(id, at.has(id) ? listedAt(model, at.get(id)!) : undefined);
    return cache.get(id);
  }

  function showSnapshot(model: ReadModel): void {
    snapshot = { model, at: new Map(), cache: new Map() };
    setOrderIds(model.ids);
    setCheckedInCount(model.checkedIn.filter(Boolean).length);
    setItems(model.items);
    setWebsiteOpen(model.websiteOpen);
    setConflicts(undefined);
  }

  function setShared(from: Projection): void {
    setItems(from.items());
    setWebsiteOpen(from.websiteOpen);
    setConflicts(from.conflicts());
  }

  const attach = (next: Projection) => batch(() => {
    projection = next;
    snapshot = undefined;
    index = undefined;
    views.clear();
    let checked = 0;
    for (const view of next.orders()) {
      views.set(view.orderId, copyOf(view));
      if (view.checkedIn) checked++;
    }
    setOrderIds(newestFirst([...views.values()]).map((o) => o.orderId));
    setCheckedInCount(checked);
    setShared(next);
    for (const id of versions.keys()) bump(id);
  });

  const apply = (ids: readonly string[], highlight: boolean) => batch(() => {
    if (!projection) return;
    const added: string[] = [];
    let checkedDelta = 0;
    for (const id of ids) {
      const view = projection.order(id);
      if (!view) continue;
      const before = views.get(id);
      if (!before) added.push(id);
      checkedDelta += Number(view.checkedIn) - Number(before?.checkedIn ?? false);
      views.set(id, copyOf(view));
      index?.update(view);
      bump(id);
    }
    if (added.length > 0) setOrderIds((current) => newestFirst([...current, ...added].map((id) => views.get(id)!)).map((o) => o.orderId));
    if (checkedDelta !== 0) setCheckedInCount((n) => n + checkedDelta);
    const fresh = highlight ? added.filter((id) => views.get(id)?.placedBy.role === 'website') : [];
    if (fresh.length > 0) setNewIds((current) => new Set([...current, ...fresh]));
    setShared(projection);
  });

  function searchIndex(): SearchIndex {
    if (index) return index;
    index = new SearchIndex();
    if (snapshot) snapshot.model.ids.forEach((orderId, i) => index!.update({ orderId, orderNumber: snapshot!.model.numbers[i]!, customer: { name: snapshot!.model.names[i]! } }));
    else for (const id of orderIds()) index.update(views.get(id)!);
    return index;
  }

  const orders = new Proxy({} as Record<string, OrderView>, {
    get: (_target, id) => (typeof id === 'string' ? (track(id), views.get(id)) : undefined),
    has: (_target, id) => typeof id === 'string' && views.has(id),
  });

  if (source instanceof Object && 'cards' in source) showSnapshot(source);
  else attach(source);

  return {
    orders, listed, orderIds, checkedInCount, items, websiteOpen, conflicts, conflictCount, attach, apply,
    isNew: (id) => newIds().has(id),
    markSeen: (id) => setNewIds((current) => { const next = new Set(current); next.delete(id); return next; }),
    search: (query, limit) => {
      const ids = orderIds(); // a search result follows the orders: new ones, and the snapshot's replacement
      return query.trim() ? searchIndex().search(query, limit, ids) : [];
    },
  };
}

/** Immutable per version: the projection updates its views in place. */
function copyOf(view: OrderView): OrderView {
  return { ...view, payments: [...view.payments], history: [...view.history] };
}
