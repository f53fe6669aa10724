// What the receipt tells the customer to do next, from the order's status and money: one
// sentence for every order would tell a paid customer to pay, and a cancelled one to pick up.
import { formatMoney } from '../shared/money';
import type { CustomerOrder } from './website-api';

type Money = Pick<CustomerOrder, 'status' | 'totalCents' | 'paidCents'>;

/** What the customer still owes; a cancelled order owes nothing. */
export function stillToPay(order: Money): number {
  return order.status === 'cancelled' ? 0 : Math.max(0, order.totalCents - order.paidCents);
}

export function closingHint(order: Money): string {
  switch (order.status) {
    case 'placed': return `To pay at the event: ${formatMoney(stillToPay(order))}. Pick up there and tell them your order number.`;
    case 'paid': return 'Paid in full. Pick up at the event and tell them your order number.';
    case 'checked_in': return stillToPay(order) > 0 ? `Checked in at the event. Still to pay: ${formatMoney(stillToPay(order))}.` : 'Checked in at the event: nothing more to do.';
    case 'cancelled': return order.paidCents > 0 ? `Cancelled: nothing to pay. ${refundNote(order)}` : 'Cancelled: nothing to pay.';
  }
}

/** Money paid for a cancelled order goes back by the club's hand, not by this website. */
export function refundNote(order: Money): string {
  return `The club refunds the ${formatMoney(order.paidCents)} you paid: ask the club at the event.`;
}
