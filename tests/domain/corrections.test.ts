// Corrections: a check-in or a payment recorded by mistake (the wrong "Anna Schmidt") is taken
// back by an event of its own (CheckInUndone, PaymentVoided: an extension of the contract's
// types). An undone payment leaves the order's sums and the takings; a refund is something
// else (money given back). Two devices that disagree without seeing each other are reported.
import { describe, expect, it } from 'vitest';
import { Projection, UNKNOWN_TYPE, takingsOf } from '../../domain';
import { accepted, at, CLERK, CLERK_2, event, given, MANAGER, placed, refusal, waffles, WEBSITE, when } from './fixtures';

const place = placed('o1', WEBSITE, 2, { at: at('10:00') }); // 2 waffles at 3.50: 7.00
const paid = (id: string, amountCents = 700, actor = CLERK, after = place.id) =>
  event('PaymentRecorded', { orderId: 'o1', paymentId: id, amountCents, method: 'cash' }, actor, { id, after });
const checkIn = (id = 'in', actor = CLERK, after = place.id) => event('OrderCheckedIn', { orderId: 'o1' }, actor, { id, after });
const undoCheckIn = (id: string, after: string, actor = MANAGER) => event('CheckInUndone', { orderId: 'o1' }, actor, { id, after });
const voided = (id: string, paymentId: string, after: string, actor = MANAGER) =>
  event('PaymentVoided', { orderId: 'o1', paymentId }, actor, { id, after });

describe('UndoCheckIn', () => {
  it('undoes a check-in: the order is not checked in, and may be cancelled again', () => {
    const [undo] = accepted(when(given(waffles(), place, paid('p1'), checkIn('in', CLERK, 'p1')), { type: 'UndoCheckIn', orderId: 'o1' }, MANAGER));
    expect(undo).toMatchObject({ type: 'CheckInUndone', data: { orderId: 'o1' }, after: 'in' });
    const after = given(waffles(), place, paid('p1'), checkIn('in', CLERK, 'p1'), undo!);
    expect(after.order('o1')).toMatchObject({ checkedIn: false, status: 'paid' });
    expect(after.conflicts()).toEqual([]);
    expect(after.history('o1').at(-1)?.what).toBe('undid its check-in');
    expect(accepted(when(after, { type: 'CancelOrder', orderId: 'o1' }, MANAGER))[0]?.type).toBe('OrderCancelled');
  });

  it('refuses an order that is not checked in, and the website', () => {
    expect(refusal(when(given(waffles(), place), { type: 'UndoCheckIn', orderId: 'o1' }, CLERK))).toMatchObject({ code: 'not_checked_in' });
    expect(refusal(when(given(waffles(), place, checkIn()), { type: 'UndoCheckIn', orderId: 'o1' }, WEBSITE)).code).toBe('forbidden');
  });

  it('an undo and a check-in that did not see each other are reported; the later in the log stands', () => {
    // The manager undid clerk 1's check-in; clerk 2, offline and never seeing the undo nor the
    // first check-in... cannot check in what it shows as checked in. So: clerk 2 saw only the
    // placement, checked the order in, and its event lands after the manager's undo.
    const log = given(waffles(), place, checkIn('in', CLERK), undoCheckIn('undo', 'in'), checkIn('in-2', CLERK_2));
    expect(log.order('o1')?.checkedIn).toBe(true);
    expect(log.conflicts()).toEqual([expect.objectContaining({ kind: 'concurrent_edit', eventIds: ['undo', 'in-2'] })]);
    expect(log.conflicts()[0]?.message).toMatch(/This left the order checked in\.$/);
    expect(log.conflicts()[0]?.message).toContain('; and clerk'); // not "then": the log orders two devices' changes, not their clocks
  });

  it('two undos of the same check-in, and a check-in of a checked-in order, change nothing and are no conflict', () => {
    const log = given(waffles(), place, checkIn('in'), undoCheckIn('u1', 'in'), undoCheckIn('u2', 'in', CLERK_2));
    expect(log.order('o1')?.checkedIn).toBe(false);
    expect(log.conflicts()).toEqual([]);
  });
});

describe('VoidPayment', () => {
  it('takes a payment recorded on the wrong order out of its sums and of the takings', () => {
    const wrong = given(waffles(), place, paid('p1'));
    const [undo] = accepted(when(wrong, { type: 'VoidPayment', orderId: 'o1', paymentId: 'p1' }, CLERK));
    expect(undo).toMatchObject({ type: 'PaymentVoided', data: { orderId: 'o1', paymentId: 'p1' } });
    const after = given(waffles(), place, paid('p1'), undo!);
    expect(after.order('o1')).toMatchObject({ paidCents: 0, status: 'placed', payments: [] });
    expect(takingsOf(after.orders()).total).toEqual({ cents: 0, count: 0, refundedCents: 0, refunds: 0 });
    expect(after.history('o1').map((h) => h.what)).toEqual(['placed it', 'took a cash payment of 7.00', 'undid the 7.00 cash payment (recorded by mistake)']);
  });

  it('ends an overpaid conflict when the same money was recorded twice (nothing to give back)', () => {
    const twice = given(waffles(), place, paid('p1'), paid('p2', 700, CLERK_2));
    expect(twice.conflicts().map((c) => c.kind)).toEqual(['overpaid']);
    const [undo] = accepted(when(twice, { type: 'VoidPayment', orderId: 'o1', paymentId: 'p2' }, MANAGER));
    const after = given(waffles(), place, paid('p1'), paid('p2', 700, CLERK_2), undo!);
    expect(after.order('o1')).toMatchObject({ paidCents: 700, status: 'paid' });
    expect(after.conflicts()).toEqual([]);
  });

  it('refuses a payment the order does not count (unknown, or undone already)', () => {
    const undone = given(waffles(), place, paid('p1'), voided('v1', 'p1', 'p1'));
    expect(refusal(when(undone, { type: 'VoidPayment', orderId: 'o1', paymentId: 'p1' }, CLERK))).toMatchObject({ code: 'not_found', field: 'paymentId' });
    expect(refusal(when(given(waffles(), place), { type: 'VoidPayment', orderId: 'o1', paymentId: 'nope' }, CLERK)).code).toBe('not_found');
  });

  it('a clerk undoes only cash and card: a transfer or an online payment (or refund) is the manager\'s', () => {
    const byManager = (id: string, amountCents: number, method: 'transfer' | 'online', after = place.id) =>
      event('PaymentRecorded', { orderId: 'o1', paymentId: id, amountCents, method }, MANAGER, { id, after });
    const transfer = given(waffles(), place, byManager('t1', 300, 'transfer'));
    expect(refusal(when(transfer, { type: 'VoidPayment', orderId: 'o1', paymentId: 't1' }, CLERK)))
      .toEqual({ code: 'not_allowed', field: 'paymentId', message: 'A transfer is undone by a manager.' });
    const online = given(waffles(), place, byManager('w1', 700, 'online'), byManager('r1', -200, 'transfer', 'w1'));
    expect(refusal(when(online, { type: 'VoidPayment', orderId: 'o1', paymentId: 'w1' }, CLERK))).toMatchObject({ code: 'not_allowed', message: 'A payment made online is undone by a manager.' });
    expect(refusal(when(online, { type: 'VoidPayment', orderId: 'o1', paymentId: 'r1' }, CLERK)).code).toBe('not_allowed'); // a refund by transfer too
    // The manager undoes any; a clerk undoes a manager's cash payment (a clerk's method).
    expect(accepted(when(transfer, { type: 'VoidPayment', orderId: 'o1', paymentId: 't1' }, MANAGER))[0]).toMatchObject({ type: 'PaymentVoided', data: { paymentId: 't1' } });
    expect(accepted(when(online, { type: 'VoidPayment', orderId: 'o1', paymentId: 'w1' }, MANAGER))).toHaveLength(1);
    expect(accepted(when(given(waffles(), place, paid('c1', 700, MANAGER)), { type: 'VoidPayment', orderId: 'o1', paymentId: 'c1' }, CLERK))).toHaveLength(1);
  });

  it('an overpaid conflict says when two payments were recorded unseen of each other (perhaps one money twice), and only then', () => {
    const flagOf = (p: Projection) => p.conflicts().map((c) => [c.kind, c.concurrentPayments ?? false]);
    expect(flagOf(given(waffles(), place, paid('p1'), paid('p2', 700, CLERK_2)))).toEqual([['overpaid', true]]);
    // Paid, then the customer cancelled (having seen the payment): the money goes back.
    const cancelled = event('OrderCancelled', { orderId: 'o1' }, WEBSITE, { id: 'x', after: 'p1' });
    expect(flagOf(given(waffles(), place, paid('p1'), cancelled))).toEqual([['overpaid', false]]);
    // Paid in two parts, each seeing the other, then made cheaper: not a double recording.
    const cheaper = event('OrderLinesChanged', { orderId: 'o1', lines: [{ itemId: 'waffle', quantity: 1, unitPriceCents: 350 }] }, MANAGER, { id: 'l', after: 'p2' });
    expect(flagOf(given(waffles(), place, paid('p1', 350), paid('p2', 350, CLERK_2, 'p1'), cheaper))).toEqual([['overpaid', false]]);
    // A refund written unseen beside a payment is no second payment.
    const refund = event('PaymentRecorded', { orderId: 'o1', paymentId: 'r', amountCents: -100, method: 'cash' }, MANAGER, { id: 'r', after: 'p1' });
    expect(flagOf(given(waffles(), place, paid('p1'), paid('p2', 700, CLERK_2, 'p1'), refund))).toEqual([['overpaid', false]]);
  });

  it('two clerks each undoing "their" one of a doubly recorded payment, not seeing each other: both stand, and it is said', () => {
    const twice = [waffles(), place, paid('p1'), paid('p2', 700, CLERK_2, 'p1')] as const;
    const both = given(...twice, voided('v1', 'p1', 'p2', CLERK), voided('v2', 'p2', 'p2', CLERK_2));
    expect(both.order('o1')).toMatchObject({ paidCents: 0, status: 'placed' }); // owes again: the door sees it…
    expect(both.conflicts()).toEqual([expect.objectContaining({ kind: 'concurrent_edit', eventIds: ['v1', 'v2'] })]); // …and why
    expect(both.conflicts()[0]?.message).toMatch(/check what the customer really paid/);
    const refundAndUndo = given(...twice, event('PaymentRecorded', { orderId: 'o1', paymentId: 'r1', amountCents: -700, method: 'cash' }, CLERK, { id: 'r1', after: 'p2' }), voided('v2', 'p2', 'p2', CLERK_2));
    expect(refundAndUndo.conflicts().map((c) => c.kind)).toEqual(['concurrent_edit']);
    const seen = given(...twice, voided('v1', 'p1', 'p2', CLERK), voided('v2', 'p2', 'v1', CLERK_2)); // the second saw the first
    expect(seen.conflicts()).toEqual([]);
  });

  it('two devices undoing the same payment count it out once; undoing a payment the order lacks is an orphan, and changes nothing', () => {
    const twice = given(waffles(), place, paid('p1'), paid('p2'), voided('v1', 'p1', 'p2'), voided('v2', 'p1', 'p2', CLERK_2));
    expect(twice.order('o1')?.paidCents).toBe(700);
    expect(twice.conflicts()).toEqual([]);
    const stray = given(waffles(), place, paid('p1'), voided('v1', 'elsewhere', 'p1'));
    expect(stray.order('o1')?.paidCents).toBe(700);
    expect(stray.conflicts()).toEqual([expect.objectContaining({ kind: 'orphan', eventIds: ['v1'] })]);
  });
});

describe('an event of a type this code does not know (a newer app wrote it)', () => {
  it('is rejected with a reason that says so, and counted, so an older app can say "reload to update"', () => {
    const newer = { ...event('OrderCheckedIn', { orderId: 'o1' }, CLERK, { id: 'n1', after: place.id }), type: 'OrderRefundedLater' };
    const p = new Projection();
    p.append('replicated', [waffles()]);
    p.append('website', [place]);
    p.append('replicated', [newer, event('OrderCheckedIn', { orderId: 'o1' }, CLERK, { id: 'in', after: place.id })]);
    expect(p.rejected().map((r) => r.reason)).toEqual([`${UNKNOWN_TYPE} "OrderRefundedLater"`]);
    expect(p.unknownTypes()).toBe(1);
    expect(p.order('o1')?.checkedIn).toBe(true); // the rest folds as before
  });
});

describe('a plate added while the door checked the customer in (neither seeing the other)', () => {
  // The manager adds a waffle (7.00 → 10.50); offline, the clerk takes the 7.00 it knew of and checks in.
  const more = event('OrderLinesChanged', { orderId: 'o1', lines: [{ itemId: 'waffle', quantity: 3, unitPriceCents: 350 }] }, MANAGER, { id: 'more', after: place.id });

  it('is a conflict naming both, saying it is in and what it still owes; paying the rest settles it', () => {
    const state = given(waffles(), place, more, paid('p1'), checkIn('in', CLERK, 'p1'));
    expect(state.order('o1')).toMatchObject({ checkedIn: true, totalCents: 1050, paidCents: 700 });
    const [owing] = state.conflicts();
    expect(owing).toMatchObject({ kind: 'concurrent_edit', orderId: 'o1', eventIds: ['more', 'in'] });
    expect(owing?.message).toBe('Order N-o1 (Customer o1): manager mia (device mia-laptop) changed its lines to 3 × waffle at 12:00 UTC [event more]; ' +
      'and clerk tom (device door-1) checked it in at 12:00 UTC [event in], while neither had seen the other. It is checked in and 3.50 is still owed.');
    const settled = given(waffles(), place, more, paid('p1'), checkIn('in', CLERK, 'p1'), paid('p2', 350, CLERK, 'in'));
    expect(settled.conflicts()).toEqual([]);
  });

  it('is no conflict when the check-in saw the change (owing on purpose), nor before the check-in', () => {
    expect(given(waffles(), place, more, paid('p1', 700, CLERK, 'more'), checkIn('in', CLERK, 'p1')).conflicts()).toEqual([]);
    expect(given(waffles(), place, more, paid('p1')).conflicts()).toEqual([]);
  });
});
