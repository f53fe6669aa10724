// Order numbers that are unique without asking anyone: the device's prefix and the next
// counter after the highest one the document already holds for that prefix ("C7K-12").
// The counter is derived from the document, so a reinstalled app carries on where it was; and
// from a high-water mark in localStorage, which every tab of this device shares at once (two
// open tabs do not see each other's unsynced orders in their documents).
import { z } from 'zod';
import type { OrderView } from '../../domain';
import { STORAGE_PREFIX, readStored, writeStored } from './stored';

const markKey = (fid: string, prefix: string) => `${STORAGE_PREFIX}:order-counter:${fid}:${prefix}`;

/** The number the next booking on this device gets; recorded once the booking is accepted. */
export function nextDeviceOrderNumber(fid: string, prefix: string, orders: Iterable<Pick<OrderView, 'orderNumber'>>): string {
  const fromTabs = readStored(markKey(fid, prefix), z.number().int().min(0)) ?? 0;
  return `${prefix}-${Math.max(highestCounter(prefix, orders), fromTabs) + 1}`;
}

/** Called after a booking was written, so the other tabs of this device count on from it. */
export function recordOrderNumber(fid: string, orderNumber: string): void {
  const match = /^(.+)-(\d+)$/.exec(orderNumber);
  if (!match) return;
  const key = markKey(fid, match[1]!);
  const used = Number(match[2]);
  if (used > (readStored(key, z.number().int().min(0)) ?? 0)) writeStored(key, used);
}

export function nextOrderNumber(prefix: string, orders: Iterable<Pick<OrderView, 'orderNumber'>>): string {
  return `${prefix}-${highestCounter(prefix, orders) + 1}`;
}

function highestCounter(prefix: string, orders: Iterable<Pick<OrderView, 'orderNumber'>>): number {
  let highest = 0;
  const start = `${prefix}-`;
  for (const { orderNumber } of orders) {
    if (!orderNumber.startsWith(start)) continue;
    const counter = Number(orderNumber.slice(start.length));
    if (Number.isSafeInteger(counter) && counter > highest) highest = counter;
  }
  return highest;
}

/**
 * True when another device already numbers orders with this prefix (a 1 in 576 chance per
 * pair of devices): the caller then picks a new code before it numbers anything.
 */
export function prefixUsedByOthers(prefix: string, deviceId: string, orders: Iterable<Pick<OrderView, 'orderNumber' | 'placedBy'>>): boolean {
  const start = `${prefix}-`;
  for (const order of orders) {
    if (order.orderNumber.startsWith(start) && order.placedBy.deviceId !== deviceId) return true;
  }
  return false;
}
