// What was taken, per method and per person: the clerk's cash box and the treasurer's split.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Projection, takingsOf } from '../../domain';
import { generateDeviceStreams } from '../support/generator';
import { CLERK, CLERK_2, MANAGER, WEBSITE, coffee, event, given, placed, waffles } from './fixtures';

const paid = (orderId: string, paymentId: string, amountCents: number, method: 'cash' | 'card' | 'online' | 'transfer', actor = CLERK) =>
  event('PaymentRecorded', { orderId, paymentId, amountCents, method }, actor, { id: `pay-${paymentId}` });

describe('takings', () => {
  it('sums every applied payment per method and per person, people in name order', () => {
    const state = given(
      waffles(), coffee(), placed('o1', MANAGER), placed('o2', CLERK), placed('o3', CLERK_2),
      paid('o1', 'p1', 700, 'cash'), paid('o2', 'p2', 300, 'cash'), paid('o2', 'p3', 400, 'card'),
      paid('o3', 'p4', 700, 'card', CLERK_2), paid('o1', 'p5', 100, 'transfer', MANAGER),
    );
    const takings = takingsOf(state.orders());
    expect(takings.total).toEqual({ cents: 2200, count: 5, refundedCents: 0, refunds: 0 });
    expect(takings.byMethod).toEqual({ cash: { cents: 1000, count: 2, refundedCents: 0, refunds: 0 }, card: { cents: 1100, count: 2, refundedCents: 0, refunds: 0 }, online: { cents: 0, count: 0, refundedCents: 0, refunds: 0 }, transfer: { cents: 100, count: 1, refundedCents: 0, refunds: 0 } });
    expect(takings.byPerson.map((p) => [p.userId, p.role, p.total.cents, p.byMethod.cash.cents, p.byMethod.card.cents])).toEqual([
      ['ann', 'clerk', 700, 0, 700], ['mia', 'manager', 100, 0, 0], ['tom', 'clerk', 1400, 1000, 400],
    ]);
  });

  it('counts only the payments `only` keeps: one device\'s cash box when one account is shared', () => {
    const door2 = { ...CLERK, deviceId: 'door-2' };
    const state = given(waffles(), placed('o1', CLERK), paid('o1', 'p1', 300, 'cash'), paid('o1', 'p2', 400, 'cash', door2));
    const onDoor2 = takingsOf(state.orders(), (payment) => payment.actor.deviceId === 'door-2');
    expect(onDoor2.byMethod.cash).toEqual({ cents: 400, count: 1, refundedCents: 0, refunds: 0 });
    expect(takingsOf(state.orders()).byPerson).toEqual([expect.objectContaining({ userId: 'tom', total: { cents: 700, count: 2, refundedCents: 0, refunds: 0 } })]);
  });

  it('counts the money on an order cancelled since, and not a payment the projection refused', () => {
    const state = given(
      waffles(), placed('o1', CLERK), paid('o1', 'p1', 700, 'cash'),
      event('OrderCancelled', { orderId: 'o1' }, MANAGER, { id: 'cancel-o1' }),
      paid('nowhere', 'p2', 500, 'cash'), // no such order: a conflict, not money in the box
    );
    expect(state.conflicts().length).toBeGreaterThan(0);
    expect(takingsOf(state.orders()).byMethod.cash).toEqual({ cents: 700, count: 1, refundedCents: 0, refunds: 0 });
  });

  it('is empty without payments; a website order paid online counts for whoever recorded it', () => {
    expect(takingsOf([])).toEqual({ byMethod: { cash: { cents: 0, count: 0, refundedCents: 0, refunds: 0 }, card: { cents: 0, count: 0, refundedCents: 0, refunds: 0 }, online: { cents: 0, count: 0, refundedCents: 0, refunds: 0 }, transfer: { cents: 0, count: 0, refundedCents: 0, refunds: 0 } }, total: { cents: 0, count: 0, refundedCents: 0, refunds: 0 }, byPerson: [] });
    const state = given(waffles(), placed('w1', WEBSITE), paid('w1', 'pw', 700, 'online', MANAGER));
    expect(takingsOf(state.orders()).byPerson).toEqual([expect.objectContaining({ userId: 'mia', role: 'manager', total: { cents: 700, count: 1, refundedCents: 0, refunds: 0 } })]);
  });

  it('over generated logs: the total is what the orders say was paid, and the people add up to it', () => {
    fc.assert(fc.property(fc.integer(), fc.integer({ min: 1, max: 40 }), (seed, orders) => {
      const streams = generateDeviceStreams({ seed, orders, corrections: true });
      const views = Projection.fold(streams.website, streams.replicated).orders();
      const takings = takingsOf(views);
      expect(takings.total.cents).toBe(views.reduce((sum, o) => sum + o.paidCents, 0));
      expect(takings.byPerson.reduce((sum, p) => sum + p.total.cents, 0)).toBe(takings.total.cents);
      expect(Object.values(takings.byMethod).reduce((sum, t) => sum + t.count, 0)).toBe(takings.total.count);
      // What is kept is what was taken less what was given back, per method and in all.
      const refunds = views.flatMap((o) => o.payments).filter((p) => p.amountCents < 0);
      expect(takings.total.refundedCents).toBe(refunds.reduce((sum, p) => sum - p.amountCents, 0));
      expect(takings.total.refunds).toBe(refunds.length);
      expect(Object.values(takings.byMethod).reduce((sum, t) => sum + t.refundedCents, 0)).toBe(takings.total.refundedCents);
    }), { numRuns: 50 });
  });
});
