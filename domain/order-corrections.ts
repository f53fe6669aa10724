// Corrections of an order (extensions): a check-in undone, a payment taken back as recorded by
// mistake, and the report when two devices corrected the same order without seeing each other.
import type { EventOf } from './events';
import type { Logged, OrderView } from './types';
import { sentence } from './describe';
import { appended } from './short-lists';
import { capital, conflict, reportOverride } from './order-conflicts';
import type { Entry, OrderState } from './order';

/**
 * A check-in, or its undo. Two that did not see each other and disagree (one device undid a
 * check-in while another checked the order in) are reported; the later in fold order stands.
 * One that changes nothing (a second check-in, an undo of what is undone) is no news.
 */
export function setCheckedIn(state: OrderState, entry: Entry, view: OrderView, checkedIn: boolean): void {
  if (view.checkedIn === checkedIn) return;
  const previous = state.checkedInBy;
  if (previous && state.causality.concurrent(previous, entry)) {
    reportOverride(state, previous, entry, checkedIn ? 'This left the order checked in.' : 'This left the order not checked in: check at the door.');
  }
  view.checkedIn = checkedIn;
  state.checkedInBy = entry;
}

/** Takes a payment out of the order's sums and takings: it was never taken (a refund is money given back). */
export function voidPayment(state: OrderState, entry: Logged<EventOf<'PaymentVoided'>>, view: OrderView): void {
  const { paymentId } = entry.event.data;
  if (state.voided.includes(paymentId)) return; // undone already, by another device too: same outcome
  const payment = view.payments.find((p) => p.paymentId === paymentId);
  if (!payment) {
    conflict(state, 'orphan', [entry.event.id],
      `${capital(sentence(entry.event))} on order ${view.orderNumber}, but payment ${paymentId} is not recorded on it. Nothing was changed.`);
    return;
  }
  view.payments = view.payments.filter((p) => p !== payment);
  view.paidCents -= payment.amountCents;
  state.voided = appended(state.voided, paymentId);
  corrected(state, entry);
}

/**
 * Two corrections of the money (refunds, undone payments) that did not see each other: each
 * device fixed the same too-much, so together they may take back what was really paid (two
 * clerks each undoing "their" one of a doubly recorded payment). Both stand, and it is said.
 */
export function corrected(state: OrderState, entry: Entry): void {
  const previous = state.correctedBy;
  if (previous && state.causality.concurrent(previous, entry)) {
    reportOverride(state, previous, entry, 'Both were kept: check what the customer really paid, and record a payment if money was taken.');
  }
  state.correctedBy = entry;
}
