// Refunds: money given back, written as a payment of the negative amount (an extension of the
// contract's PaymentRecorded). Only what was paid too much goes back; the overpaid conflict
// goes away once it has; two refunds neither device saw give back too much, and say so.
import { describe, expect, it } from 'vitest';
import { FundraiserEvent, Projection, formatCents, takingsOf } from '../../domain';
import { accepted, at, CLERK, CLERK_2, event, given, MANAGER, placed, refusal, waffles, WEBSITE, when } from './fixtures';

const place = placed('o1', WEBSITE, 2, { at: at('10:00') }); // 2 waffles at 3.50: 7.00
const paid = (id: string, amountCents: number, actor = CLERK, method: 'cash' | 'card' = 'cash') =>
  event('PaymentRecorded', { orderId: 'o1', paymentId: id, amountCents, method }, actor, { id, after: place.id });
const refund = (amountCents: number, method: 'cash' | 'card' = 'cash', paymentId = 'r1') =>
  ({ type: 'RecordRefund', orderId: 'o1', paymentId, amountCents, method });
const doublePaid = () => given(waffles(), place, paid('p1', 700), paid('p2', 700, CLERK_2, 'card'));

describe('RecordRefund', () => {
  it('gives back what was paid too much, as a payment of the negative amount', () => {
    const [event] = accepted(when(doublePaid(), refund(700, 'card'), CLERK));
    expect(event).toMatchObject({ type: 'PaymentRecorded', data: { orderId: 'o1', paymentId: 'r1', amountCents: -700, method: 'card' } });
  });

  it('refuses more than was paid too much, and anything when nothing was, beside the amount', () => {
    expect(refusal(when(doublePaid(), refund(701), CLERK))).toMatchObject({ code: 'over_refund', field: 'amountCents', message: 'Only 7.00 was paid too much.' });
    expect(refusal(when(given(waffles(), place, paid('p1', 700)), refund(100), CLERK))).toMatchObject({ code: 'nothing_to_refund', field: 'amountCents' });
  });

  it('gives back all that was paid on a cancelled order', () => {
    const cancelled = given(waffles(), place, paid('p1', 700), event('OrderCancelled', { orderId: 'o1' }, MANAGER, { id: 'cancel', after: 'p1' }));
    expect(accepted(when(cancelled, refund(700), MANAGER))[0]?.data).toMatchObject({ amountCents: -700 });
  });

  it('refuses a zero or negative amount in the command, and a website writer', () => {
    expect(refusal(when(doublePaid(), refund(0), CLERK)).issues?.[0]?.path).toBe('amountCents');
    expect(refusal(when(doublePaid(), refund(-700), CLERK)).issues?.[0]?.path).toBe('amountCents');
    expect(refusal(when(doublePaid(), refund(700), WEBSITE)).code).toBe('forbidden');
  });
});

describe('a refund in the fold', () => {
  it('takes the overpaid conflict away and nets the takings of its method and person', () => {
    const before = doublePaid();
    expect(before.conflicts().map((c) => c.kind)).toEqual(['overpaid']);
    const [back] = accepted(when(before, refund(700, 'card'), CLERK_2));
    const after = given(waffles(), place, paid('p1', 700), paid('p2', 700, CLERK_2, 'card'), back!);
    expect(after.order('o1')).toMatchObject({ paidCents: 700, status: 'paid' });
    expect(after.conflicts()).toEqual([]);
    const takings = takingsOf(after.orders());
    expect(takings.byMethod.card).toEqual({ cents: 0, count: 1, refundedCents: 700, refunds: 1 }); // one card payment taken, and given back
    expect(takings.total).toEqual({ cents: 700, count: 2, refundedCents: 700, refunds: 1 });
    expect(after.history('o1').at(-1)?.what).toBe('gave back 7.00 (a card refund)');
  });

  it('two refunds neither device saw: said as two corrections that did not see each other; below nothing, as given back too much', () => {
    const both = (second: number) => given(
      waffles(), place, paid('p1', 700), paid('p2', 700, CLERK_2),
      event('PaymentRecorded', { orderId: 'o1', paymentId: 'r1', amountCents: -700, method: 'cash' }, CLERK, { id: 'r1', after: 'p2' }),
      event('PaymentRecorded', { orderId: 'o1', paymentId: 'r2', amountCents: -second, method: 'cash' }, CLERK_2, { id: 'r2', after: 'p2' }),
    );
    expect(both(700).order('o1')).toMatchObject({ paidCents: 0, status: 'placed' }); // the door sees "owes 7.00"…
    expect(both(700).conflicts()).toEqual([expect.objectContaining({ kind: 'concurrent_edit', eventIds: ['r1', 'r2'] })]); // …and why
    const tooMuch = both(1400);
    expect(tooMuch.order('o1')?.paidCents).toBe(-700);
    expect(tooMuch.conflicts().map((c) => c.kind)).toEqual(['concurrent_edit', 'overrefunded']);
    expect(tooMuch.conflicts()[1]).toMatchObject({ orderId: 'o1', eventIds: ['r1', 'r2'] });
    expect(tooMuch.conflicts()[1]?.message).toContain(`${formatCents(700)} more was given back (by clerk tom (device door-1) and clerk ann (device door-2)) than was paid`);
  });

  it('a payment of 0 is not an event', () => {
    const zero = { ...paid('p0', 700), data: { orderId: 'o1', paymentId: 'p0', amountCents: 0, method: 'cash' } };
    expect(FundraiserEvent.safeParse(zero).success).toBe(false);
    const p = new Projection();
    p.append('replicated', [waffles()]);
    p.append('website', [place]);
    p.append('replicated', [zero]);
    expect(p.order('o1')?.paidCents).toBe(0);
  });
});
