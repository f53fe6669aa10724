// The catalog and the website switch, folded from the manager's events in fold order.
// Units sold are not kept here: they are a sum over orders, maintained by the projection.
import type { CatalogEvent, EventOf } from './events';
import type { Conflict, Logged, Rejected } from './types';
import { sentenceOfCatalog } from './describe';

export interface ItemState {
  itemId: string;
  name: string;
  priceCents: number;
  stock: number | null;
  definedBy: string;
}

export interface CatalogState {
  items: Map<string, ItemState>;
  websiteOpen: boolean;
  eventIds: Set<string>;
  conflicts: Conflict[];
  rejected: Rejected[];
}

export function initialCatalog(): CatalogState {
  return { items: new Map(), websiteOpen: false, eventIds: new Set(), conflicts: [], rejected: [] };
}

/** evolve(state, event) for the catalog; the accumulator is updated in place, as for orders. */
export function evolveCatalog(state: CatalogState, entry: Logged<CatalogEvent>): CatalogState {
  const { event } = entry;
  if (state.eventIds.has(event.id)) {
    state.rejected.push({ log: entry.log, eventId: event.id, reason: `event ${event.id} is already applied` });
    return state;
  }
  state.eventIds.add(event.id);
  if (event.type === 'WebsiteOrderingSet') state.websiteOpen = event.data.open;
  else if (event.type === 'ItemDefined') define(state, event);
  else change(state, event);
  return state;
}

function define(state: CatalogState, event: EventOf<'ItemDefined'>): void {
  const { itemId, name, priceCents, stock } = event.data;
  const existing = state.items.get(itemId);
  if (existing) {
    state.conflicts.push({
      kind: 'concurrent_edit', itemId, eventIds: [existing.definedBy, event.id],
      message: `Item ${itemId} was defined twice: first as "${existing.name}", then ${sentenceOfCatalog(event)}. ` +
        'The later definition stands.',
    });
  }
  state.items.set(itemId, { itemId, name, priceCents, stock, definedBy: event.id });
}

function change(state: CatalogState, event: EventOf<'ItemChanged'>): void {
  const item = state.items.get(event.data.itemId);
  if (!item) {
    state.conflicts.push({
      kind: 'orphan', itemId: event.data.itemId, eventIds: [event.id],
      message: `${sentenceOfCatalog(event)}, but no item ${event.data.itemId} exists. Nothing was changed.`,
    });
    return;
  }
  const { name, priceCents, stock } = event.data;
  if (name !== undefined) item.name = name;
  if (priceCents !== undefined) item.priceCents = priceCents;
  if (stock !== undefined) item.stock = stock;
}
