// An order's history, and the entries that set its lines: both read back from the entries an
// order keeps, on request (a screen, a staff read, the oversold report), never kept per event.
import type { EventOf } from './events';
import type { HistoryEntry } from './types';
import { sentence, undidPayment, whatItDid } from './describe';
import { initialOrderState, refoldOrder, type Entry, type OrderState } from './order';

/**
 * An order's history: a line for each of `entries` (the order's, in fold order) that went
 * into its view, as a fold of them finds it. Built on read rather than kept per event: a
 * line with its text cost the projection ≈200 B per event and a share of every fold.
 */
export function orderHistory(orderId: string, entries: readonly Entry[]): HistoryEntry[] {
  const state = initialOrderState(orderId);
  state.history = [];
  const payments = new Map<string, EventOf<'PaymentRecorded'>['data']>();
  for (const { event } of entries) if (event.type === 'PaymentRecorded') payments.set(event.data.paymentId, event.data);
  return refoldOrder(state, entries).history!.map((entry) => historyLine(entry, payments));
}

/**
 * The entries that set an order's lines, in fold order: its placement, then every lines change
 * after it whose id no earlier entry carried (evolveOrder applies an id once, and a lines change
 * to a placed order always sets its lines). The lines entries a re-fold would apply, read from
 * `entries` (the order's, in fold order) without its cost: the oversold report asks for them.
 */
export function linesEntries(state: OrderState, entries: readonly Entry[]): Entry[] {
  const lines: Entry[] = [];
  const ids = new Set<string>();
  let placed = false;
  for (const entry of entries) {
    const { id, type } = entry.event;
    if (entry === state.placed) placed = true;
    const setsLines = entry === state.placed || (placed && type === 'OrderLinesChanged' && !ids.has(id));
    if (setsLines) lines.push(entry);
    ids.add(id);
  }
  return lines;
}

/** `payments`: the order's payments by id, to say which one an undo took back. */
function historyLine(entry: Entry, payments: ReadonlyMap<string, { amountCents: number; method: string }>): HistoryEntry {
  const { event } = entry;
  const undone = event.type === 'PaymentVoided' ? payments.get(event.data.paymentId) : undefined;
  const what = undone ? undidPayment(undone) : whatItDid(event);
  return { eventId: event.id, type: event.type, at: event.at, actor: event.actor, log: entry.log, description: sentence(event, what), what };
}
