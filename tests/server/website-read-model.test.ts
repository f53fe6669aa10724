// The website's stored read model answers exactly what the live projection answers, and a
// damaged one is refused (never served as something else).
import { describe, expect, it } from 'vitest';
import { Projection } from '../../domain';
import {
  BadReadModelError, decodeWebsiteReadModel, encodeWebsiteReadModel, liveWebsiteView,
} from '../../sync-server/website-read-model';
import { generateLog } from '../support/generator';

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const bytes = (value: unknown) => new TextEncoder().encode(typeof value === 'string' ? value : JSON.stringify(value));

function projectionFor(seed: number): Projection {
  const log = generateLog({ seed, orders: 60, devices: 3 });
  return Projection.fold(log.website, log.replicated);
}

describe('the website read model', () => {
  it.each([1, 2, 3, 4, 5])('answers the catalog and every order as the live projection does (log seed %i)', (seed) => {
    const projection = projectionFor(seed);
    const live = liveWebsiteView(projection);
    const stored = decodeWebsiteReadModel(encodeWebsiteReadModel(projection));
    expect(projection.orders().length).toBeGreaterThan(20);
    expect(stored.catalog()).toEqual(live.catalog());
    for (const order of projection.orders()) expect(stored.order(order.orderId)).toEqual(live.order(order.orderId));
    expect(stored.order('no-such-order')).toBeUndefined();
  });

  it('keeps only what a customer may see of an order', () => {
    const projection = projectionFor(6);
    const stored = text(encodeWebsiteReadModel(projection));
    const someone = projection.orders().find((o) => projection.history(o.orderId).length > 1)!;
    expect(stored).not.toContain(someone.placedBy.deviceId);
    expect(Object.keys(decodeWebsiteReadModel(bytes(stored)).order(someone.orderId)!).sort())
      .toEqual(['customer', 'lines', 'orderId', 'orderNumber', 'paidCents', 'placedAt', 'status', 'totalCents']);
  });

  it('refuses bytes that are not a model of this version', () => {
    const good = JSON.parse(text(encodeWebsiteReadModel(projectionFor(7))));
    const bad = [
      new Uint8Array([0xff, 0xfe]), bytes('{"version":'), bytes({ ...good, version: 0 }), bytes({ ...good, ids: good.ids.slice(1) }),
      bytes({ ...good, catalog: { websiteOpen: 'yes', items: [] } }),
    ];
    for (const b of bad) expect(() => decodeWebsiteReadModel(b)).toThrow(BadReadModelError);
  });

  it('refuses an order whose text is damaged, or names another order, rather than answering with it', () => {
    const good = JSON.parse(text(encodeWebsiteReadModel(projectionFor(8))));
    const [first, second] = good.ids as string[];
    const orders = [...good.orders];
    orders[0] = '{"orderId":';
    orders[1] = good.orders[2];
    const stored = decodeWebsiteReadModel(bytes({ ...good, orders }));
    expect(() => stored.order(first!)).toThrow(BadReadModelError);
    expect(() => stored.order(second!)).toThrow(BadReadModelError);
    expect(stored.order(good.ids[2])?.orderId).toBe(good.ids[2]);
  });
});
