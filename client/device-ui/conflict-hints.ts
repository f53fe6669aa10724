// What a volunteer at the door, as much as the manager, is told to do about a conflict: by its
// kind, and for money by why it arose (a paid order cancelled, made cheaper, or paid twice).
import { refundDue, type Conflict, type OrderView } from '../../domain';
import { formatMoney } from '../shared/money';

/** What to do about each kind, for a volunteer at the door as much as for the manager. */
const KIND_HINTS: Record<Conflict['kind'], string> = {
  oversold: 'Raise the stock under Catalog, or change one of the orders named. At the door: ask the manager before handing out the last ones.',
  overruled: "The device's change stands over the customer's. If the customer meant otherwise, change the order again.",
  concurrent_edit: 'Check the order is right now, and change it again if not: the change kept is not always the later one by the clock.',
  overpaid: 'Give back what was paid too much and record it with "Refund". The takings then add up and this goes away.', // overpaidHint says more
  overrefunded: 'Ask the customer to return the difference, or tell the manager so the treasurer knows.',
  orphan: 'Sync: the order may be on another device. If it stays, tell the manager.',
  duplicate: 'Nothing to do: it is counted once.',
  duplicate_number: 'Tell these orders apart by name at the door, and tell the manager.',
};

export function conflictHint(conflict: Conflict, order?: Money): string {
  if (conflict.kind === 'concurrent_edit' && order?.cancelled) return CANCELLED_EDIT_HINT;
  if (conflict.kind === 'concurrent_edit' && order?.checkedIn && order.paidCents < order.totalCents) {
    return `The customer is in and still owes ${formatMoney(order.totalCents - order.paidCents)} for what was added: take it (Cash or Card), or tell the manager.`;
  }
  return conflict.kind === 'overpaid' ? overpaidHint(conflict, order) : KIND_HINTS[conflict.kind];
}

/** A cancellation that stood over a payment or check-in it had not seen: the order cannot be
 *  changed again ("change it again" led nowhere), but the customer may be inside, having paid. */
const CANCELLED_EDIT_HINT = 'The order stays cancelled. If the customer came and paid, give the money back ("Refund") or book a new order for them; if not, nothing to do.';

type Money = Pick<OrderView, 'cancelled' | 'totalCents' | 'paidCents'> & { checkedIn?: boolean };

/**
 * Paid and then cancelled, or made cheaper: the money goes back, and how much. Only two
 * payments recorded without either seeing the other may be one money recorded twice, which is
 * undone rather than refunded (the domain's `concurrentPayments`).
 */
function overpaidHint(conflict: Conflict, order: Money | undefined): string {
  const due = order ? refundDue(order) : 0;
  const amount = due > 0 ? formatMoney(due) : 'what was paid too much';
  const settles = 'the takings add up and this goes away.';
  if (conflict.concurrentPayments) {
    return `${order?.cancelled ? 'The order is cancelled, and two' : 'Two'} payments were recorded without either device seeing the other. ` +
      `If the money was taken twice, give back ${amount} and record it with "Refund". If it was taken once but recorded twice, ` +
      `undo one payment ("Undo a mistake…"). Either way ${settles}`;
  }
  if (order?.cancelled) return `The order is cancelled but was paid: give back ${amount} to the customer and record it with "Refund". Then ${settles}`;
  if (!order) return KIND_HINTS.overpaid;
  return `The order now costs less than was paid: give back ${amount} and record it with "Refund". Then ${settles}`;
}

