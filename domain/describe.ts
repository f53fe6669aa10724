// Plain words for club volunteers: who did what to which order. Conflict messages are
// built from these so that every message names the people, devices and events involved.
import type { Actor, CatalogEvent, OrderEvent } from './events';

export function formatCents(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

export function who(actor: Actor): string {
  if (actor.role === 'website') return 'the customer on the website';
  // An account named after its role (the demo's "manager") would read "manager manager".
  const name = actor.userId === actor.role ? actor.role : `${actor.role} ${actor.userId}`;
  return `${name} (device ${actor.deviceId})`;
}

export function whatItDid(event: OrderEvent): string {
  switch (event.type) {
    case 'OrderPlaced':
      return 'placed it';
    case 'OrderLinesChanged': // what it became: "changed what it contains" left the reader to guess
      return `changed its lines to ${event.data.lines.map((l) => `${l.quantity} × ${l.itemId}`).join(', ')}`;
    case 'CustomerChanged':
      return "changed the customer's details";
    case 'OrderCancelled':
      return 'cancelled it';
    case 'PaymentRecorded':
      return event.data.amountCents < 0
        ? `gave back ${formatCents(-event.data.amountCents)} (a ${event.data.method} refund)`
        : `took a ${event.data.method} payment of ${formatCents(event.data.amountCents)}`;
    case 'OrderCheckedIn':
      return 'checked it in';
    case 'CheckInUndone':
      return 'undid its check-in';
    case 'PaymentVoided':
      return 'undid a payment recorded by mistake';
  }
}

/** "clerk tom (device door-1) checked it in at 18:00 [event e-42]" */
export function sentence(event: OrderEvent, what = whatItDid(event)): string {
  return `${who(event.actor)} ${what} at ${clock(event.at)} ${eventRef(event.id)}`;
}

/** An undone payment, where the payment it undid is known: "undid the 7.00 cash payment (recorded by mistake)". */
export function undidPayment(payment: { amountCents: number; method: string }): string {
  const what = payment.amountCents < 0 ? `${formatCents(-payment.amountCents)} ${payment.method} refund` : `${formatCents(payment.amountCents)} ${payment.method} payment`;
  return `undid the ${what} (recorded by mistake)`;
}

/** How a sentence names its event: kept for the staff API and audits, left out on a screen. */
function eventRef(id: string): string {
  return `[event ${id}]`;
}

/**
 * A message built from these sentences, as a person reads it: without the bracketed event
 * ids (they stay in a conflict's eventIds). On a phone they were over a third of the text.
 */
export function withoutEventIds(message: string): string {
  return message.replace(/ \[event [^\]]*\]/g, '');
}

/** HH:MM of the writer's own clock, as written: the writer's local reading is what they remember. */
function clock(at: string): string {
  const match = /T(\d\d:\d\d)/.exec(at);
  if (!match?.[1]) return at;
  return at.endsWith('Z') ? `${match[1]} UTC` : match[1];
}

export function sentenceOfCatalog(event: CatalogEvent): string {
  const what =
    event.type === 'ItemDefined'
      ? `defined item "${event.data.name}" at ${formatCents(event.data.priceCents)}`
      : event.type === 'ItemChanged'
        ? `changed item ${event.data.itemId}`
        : `turned website ordering ${event.data.open ? 'on' : 'off'}`;
  return `${who(event.actor)} ${what} ${eventRef(event.id)}`;
}
