// Event logs for the bench, from the seeded generator the tests use, and the Yjs documents
// a server or device would hold for them (many writers, so many items, as in real use).
import * as Y from 'yjs';
import { Projection } from '../../domain';
import { generateLog } from '../../tests/support/generator';

export interface Log { website: unknown[]; replicated: unknown[] }

/** About 2.87 events per order in the generator's mix (orders, amendments, payments, check-ins, catalog). */
const EVENTS_PER_ORDER = 2.87;

/** A realistic log of exactly `events` events: generated a little longer, then the device log's tail cut. */
export function logOf(events: number, seed = 1): Log {
  const log = generateLog({ seed, orders: Math.max(1, Math.round((events * 1.15) / EVENTS_PER_ORDER)), devices: 6 });
  const over = count(log) - events;
  if (over < 0 || over > log.replicated.length) throw new Error(`generated ${count(log)} events, cannot cut to ${events}`);
  log.replicated.length -= over;
  return log;
}

/** A realistic log whose fold holds at least `orders` orders (customers who gave up place none). */
export function logWithOrders(orders: number, seed = 1): Log {
  let attempts = orders;
  for (;;) {
    const log = generateLog({ seed, orders: attempts, devices: 6 });
    const placed = Projection.fold(log.website, log.replicated).orders().length;
    if (placed >= orders) return log;
    attempts = Math.ceil(attempts * (orders / placed) * 1.02);
  }
}

export function count(log: Log): number {
  return log.website.length + log.replicated.length;
}

export const SERVER_CLIENT = 1;

/** A client id per device, stable across runs (Yjs ids are uint32). */
export function clientOf(deviceId: string): number {
  let h = 2166136261;
  for (let i = 0; i < deviceId.length; i++) h = Math.imul(h ^ deviceId.charCodeAt(i), 16777619);
  return (h >>> 0) || 2;
}

function deviceIdOf(value: unknown): string | undefined {
  const actor = (value as { actor?: { deviceId?: unknown } } | null)?.actor;
  return typeof actor?.deviceId === 'string' ? actor.deviceId : undefined;
}

/** The doc as the server holds it: website events by the server, device events in each device's runs. */
export function docOf(log: Log): Y.Doc {
  const doc = new Y.Doc();
  const website = doc.getArray<unknown>('website');
  const replicated = doc.getArray<unknown>('replicated');
  doc.clientID = SERVER_CLIENT;
  for (let i = 0; i < log.website.length; i += 100) doc.transact(() => website.push(log.website.slice(i, i + 100)));
  let run: unknown[] = [];
  let writer = 'none';
  const flush = () => {
    if (run.length === 0) return;
    doc.clientID = clientOf(writer);
    doc.transact(() => replicated.push(run));
    run = [];
  };
  for (const value of log.replicated) {
    const device = deviceIdOf(value) ?? writer;
    if (device !== writer || run.length >= 100) flush();
    writer = device;
    run.push(value);
  }
  flush();
  return doc;
}

/** The same events as the JSON text a plain store would hold. */
export function jsonOf(log: Log): string {
  return JSON.stringify([...log.website, ...log.replicated]);
}

/** The baseline fold: parse, then group by orderId with a plain reduce. */
export function parseAndReduce(json: string): Map<string, unknown[]> {
  const events = JSON.parse(json) as { data?: { orderId?: string } }[];
  return events.reduce((byOrder, event) => {
    const orderId = event?.data?.orderId ?? '';
    const list = byOrder.get(orderId);
    if (list) list.push(event);
    else byOrder.set(orderId, [event]);
    return byOrder;
  }, new Map<string, unknown[]>());
}
