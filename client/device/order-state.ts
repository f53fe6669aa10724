// The orders, catalog and conflicts as Solid state, from a read-model snapshot (read-model.ts)
// until the projection is attached, then from the projection. Orders are NOT in a Solid store:
// a store walks and copies every order on a cold open (0.3–0.7 s at 28k orders, bench row 1).
// Each order is an immutable copy in a plain Map, with a version signal created only for
// the orders a component reads, so a new website order re-renders one row. The search index
// is built from a snapshot's columns in idle slices while the doc loads (else on the first
// search), so the first keystroke does not pay for it. When the loaded doc is exactly what the snapshot covered, the
// projection replaces the snapshot without walking the orders: the list, count and search
// index stay, and an order is copied from the projection when first read.
import { batch, createSignal } from 'solid-js';
import type { Accessor, Setter } from 'solid-js';
import { isOpen } from '../../domain';
import type { CatalogItem, Conflict, HistoryEntry, OrderView, Projection } from '../../domain';
import { conflictsOf, listedAt, newerFirst, newestFirst } from './read-model';
import type { ListedOrder, ReadModel } from './read-model';
import { SearchIndex } from './search-index';
import { indexByOrder } from './conflicts-by-order';
import type { SearchResult } from './search-index';

export interface OrderState {
  /** Full views of the projection's orders; empty while showing a snapshot. */
  readonly orders: Readonly<Record<string, OrderView>>;
  /** What the clerk's list shows of an order, from the snapshot or the projection. */
  readonly listed: (orderId: string) => ListedOrder | undefined;
  /** Who did what to an order, built when read (empty while showing a snapshot). */
  readonly history: (orderId: string) => HistoryEntry[];
  /** Newest first. */
  readonly orderIds: Accessor<string[]>;
  readonly checkedInCount: Accessor<number>;
  readonly items: Accessor<CatalogItem[]>;
  readonly websiteOpen: Accessor<boolean>;
  readonly conflicts: Accessor<Conflict[]>;
  /** The conflicts about one order: its own (`orderId`) and each `oversold` naming it (`orderIds`). */
  readonly conflictsOfOrder: (orderId: string) => Conflict[];
  readonly conflictCount: Accessor<number>;
  /** Every conflict, handled ones too. */
  readonly conflictTotal: Accessor<number>;
  /** Events of a kind this app does not know: a newer version wrote them (reload to update). */
  readonly newerEvents: Accessor<number>;
  readonly isNew: (orderId: string) => boolean;
  /** The website orders marked new and not yet opened. */
  readonly newOrderIds: Accessor<ReadonlySet<string>>;
  readonly markSeen: (orderId: string) => void;
  /** The orders matching a query, ranked (search-index.ts), at most `limit`; and how many matched. */
  readonly search: (query: string, limit?: number) => SearchResult;
}

export interface OrderStateControl extends OrderState {
  /**
   * Replaces the snapshot with the projection's state (or sets it first). `matched`: the
   * projection was folded from exactly what the snapshot covered (read-model-store coversDoc).
   */
  readonly attach: (projection: Projection, matched?: boolean) => void;
  /** Copies the named orders (and the shared parts) from the projection; `highlight` marks new website orders. */
  /** `highlight`: which of the new website orders to mark new (all, none, or those it keeps). */
  readonly apply: (orderIds: readonly string[], highlight: boolean | ((order: OrderView) => boolean)) => void;
}

export function createOrderState(source: Projection | ReadModel): OrderStateControl {
  const views = new Map<string, OrderView>();
  const versions = new Map<string, [Accessor<number>, Setter<number>]>();
  let projection: Projection | undefined;
  let snapshot: { model: ReadModel; at: Map<string, number>; cache: Map<string, ListedOrder | undefined>; conflicts?: Conflict[] } | undefined;
  let index: SearchIndex | undefined;
  let unindexed: { model: ReadModel; next: number } | undefined; // columns not in `index` yet
  // After a matched attach: the snapshot's position and check-in of each order not copied yet.
  let unchanged: { model: ReadModel; at: Map<string, number> } | undefined;
  const [orderIds, setOrderIds] = createSignal<string[]>([]);
  const [checkedInCount, setCheckedInCount] = createSignal(0);
  const [items, setItems] = createSignal<CatalogItem[]>([]);
  const [websiteOpen, setWebsiteOpen] = createSignal(false);
  const [ownConflicts, setConflicts] = createSignal<Conflict[]>();
  const [newerEvents, setNewerEvents] = createSignal(0);
  // A snapshot's conflicts are parsed when first read (a card, the list of conflicts); a
  // damaged text shows none until the doc is loaded.
  const conflicts = (): Conflict[] => ownConflicts() ?? (snapshot ? (snapshot.conflicts ??= conflictsOf(snapshot.model) ?? []) : []);
  /** The conflicts not marked handled: what the apps count. */
  const conflictCount = () => ownConflicts()?.filter(isOpen).length ?? snapshot?.model.openConflicts ?? 0;
  const conflictTotal = () => ownConflicts()?.length ?? snapshot?.model.conflictCount ?? 0;
  const conflictsOfOrder = indexByOrder(conflicts);
  const [newIds, setNewIds] = createSignal<ReadonlySet<string>>(new Set());

  function track(id: string): void {
    let version = versions.get(id);
    if (!version) versions.set(id, (version = createSignal(0)));
    version[0]();
  }
  const bump = (id: string) => versions.get(id)?.[1]((v) => v + 1);

  function listed(id: string): ListedOrder | undefined {
    track(id);
    if (!snapshot) return viewOf(id);
    const { model, cache } = snapshot;
    const at = positions(snapshot);
    if (!cache.has(id)) cache.set(id, at.has(id) ? listedAt(model, at.get(id)!) : undefined);
    return cache.get(id);
  }

  function positions(shown: { model: ReadModel; at: Map<string, number> }): Map<string, number> {
    if (shown.at.size === 0) shown.model.ids.forEach((orderId, i) => shown.at.set(orderId, i));
    return shown.at;
  }

  /** The order's copy; after a matched attach, copied from the projection when first read. */
  function viewOf(id: string): OrderView | undefined {
    const view = views.get(id);
    if (view || !unchanged?.at.has(id)) return view;
    const current = projection?.order(id);
    if (current) views.set(id, copyOf(current));
    return views.get(id);
  }

  /** Whether the order is listed, and checked in, before the projection's latest change. */
  function before(id: string): { checkedIn: boolean } | undefined {
    const view = views.get(id);
    if (view || !unchanged?.at.has(id)) return view;
    return { checkedIn: unchanged.model.checkedIn[unchanged.at.get(id)!]! };
  }

  function showSnapshot(model: ReadModel): void {
    snapshot = { model, at: new Map(), cache: new Map() };
    setOrderIds(model.ids);
    setCheckedInCount(model.checkedIn.filter(Boolean).length);
    setItems(model.items);
    setWebsiteOpen(model.websiteOpen);
    setConflicts(undefined);
    indexWhenIdle();
  }

  function setShared(from: Projection): void {
    setItems(from.items());
    setWebsiteOpen(from.websiteOpen);
    setConflicts(from.conflicts());
    setNewerEvents(from.unknownTypes());
  }

  const attach = (next: Projection, matched = false) => batch(() => {
    const shown = snapshot;
    projection = next;
    snapshot = undefined;
    views.clear();
    if (shown && matched) return attachMatched(shown.model, shown.at);
    index = undefined;
    unindexed = undefined;
    unchanged = undefined;
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

  /** The list, count and search index are the snapshot's already: only what is shared, and the rows shown. */
  function attachMatched(model: ReadModel, at: Map<string, number>): void {
    unchanged = { model, at: positions({ model, at }) };
    setShared(projection!);
    for (const id of versions.keys()) bump(id);
  }

  const apply = (ids: readonly string[], highlight: boolean | ((order: OrderView) => boolean)) => batch(() => {
    if (!projection) return;
    const added: string[] = [];
    let checkedDelta = 0;
    for (const id of ids) {
      const view = projection.order(id);
      if (!view) continue;
      const was = before(id);
      if (!was) added.push(id);
      checkedDelta += Number(view.checkedIn) - Number(was?.checkedIn ?? false);
      views.set(id, copyOf(view));
      index?.update(view);
      bump(id);
    }
    if (added.length > 0) setOrderIds((current) => insertNewestFirst(current, added, (id) => viewOf(id)!));
    if (checkedDelta !== 0) setCheckedInCount((n) => n + checkedDelta);
    const keep = typeof highlight === 'function' ? highlight : () => highlight;
    const fresh = highlight ? added.filter((id) => { const view = views.get(id); return view?.placedBy.role === 'website' && keep(view); }) : [];
    if (fresh.length > 0) setNewIds((current) => new Set([...current, ...fresh]));
    setShared(projection);
  });

  function searchIndex(): SearchIndex {
    if (!index) startIndex();
    indexColumns(Infinity);
    return index!;
  }

  /** A new index: from the columns (a snapshot's, or matched) and the orders copied since; else from the views. */
  function startIndex(): void {
    index = new SearchIndex();
    const columns = snapshot?.model ?? unchanged?.model;
    if (!columns) return void orderIds().forEach((id) => index!.update(views.get(id)!));
    unindexed = { model: columns, next: 0 };
    for (const view of views.values()) index.update(view); // orders added since a matched attach
  }

  /** Indexes up to `count` more orders from the columns; an order copied since is indexed from its copy. */
  function indexColumns(count: number): void {
    if (!unindexed || !index) return;
    const { model, next } = unindexed;
    const end = Math.min(model.ids.length, next + count);
    for (let i = next; i < end; i++) {
      const id = model.ids[i]!;
      index.update(views.get(id) ?? { orderId: id, orderNumber: model.numbers[i]!, customer: { name: model.names[i]!, email: model.emails[i]!, phone: model.phones[i]! } });
    }
    unindexed = end < model.ids.length ? { model, next: end } : undefined;
  }

  function indexWhenIdle(): void {
    if (!index) startIndex();
    const slice = (deadline?: IdleDeadline) => {
      do indexColumns(INDEX_SLICE); while (unindexed && deadline && deadline.timeRemaining() > 3);
      if (unindexed) later(slice);
    };
    later(slice);
  }

  const orders = new Proxy({} as Record<string, OrderView>, {
    get: (_target, id) => (typeof id === 'string' ? (track(id), viewOf(id)) : undefined),
    has: (_target, id) => typeof id === 'string' && (views.has(id) || (unchanged?.at.has(id) ?? false)),
  });

  if (source instanceof Object && 'cards' in source) showSnapshot(source);
  else attach(source);

  return {
    orders, listed, orderIds, checkedInCount, items, websiteOpen, conflicts, conflictsOfOrder, conflictCount, conflictTotal, newerEvents, attach, apply,
    history: (id) => (track(id), projection?.history(id) ?? []),
    isNew: (id) => newIds().has(id),
    newOrderIds: newIds,
    markSeen: (id) => setNewIds((current) => { const next = new Set(current); next.delete(id); return next; }),
    search: (query, limit) => {
      const ids = orderIds(); // a search result follows the orders: new ones, and the snapshot's replacement
      return query.trim() ? searchIndex().search(query, limit, ids) : { ids: [], total: 0 };
    },
  };
}

const INDEX_SLICE = 1_000; // ≈7 ms of normalizing at 7 µs an order

function later(run: (deadline?: IdleDeadline) => void): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(run);
  else setTimeout(run, 0);
}

/**
 * `added` put into the newest-first list `current` by binary search: reads a few orders per
 * addition, where sorting the whole list again would copy every order (a matched attach copies
 * an order only when it is read).
 */
function insertNewestFirst(current: readonly string[], added: readonly string[], viewOf: (id: string) => OrderView): string[] {
  const list = [...current];
  for (const id of added) {
    const order = viewOf(id);
    let low = 0;
    let high = list.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (newerFirst(order, viewOf(list[middle]!)) < 0) high = middle;
      else low = middle + 1;
    }
    list.splice(low, 0, id);
  }
  return list;
}

/** Immutable per version: the projection updates its views in place. */
function copyOf(view: OrderView): OrderView {
  return { ...view, payments: [...view.payments] };
}
