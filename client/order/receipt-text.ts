// What the receipt tells the customer to do next, from the order's status and money: one
// sentence for every order would tell a paid customer to pay, and a cancelled one to pick up.
import { formatMoney } from '../shared/money';
import type { CustomerOrder } from './website-api';

type Money = Pick<CustomerOrder, 'status' | 'totalCents' | 'paidCents'>;

/** What the customer still owes; a cancelled order owes nothing. */
export function stillToPay(order: Money): number {
  return order.status === 'cancelled' ? 0 : Math.max(0, order.totalCents - order.paidCents);
}

/** Paid beyond the total (the order was made cheaper after it was paid), for the club to give
 *  back; a cancelled order's whole payment is said by refundNote. */
export function toGiveBack(order: Money): number {
  return order.status === 'cancelled' ? 0 : Math.max(0, order.paidCents - order.totalCents);
}

export function closingHint(order: Money): string {
  const back = toGiveBack(order) > 0 ? ` ${giveBackNote(order)}` : '';
  switch (order.status) {
    case 'placed': return `To pay at the event: ${formatMoney(stillToPay(order))}. Pick up there and tell them your order number.`;
    case 'paid': return `Paid in full.${back} Pick up at the event and tell them your order number.`;
    case 'checked_in': return stillToPay(order) > 0 ? `Checked in at the event. Still to pay: ${formatMoney(stillToPay(order))}.` : (back ? `Checked in at the event.${back}` : 'Checked in at the event: nothing more to do.');
    case 'cancelled': return order.paidCents > 0 ? `Cancelled: nothing to pay. ${refundNote(order)}` : 'Cancelled: nothing to pay.';
  }
}

/** Money paid for a cancelled order goes back by the club's hand, not by this website. */
export function refundNote(order: Money): string {
  return `The club refunds the ${formatMoney(order.paidCents)} you paid: ask the club at the event.`;
}

/** A paid order made cheaper: "Paid in full" alone hid the money the club owes back. */
function giveBackNote(order: Money): string {
  return `You paid ${formatMoney(order.paidCents)} for a total of ${formatMoney(order.totalCents)}: the club gives you ${formatMoney(toGiveBack(order))} back, ask the club at the event.`;
}
