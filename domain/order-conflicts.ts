// How an order's fold reports what it could not apply, or what overruled what: plain words
// naming the people and events (describe.ts), kept on the order's state.
import type { Conflict } from './types';
import { sentence } from './describe';
import type { Entry, OrderState } from './order';

export function reportOverride(state: OrderState, earlier: Entry, later: Entry, outcome: string): void {
  const kind = earlier.log === 'website' && later.log === 'replicated' ? 'overruled' : 'concurrent_edit';
  const number = state.view?.orderNumber ?? state.orderId;
  // "then" only where it is so: a device's edit goes on top of the website's events. Two devices'
  // edits are ordered by the log, which their clocks may contradict.
  const link = kind === 'overruled' ? 'then' : 'and';
  const seen = kind === 'overruled' ? 'without having seen that' : 'while neither had seen the other';
  conflict(state, kind, [earlier.event.id, later.event.id],
    `Order ${number}: ${sentence(earlier.event)}; ${link} ${sentence(later.event)}, ${seen}. ${outcome}`);
}

export function conflict(state: OrderState, kind: Conflict['kind'], eventIds: string[], message: string): void {
  state.foldConflicts.push({ kind, orderId: state.orderId, eventIds, message });
}

export function capital(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
