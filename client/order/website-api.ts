// The public website's calls (contract: HTTP API). Customers never sync: no Yjs here.
import { z } from 'zod';
import { postJson, requestJson } from '../shared/api';
import type { OrderRequest } from './order-request';
import { EXPECTED_PRICES_HEADER, expectedPricesValue } from '../../sync-server/shared/expected-prices';

const Status = z.enum(['placed', 'paid', 'checked_in', 'cancelled']);

export const Catalog = z.object({
  id: z.string(),
  name: z.string(),
  websiteOpen: z.boolean(),
  /** An extension (docs/EXTENSIONS.md): the club archived it, the fundraiser is over. */
  archived: z.literal(true).optional(),
  items: z.array(z.object({ itemId: z.string(), name: z.string(), priceCents: z.number().int(), available: z.number().int().nullable() })),
});
export type Catalog = z.infer<typeof Catalog>;
export type CatalogEntry = Catalog['items'][number];

const Placed = z.object({ orderId: z.string(), orderNumber: z.string(), totalCents: z.number().int(), receipt: z.string() });
export type Placed = z.infer<typeof Placed>;

export const CustomerOrder = z.object({
  orderId: z.string(),
  orderNumber: z.string(),
  status: Status,
  lines: z.array(z.object({ itemId: z.string(), quantity: z.number().int(), unitPriceCents: z.number().int() })),
  totalCents: z.number().int(),
  paidCents: z.number().int(),
  customer: z.object({ name: z.string() }).loose().optional(),
  placedAt: z.string().optional(),
  /** The customer's cancellation did not stand: a device that had not seen it acted on the order. */
  cancellationOverruled: z.literal(true).optional(),
});
export type CustomerOrder = z.infer<typeof CustomerOrder>;

const base = (fid: string) => `/api/fundraisers/${encodeURIComponent(fid)}`;

export function fetchCatalog(fid: string): Promise<Catalog> {
  return requestJson(Catalog, base(fid));
}

/** `shownPrices`: each ordered item's unit price as the page showed it; the server refuses the
 *  order (409 price_changed) if it would price it otherwise. */
export function placeOrder(fid: string, request: OrderRequest, idempotencyKey: string, shownPrices: Record<string, number>): Promise<Placed> {
  return requestJson(Placed, `${base(fid)}/orders`, postJson({ ...request, idempotencyKey }, { [EXPECTED_PRICES_HEADER]: expectedPricesValue(shownPrices) }));
}

export function fetchOrder(fid: string, orderId: string, receipt: string): Promise<CustomerOrder> {
  return requestJson(CustomerOrder, `${base(fid)}/orders/${encodeURIComponent(orderId)}?receipt=${encodeURIComponent(receipt)}`);
}

export function cancelOrder(fid: string, orderId: string, receipt: string): Promise<CustomerOrder> {
  const url = `${base(fid)}/orders/${encodeURIComponent(orderId)}/cancel?receipt=${encodeURIComponent(receipt)}`;
  return requestJson(CustomerOrder, url, postJson({}));
}

export function receiptPath(fid: string, orderId: string, receipt: string): string {
  return `/order/${encodeURIComponent(fid)}/receipt/${encodeURIComponent(orderId)}?receipt=${encodeURIComponent(receipt)}`;
}
