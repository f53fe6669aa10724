// What the public website reads of a fundraiser: its catalog, and one customer's order. A room
// serves these from its live projection; a fundraiser whose room is not loaded serves them from
// the read model the room stored when it was last unloaded (doc-store.ts, ['readmodel', fid]),
// so a catalog page does not decode the Y.Doc and fold the whole log (bench row 1: a 100k-event
// fundraiser's open takes 4× a JSON.parse of its events; this record takes a fraction of one).
// Per order one JSON text, parsed (with zod: it comes from storage) only when that order is read.
import { z } from 'zod';
import { Customer, PricedLine } from '../domain';
import type { OrderView, Projection } from '../domain';

/** Bump when the domain's fold or this format changes: an older stored model is then not used. */
export const WEBSITE_READ_MODEL_VERSION = 2;

export interface CatalogView {
  websiteOpen: boolean;
  items: { itemId: string; name: string; priceCents: number; available: number | null }[];
}

/**
 * The order as its customer sees it: nothing about devices, staff or other orders. Only that
 * their cancellation did not stand (`cancellationOverruled`): a device that had not seen it
 * took a payment, checked the order in or changed it, and the contract lets that win. The
 * customer would otherwise see a cancelled order come back with no word why.
 */
export type CustomerOrder = Pick<OrderView, 'orderId' | 'orderNumber' | 'status' | 'lines' | 'totalCents' | 'paidCents' | 'customer' | 'placedAt'> & { cancellationOverruled?: true };

export interface WebsiteView {
  catalog(): CatalogView;
  order(orderId: string): CustomerOrder | undefined;
}

export function customerView(order: OrderView, projection: Pick<Projection, 'orderConflicts'>): CustomerOrder {
  const { orderId, orderNumber, status, lines, totalCents, paidCents, customer, placedAt } = order;
  // `overruled` pairs a website event with a device event that had not seen it; the website
  // writes only placements and cancellations, and a device cannot act on a placement unseen.
  const overruled = status !== 'cancelled' && projection.orderConflicts(orderId).some((c) => c.kind === 'overruled');
  return { orderId, orderNumber, status, lines, totalCents, paidCents, customer, placedAt, ...(overruled ? { cancellationOverruled: true as const } : {}) };
}

export function catalogView(projection: Projection): CatalogView {
  const items = projection.items().map(({ itemId, name, priceCents, available }) => ({ itemId, name, priceCents, available }));
  return { websiteOpen: projection.websiteOpen, items };
}

/** The website's view of a loaded room: read from the projection when asked. */
export function liveWebsiteView(projection: Projection): WebsiteView {
  return {
    catalog: () => catalogView(projection),
    order: (orderId) => {
      const order = projection.order(orderId);
      return order && customerView(order, projection);
    },
  };
}

const CatalogSchema = z.object({
  websiteOpen: z.boolean(),
  items: z.array(z.object({ itemId: z.string(), name: z.string(), priceCents: z.number().int(), available: z.number().int().nullable() }).strict()),
}).strict();

const StoredSchema = z.object({
  version: z.literal(WEBSITE_READ_MODEL_VERSION),
  catalog: CatalogSchema,
  ids: z.array(z.string()),
  orders: z.array(z.string()),
}).refine((m) => m.ids.length === m.orders.length, 'ids and orders differ in length');

const CustomerOrderSchema = z.object({
  orderId: z.string(), orderNumber: z.string(), status: z.enum(['placed', 'paid', 'checked_in', 'cancelled']),
  lines: z.array(PricedLine), totalCents: z.number().int(), paidCents: z.number().int(), customer: Customer, placedAt: z.string(),
  cancellationOverruled: z.literal(true).optional(),
}).strict();

export function encodeWebsiteReadModel(projection: Projection): Uint8Array {
  const orders = projection.orders();
  const stored: z.input<typeof StoredSchema> = {
    version: WEBSITE_READ_MODEL_VERSION,
    catalog: catalogView(projection),
    ids: orders.map((o) => o.orderId),
    orders: orders.map((o) => JSON.stringify(customerView(o, projection))),
  };
  return new TextEncoder().encode(JSON.stringify(stored));
}

export class BadReadModelError extends Error {
  constructor(why: string) {
    super(`stored website read model is not usable: ${why}`);
    this.name = 'BadReadModelError';
  }
}

/** Throws BadReadModelError where the bytes are not a model of this version. */
export function decodeWebsiteReadModel(bytes: Uint8Array): StoredWebsiteView {
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (err) {
    throw new BadReadModelError((err as Error).message);
  }
  const model = StoredSchema.safeParse(parsed);
  if (!model.success) throw new BadReadModelError(model.error.issues[0]?.message ?? 'wrong shape');
  return new StoredWebsiteView(model.data.catalog, model.data.ids, model.data.orders);
}

export class StoredWebsiteView implements WebsiteView {
  private readonly index = new Map<string, number>();

  constructor(private readonly catalogData: CatalogView, ids: readonly string[], private readonly texts: readonly string[]) {
    ids.forEach((id, i) => this.index.set(id, i));
  }

  catalog(): CatalogView {
    return { websiteOpen: this.catalogData.websiteOpen, items: this.catalogData.items.map((item) => ({ ...item })) };
  }

  /** Undefined for an order the model does not name; throws BadReadModelError where its text is damaged. */
  order(orderId: string): CustomerOrder | undefined {
    const i = this.index.get(orderId);
    return i === undefined ? undefined : parseOrder(this.texts[i]!, orderId);
  }
}

function parseOrder(text: string, orderId: string): CustomerOrder {
  let order;
  try {
    order = CustomerOrderSchema.safeParse(JSON.parse(text));
  } catch (err) {
    throw new BadReadModelError(`order ${orderId}: ${(err as Error).message}`);
  }
  if (!order.success || order.data.orderId !== orderId) throw new BadReadModelError(`order ${orderId} has the wrong shape`);
  return order.data as CustomerOrder;
}
