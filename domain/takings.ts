// What was taken, by payment method and by person: the cash box a clerk counts at the end of a
// shift, and the treasurer's split. Every payment the projection applied counts, also on an
// order cancelled since: the money was taken. A refund (a payment of a negative amount) takes
// its amount off the sum of its method and person, and is counted apart: a cash box that took
// two payments of 20.50 and gave 8.00 back holds 12.50, and its slips say so.
import type { PaymentMethod, Role } from './events';
import type { OrderView, Payment } from './types';

/** `cents`: what is kept (payments less refunds); `count`: payments taken; `refundedCents`
 *  and `refunds`: money given back (as a positive sum) and how many times. */
export interface Taken { cents: number; count: number; refundedCents: number; refunds: number }
export type TakenByMethod = Record<PaymentMethod, Taken>;

export interface PersonTakings { userId: string; role: Role; byMethod: TakenByMethod; total: Taken }

export interface Takings { byMethod: TakenByMethod; total: Taken; byPerson: PersonTakings[] }

export const PAYMENT_METHODS: readonly PaymentMethod[] = ['cash', 'card', 'online', 'transfer'];

/** The payments of `orders` (those `only` keeps), summed per method, and per person (by
 *  userId, in name order). */
export function takingsOf(orders: Iterable<OrderView>, only: (payment: Payment) => boolean = () => true): Takings {
  const all = emptyTakings();
  const people = new Map<string, PersonTakings>();
  for (const order of orders) {
    for (const payment of order.payments) {
      if (!only(payment)) continue;
      const { userId, role } = payment.actor;
      const person = people.get(userId) ?? { userId, role, ...emptyTakings() };
      people.set(userId, person);
      for (const sums of [all, person]) add(sums, payment.method, payment.amountCents);
    }
  }
  const byPerson = [...people.values()].sort((a, b) => (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0));
  return { byMethod: all.byMethod, total: all.total, byPerson };
}

function emptyTakings(): { byMethod: TakenByMethod; total: Taken } {
  const zero = (): Taken => ({ cents: 0, count: 0, refundedCents: 0, refunds: 0 });
  return { byMethod: { cash: zero(), card: zero(), online: zero(), transfer: zero() }, total: zero() };
}

function add(sums: { byMethod: TakenByMethod; total: Taken }, method: PaymentMethod, cents: number): void {
  for (const taken of [sums.byMethod[method], sums.total]) {
    taken.cents += cents;
    if (cents > 0) taken.count += 1;
    else {
      taken.refundedCents -= cents;
      taken.refunds += 1;
    }
  }
}

/** Whether any money moved: a payment taken or given back. */
export function moneyMoved(taken: Taken): boolean {
  return taken.count > 0 || taken.refunds > 0;
}
