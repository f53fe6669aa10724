// The treasurer's slips: one row per payment and refund an order counts, in the order they were
// recorded, with who took or gave back the money, on which device, how and for which order.
// The orders CSV says what each order kept; this file is what each person's cash box is counted
// against (the takings table, in a file). Built by the server (GET …/payments.csv) and on the
// manager's device from its projection, like the orders CSV. Pure, as that module.
import type { OrderView } from '../../domain';
import { formatCents } from '../../domain/describe';
import { byNumber, csvDocument, placedBy, timeCells, timeColumns } from './orders-csv';

/** `recorded at (Europe/Brussels)`, `offset`: as the orders CSV writes its times. */
export function paymentsCsvHeader(timeZone: string): string[] {
  return [
    ...timeColumns('recorded at', timeZone), 'order number', 'order id', 'payment id', 'kind', 'method', 'amount', 'recorded by', 'device', 'order status',
  ];
}

/** `timeZone`: the IANA zone its times are written in (the club's TIME_ZONE). */
export function paymentsCsv(orders: readonly OrderView[], timeZone: string): string {
  const slips = [...orders].sort(byNumber).flatMap((order) => order.payments.map((payment) => ({ order, payment })));
  // By instant, not by text: an event's `at` may carry any offset (the contract's timestamps do).
  // Stable: payments recorded at the same moment keep their orders' number order.
  slips.sort((a, b) => Date.parse(a.payment.at) - Date.parse(b.payment.at));
  return csvDocument([paymentsCsvHeader(timeZone), ...slips.map(({ order, payment }) => [
    ...timeCells(payment.at, timeZone), order.orderNumber, order.orderId, payment.paymentId, payment.amountCents < 0 ? 'refund' : 'payment',
    payment.method, formatCents(payment.amountCents), placedBy(payment.actor), payment.actor.deviceId, order.status,
  ])]);
}
