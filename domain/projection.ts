// The fundraiser's projection: both logs folded into catalog, orders and conflicts.
// Incremental: new elements cost about what they cost to fold, except where they land
// before already-folded events of the same order (a website event arriving after device
// events) — then that one order is re-folded, so the result always equals a full fold.
import { isOrderEvent, MAX_SEEN, UNKNOWN_TYPE } from './events';
import type { CatalogEvent, HandledEvent, LogName, OrderEvent } from './events';
import { HandledConflicts, isMark } from './handled-conflicts';
import { cellOf, insertSorted, type Cell } from './log-cells';
import { evolveCatalog, initialCatalog } from './catalog';
import { evolveOrder, initialOrderState, refoldOrder, settleOrder } from './order';
import { orderHistory } from './order-history';
import type { OrderState } from './order';
import { duplicateNumberConflicts } from './numbers';
import { oversoldConflicts } from './oversold';
import { SoldCounts } from './sold';
import { isNamed, withNamed } from './named-ids';
import { SharedValues, shareOrderId } from './shared-values';
import type { NamedIds } from './named-ids';
import { foldOrder } from './types';
import type { CatalogItem, Conflict, HistoryEntry, Logged, OrderView, Rejected } from './types';
import type { PricedLine } from './schema';

export interface OrderSlot {
  orderId: string;
  entries: Logged<OrderEvent>[];
  state: OrderState;
  conflicts: Conflict[];
  /** Ids named in `after`/`seen` by this order's events: if one of them arrives, the order is re-folded. */
  referenced?: NamedIds;
  /** The lines counted in the sold counts: the view's own (immutable) array, none if cancelled. */
  counted?: readonly PricedLine[];
  /** The order number this slot is counted under in `byNumber`. */
  number?: string;
  /** Whether the slot is in `withConflicts` (its conflicts were not empty when last settled). */
  inConflicts: boolean;
}

export interface Changes { orderIds: string[]; catalog: boolean }

const CHUNK = 10_000; // spread arguments of splice/push stay far below the engine's limit

export class Projection {
  private readonly logs: Record<LogName, Cell[]> = { website: [], replicated: [] };
  private readonly slots = new Map<string, OrderSlot>();
  private catalogEntries: Logged<CatalogEvent>[] = [];
  private catalog = initialCatalog();
  private readonly schemaRejected: Rejected[] = [];
  private readonly sold = new SoldCounts();
  private readonly withConflicts = new Set<OrderSlot>();
  /** Slots by order number: nearly always one each, so a small array rather than a Set. */
  private readonly byNumber = new Map<string, OrderSlot[]>();
  private readonly shared = new SharedValues();
  private readonly handled = new HandledConflicts();
  private cachedConflicts?: Conflict[];
  /** Increases with every change, so views can tell whether to recompute. */
  version = 0;

  static fold(website: readonly unknown[], replicated: readonly unknown[]): Projection {
    const projection = new Projection();
    projection.append('website', website);
    projection.append('replicated', replicated);
    return projection;
  }

  append(log: LogName, values: readonly unknown[]): Changes {
    return this.insert(log, this.logs[log].length, values);
  }

  /** Elements were inserted at `index` of a log (Yjs may place concurrent appends before others). */
  insert(log: LogName, index: number, values: readonly unknown[]): Changes {
    const cells = this.logs[log];
    if (!Number.isInteger(index) || index < 0 || index > cells.length) {
      throw new RangeError(`insert at ${index} outside the ${log} log of ${cells.length}`);
    }
    const fresh = values.map((value, i) => this.cellOf(log, index + i, value));
    if (index === cells.length && fresh.length === 1) cells.push(fresh[0]!); // one append: no splice
    else this.splice(cells, index, fresh);
    const changes = fresh.length === 1 ? this.routeOne(fresh[0]!) : this.route(fresh);
    if (fresh.length > 0) this.touch();
    return changes;
  }

  private cellOf(log: LogName, pos: number, value: unknown): Cell {
    const cell = cellOf(log, pos, value);
    if (cell.event) this.shared.share(cell.event);
    return cell;
  }

  private splice(cells: Cell[], index: number, fresh: Cell[]): void {
    for (let k = index; k < cells.length; k++) cells[k]!.pos += fresh.length;
    for (let k = 0; k < fresh.length; k += CHUNK) cells.splice(index + k, 0, ...fresh.slice(k, k + CHUNK));
  }

  /** route() for a single element, the one-event transaction: no sets of slots to gather. */
  private routeOne(cell: Cell): Changes {
    if (cell.rejected) {
      this.schemaRejected.push(cell.rejected);
      return { orderIds: [], catalog: false };
    }
    if (isOrderEvent(cell.event!)) {
      const slot = this.slotOf(cell.event);
      if (!this.foldOrderEvent(slot, cell as Logged<OrderEvent>, false)) this.refold(slot);
      this.settle(slot);
      return { orderIds: [slot.orderId], catalog: false };
    }
    if (isMark(cell.event!)) {
      this.handled.add(cell as Logged<HandledEvent>);
      return { orderIds: [], catalog: false };
    }
    if (this.routeCatalogEvent(cell as Logged<CatalogEvent>, false)) this.refoldCatalog();
    return { orderIds: [], catalog: true };
  }

  private route(fresh: Cell[]): Changes {
    const touched = new Set<OrderSlot>();
    const dirty = new Set<OrderSlot>();
    let catalogDirty = false;
    let catalogTouched = false;
    for (const cell of fresh) {
      if (cell.rejected) this.schemaRejected.push(cell.rejected);
      else if (isOrderEvent(cell.event!)) this.routeOrderEvent(cell as Logged<OrderEvent>, touched, dirty);
      else if (isMark(cell.event!)) this.handled.add(cell as Logged<HandledEvent>);
      else {
        catalogTouched = true;
        catalogDirty = this.routeCatalogEvent(cell as Logged<CatalogEvent>, catalogDirty);
      }
    }
    if (catalogDirty) this.refoldCatalog();
    for (const slot of dirty) this.refold(slot);
    for (const slot of touched) this.settle(slot);
    return { orderIds: [...touched].map((s) => s.orderId), catalog: catalogTouched };
  }

  private routeOrderEvent(entry: Logged<OrderEvent>, touched: Set<OrderSlot>, dirty: Set<OrderSlot>): void {
    const slot = this.slotOf(entry.event);
    touched.add(slot);
    if (!this.foldOrderEvent(slot, entry, dirty.has(slot))) dirty.add(slot);
  }

  /** Folds the entry on if it lands at the order's end; else files it in place for a re-fold (false). */
  private foldOrderEvent(slot: OrderSlot, entry: Logged<OrderEvent>, dirty: boolean): boolean {
    const last = slot.entries[slot.entries.length - 1];
    const atEnd = !last || foldOrder(last, entry) < 0;
    reference(slot, entry.event);
    if (atEnd && !dirty && !isNamed(slot.referenced, entry.event.id)) {
      slot.entries.push(entry);
      evolveOrder(slot.state, entry);
      return true;
    }
    insertSorted(slot.entries, entry);
    return false;
  }

  private routeCatalogEvent(entry: Logged<CatalogEvent>, dirty: boolean): boolean {
    const last = this.catalogEntries[this.catalogEntries.length - 1];
    if (!dirty && (!last || foldOrder(last, entry) < 0)) {
      this.catalogEntries.push(entry);
      evolveCatalog(this.catalog, entry);
      return false;
    }
    insertSorted(this.catalogEntries, entry);
    return true;
  }

  /** The event's order (made on its first event); the event then shares the order's id string (shared-values.ts). */
  private slotOf(event: OrderEvent): OrderSlot {
    const orderId = event.data.orderId;
    let slot = this.slots.get(orderId);
    if (!slot) {
      // Every field from the start: one shape for all slots keeps their reads monomorphic.
      slot = {
        orderId, entries: [], state: initialOrderState(orderId), conflicts: [],
        referenced: undefined, counted: undefined, number: undefined, inConflicts: false,
      };
      this.slots.set(orderId, slot);
    }
    shareOrderId(event, slot.orderId);
    return slot;
  }

  private refold(slot: OrderSlot): void {
    slot.state = refoldOrder(initialOrderState(slot.orderId), slot.entries);
  }

  private refoldCatalog(): void {
    this.catalog = initialCatalog();
    for (const entry of this.catalogEntries) evolveCatalog(this.catalog, entry);
  }

  /** Derives status and the overpaid check, and moves the order's units in the sold counts. */
  private settle(slot: OrderSlot): void {
    slot.conflicts = settleOrder(slot.state);
    // Only a change of membership touches the set (else a lookup in a large set per settle).
    const has = slot.conflicts.length > 0;
    if (has !== slot.inConflicts) {
      if (has) this.withConflicts.add(slot);
      else this.withConflicts.delete(slot);
      slot.inConflicts = has;
    }
    this.sold.move(slot);
    this.countNumber(slot);
    slot.state.causality.forget();
  }

  /** A re-fold can change which placement came first, so the slot is re-counted each time. */
  private countNumber(slot: OrderSlot): void {
    const number = slot.state.view?.orderNumber;
    if (number === slot.number) return;
    if (slot.number !== undefined) this.uncountNumber(slot, slot.number);
    slot.number = number;
    if (number === undefined) return;
    const slots = this.byNumber.get(number);
    if (slots) slots.push(slot);
    else this.byNumber.set(number, [slot]);
  }

  private uncountNumber(slot: OrderSlot, number: string): void {
    const slots = this.byNumber.get(number) ?? [];
    const index = slots.indexOf(slot);
    if (index >= 0) slots.splice(index, 1);
    if (slots.length === 0) this.byNumber.delete(number);
  }

  private touch(): void {
    this.version++;
    this.cachedConflicts = undefined;
  }

  // ---- reading -------------------------------------------------------------------

  get websiteOpen(): boolean {
    return this.catalog.websiteOpen;
  }

  get size(): Record<LogName, number> {
    return { website: this.logs.website.length, replicated: this.logs.replicated.length };
  }

  order(orderId: string): OrderView | undefined {
    return this.slots.get(orderId)?.state.view;
  }

  /** Who did what to an order, in fold order; built on each call (screens and staff reads ask for one). */
  history(orderId: string): HistoryEntry[] {
    const slot = this.slots.get(orderId);
    return slot?.state.view ? orderHistory(orderId, slot.entries) : [];
  }

  /** Payment ids of an order undone as recorded by mistake: they are no longer in its `payments`. */
  voidedPayments(orderId: string): readonly string[] {
    return this.slots.get(orderId)?.state.voided ?? [];
  }

  /** Placed orders, in no particular order. */
  orders(): OrderView[] {
    const views: OrderView[] = [];
    for (const slot of this.slots.values()) if (slot.state.view) views.push(slot.state.view);
    return views;
  }

  item(itemId: string): CatalogItem | undefined {
    const item = this.catalog.items.get(itemId);
    if (!item) return undefined;
    const sold = this.sold.of(itemId);
    const available = item.stock === null ? null : Math.max(0, item.stock - sold);
    return { itemId, name: item.name, priceCents: item.priceCents, stock: item.stock, sold, available };
  }

  items(): CatalogItem[] {
    return [...this.catalog.items.keys()].map((id) => this.item(id)!);
  }

  /** The newest event of an order from any other device: what a writer names in `after`. */
  lastForeignEventId(orderId: string, deviceId: string): string | undefined {
    const entries = this.slots.get(orderId)?.entries ?? [];
    for (let i = entries.length - 1; i >= 0; i--) {
      const { event } = entries[i]!;
      if (event.actor.deviceId !== deviceId) return event.id;
    }
    return entries[entries.length - 1]?.event.id;
  }

  /**
   * Besides `after`, the newest events of an order that a writer on `deviceId` has seen and
   * must name in `seen` so that its event is not judged concurrent with them: the order's
   * frontier from other devices (its own events it has seen by being their writer).
   */
  seenBesides(orderId: string, deviceId: string, after: string | undefined): string[] {
    const slot = this.slots.get(orderId);
    if (!slot) return [];
    const frontier = slot.state.causality.frontier().map((entry) => entry.event);
    return frontier.filter((e) => e.actor.deviceId !== deviceId && e.id !== after).map((e) => e.id).sort().slice(0, MAX_SEEN);
  }

  /** One order's conflicts from its own fold (not `oversold`, which is about items). */
  orderConflicts(orderId: string): readonly Conflict[] {
    return this.slots.get(orderId)?.conflicts ?? [];
  }

  /** Every conflict, those a manager marked handled with the mark (handled-conflicts.ts). */
  conflicts(): Conflict[] {
    this.cachedConflicts ??= this.handled.mark(sortConflicts([
      ...this.catalog.conflicts,
      ...[...this.withConflicts].flatMap((slot) => slot.conflicts),
      ...oversoldConflicts(this.items(), (itemId) => this.sold.ordersOf(itemId)),
      ...duplicateNumberConflicts(this.byNumber),
    ]));
    return this.cachedConflicts;
  }

  /** Events of a type this code does not know (a newer app wrote them): a few at most. */
  unknownTypes(): number {
    return this.schemaRejected.filter((r) => r.reason.startsWith(UNKNOWN_TYPE)).length;
  }

  rejected(): Rejected[] {
    const fromFolds = [...this.slots.values()].flatMap((slot) => slot.state.rejected);
    return [...this.schemaRejected, ...this.catalog.rejected, ...fromFolds, ...this.handled.rejected()];
  }

  /** Every event of every log accounted for: applied, reported in a conflict, or rejected. */
  counts(): { website: number; replicated: number; rejected: number } {
    return { ...this.size, rejected: this.rejected().length };
  }
}

/** Remembers what an order event names, so that its arrival later re-folds the order. */
function reference(slot: OrderSlot, event: OrderEvent): void {
  if (event.after !== undefined) slot.referenced = withNamed(slot.referenced, event.after);
  for (const id of event.seen ?? []) slot.referenced = withNamed(slot.referenced, id);
}

function sortConflicts(conflicts: Conflict[]): Conflict[] {
  const key = (c: Conflict) => `${c.orderId ?? ''}\u0000${c.itemId ?? ''}\u0000${c.kind}\u0000${c.eventIds.join(',')}`;
  return conflicts.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}
