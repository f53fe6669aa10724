// The projection's rules, one per pair of events on the same order (docs/domain.md's table).
import { describe, expect, it } from 'vitest';
import { Projection } from '../../domain';
import { accepted, at, CLERK, CLERK_2, event, given, MANAGER, openWebsite, placed, waffles, WEBSITE, when } from './fixtures';

const place = placed('o1', WEBSITE, 2, { at: at('10:00') });
const webCancel = (after = place.id) => event('OrderCancelled', { orderId: 'o1' }, WEBSITE, { id: 'web-cancel', at: at('18:05'), after });
const checkIn = (after = place.id, actor = CLERK, id = 'check-in') => event('OrderCheckedIn', { orderId: 'o1' }, actor, { id, at: at('18:00'), after });
const cash = (after = place.id, amountCents = 700, id = 'cash', actor = CLERK) =>
  event('PaymentRecorded', { orderId: 'o1', paymentId: id, amountCents, method: 'cash' }, actor, { id, at: at('18:01'), after });
const lines = (quantity: number, after = place.id, actor = CLERK, id = `lines-${quantity}`) =>
  event('OrderLinesChanged', { orderId: 'o1', lines: [{ itemId: 'waffle', quantity, unitPriceCents: 350 }] }, actor, { id, after });
const deviceCancel = (after = place.id, actor = CLERK_2, id = 'dev-cancel') => event('OrderCancelled', { orderId: 'o1' }, actor, { id, after });
const rename = (name: string, actor = CLERK, id = `rename-${name}`, after = place.id) =>
  event('CustomerChanged', { orderId: 'o1', customer: { name } }, actor, { id, after });

const conflictsOf = (p: Projection) => p.conflicts().map((c) => ({ kind: c.kind, eventIds: c.eventIds }));

describe('the seed scenario', () => {
  it('website order at 10:00, offline clerk checks in and takes cash at 18:00, customer cancels online at 18:05: after sync the order is checked in and paid, and the cancellation is reported as overruled', () => {
    const p = new Projection();
    p.append('replicated', [waffles(), openWebsite()]);
    p.append('website', [place]);
    p.append('replicated', [checkIn(), cash()]); // the clerk syncs first...
    p.append('website', [webCancel()]); // ...the website's cancellation arrives after, yet folds first
    expect(p.order('o1')).toMatchObject({ status: 'checked_in', checkedIn: true, cancelled: false, paidCents: 700, totalCents: 700 });
    const [conflict] = p.conflicts();
    expect(conflict).toMatchObject({ kind: 'overruled', orderId: 'o1', eventIds: ['web-cancel', 'check-in'] });
    expect(conflict?.message).toContain('cancelled it at 18:05');
    expect(conflict?.message).toContain('clerk tom (device door-1) checked it in');
    expect(p.conflicts()).toHaveLength(1);
  });
});

describe('website cancellation vs device events the device wrote without seeing it', () => {
  it('cancel vs check-in: the check-in wins, overruled', () => {
    const p = given(waffles(), place, webCancel(), checkIn());
    expect(p.order('o1')?.status).toBe('checked_in');
    expect(conflictsOf(p)).toEqual([{ kind: 'overruled', eventIds: ['web-cancel', 'check-in'] }]);
  });

  it('cancel vs payment: the payment wins and revives the order, overruled', () => {
    const p = given(waffles(), place, webCancel(), cash());
    expect(p.order('o1')).toMatchObject({ status: 'paid', paidCents: 700 });
    expect(conflictsOf(p)).toEqual([{ kind: 'overruled', eventIds: ['web-cancel', 'cash'] }]);
  });

  it('cancel vs amend: the new lines stand and the order is active, overruled', () => {
    const p = given(waffles(), place, webCancel(), lines(3));
    expect(p.order('o1')).toMatchObject({ status: 'placed', totalCents: 1050 });
    expect(conflictsOf(p)).toEqual([{ kind: 'overruled', eventIds: ['web-cancel', 'lines-3'] }]);
  });

  it('cancel vs customer change: no contradiction, the order stays cancelled with the new details', () => {
    const p = given(waffles(), place, webCancel(), rename('Bo'));
    expect(p.order('o1')).toMatchObject({ status: 'cancelled', customer: { name: 'Bo' } });
    expect(p.conflicts()).toEqual([]);
  });

  it('cancel vs cancel: both agree, no conflict', () => {
    const p = given(waffles(), place, webCancel(), deviceCancel());
    expect(p.order('o1')?.status).toBe('cancelled');
    expect(p.conflicts()).toEqual([]);
  });

  it('a cancelled order frees its units', () => {
    expect(given(waffles(10), place, webCancel()).item('waffle')).toMatchObject({ sold: 0, available: 10 });
  });
});

describe('informed decisions are not conflicts', () => {
  it('a device event that had seen the website cancellation does not revive the order', () => {
    const p = given(waffles(), place, webCancel(), checkIn('web-cancel'));
    expect(p.order('o1')?.status).toBe('cancelled');
    expect(p.conflicts()).toEqual([]);
  });

  it('a website cancellation that had seen a device payment stands, and the money is flagged for refund', () => {
    const p = given(waffles(), place, webCancel('cash'), cash());
    expect(p.order('o1')).toMatchObject({ status: 'cancelled', paidCents: 700 });
    expect(conflictsOf(p)).toEqual([{ kind: 'overpaid', eventIds: ['cash'] }]);
    expect(p.conflicts()[0]?.message).toContain('7.00 should be refunded');
  });

  it("a device's own earlier events count as seen even when `after` names another device's event", () => {
    const p = given(waffles(), place, cash(place.id, 300, 'cash-1'), deviceCancel(place.id, CLERK, 'own-cancel'));
    expect(p.conflicts().map((c) => c.kind)).toEqual(['overpaid']);
  });
});

describe('device vs device on the same order', () => {
  it('check-in vs cancel, neither seen: the later in the log wins, concurrent_edit', () => {
    const p = given(waffles(), place, checkIn(), deviceCancel());
    expect(p.order('o1')?.status).toBe('cancelled');
    expect(conflictsOf(p)).toEqual([{ kind: 'concurrent_edit', eventIds: ['check-in', 'dev-cancel'] }]);
  });

  it('cancel vs check-in, neither seen: the check-in, later, revives the order', () => {
    const p = given(waffles(), place, deviceCancel(), checkIn());
    expect(p.order('o1')?.status).toBe('checked_in');
    expect(conflictsOf(p)).toEqual([{ kind: 'concurrent_edit', eventIds: ['dev-cancel', 'check-in'] }]);
  });

  it('amend vs amend with different lines: the later stands, concurrent_edit', () => {
    const p = given(waffles(), place, lines(3, place.id, CLERK), lines(4, place.id, CLERK_2));
    expect(p.order('o1')?.lines[0]?.quantity).toBe(4);
    expect(conflictsOf(p)).toEqual([{ kind: 'concurrent_edit', eventIds: ['lines-3', 'lines-4'] }]);
  });

  it('amend vs amend with the same lines: nothing to report', () => {
    const p = given(waffles(), place, lines(3, place.id, CLERK, 'a'), lines(3, place.id, CLERK_2, 'b'));
    expect(p.conflicts()).toEqual([]);
  });

  it('amend after having seen the other amend: no conflict', () => {
    const p = given(waffles(), place, lines(3, place.id, CLERK), lines(4, 'lines-3', CLERK_2));
    expect(p.conflicts()).toEqual([]);
  });

  it('customer vs customer: the later stands, concurrent_edit', () => {
    const p = given(waffles(), place, rename('Bo', CLERK), rename('Cy', CLERK_2));
    expect(p.order('o1')?.customer.name).toBe('Cy');
    expect(conflictsOf(p)).toEqual([{ kind: 'concurrent_edit', eventIds: ['rename-Bo', 'rename-Cy'] }]);
  });

  it('check-in vs check-in: the same fact twice, no conflict', () => {
    expect(given(waffles(), place, checkIn(), checkIn(place.id, CLERK_2, 'check-in-2')).conflicts()).toEqual([]);
  });

  it('two payments that together exceed the total: both count, overpaid', () => {
    const p = given(waffles(), place, cash(place.id, 700, 'p1', CLERK), cash(place.id, 700, 'p2', CLERK_2));
    expect(p.order('o1')).toMatchObject({ paidCents: 1400, status: 'paid' });
    expect(conflictsOf(p)).toEqual([{ kind: 'overpaid', eventIds: ['p1', 'p2'] }]);
  });
});

describe('events that cannot apply', () => {
  it('an event for an order never placed is an orphan, and changes nothing', () => {
    const p = given(waffles(), checkIn());
    expect(p.order('o1')).toBeUndefined();
    expect(conflictsOf(p)).toEqual([{ kind: 'orphan', eventIds: ['check-in'] }]);
  });

  it('an orphan stops being one when its website placement arrives late', () => {
    const p = new Projection();
    p.append('replicated', [waffles(), checkIn()]);
    expect(p.conflicts().map((c) => c.kind)).toEqual(['orphan']);
    p.append('website', [place]);
    expect(p.order('o1')?.status).toBe('checked_in');
    expect(p.conflicts()).toEqual([]);
  });

  it('a second placement with the same order id is a duplicate and is ignored', () => {
    const again = placed('o1', CLERK, 5, { id: 'place-again' });
    const p = given(waffles(), place, again);
    expect(p.order('o1')?.lines[0]?.quantity).toBe(2);
    expect(conflictsOf(p)).toEqual([{ kind: 'duplicate', eventIds: ['place-o1', 'place-again'] }]);
  });

  it('a payment id recorded twice counts once', () => {
    const twice = event('PaymentRecorded', { orderId: 'o1', paymentId: 'cash', amountCents: 700, method: 'cash' }, CLERK_2, { id: 'cash-again', after: place.id });
    const p = given(waffles(), place, cash(), twice);
    expect(p.order('o1')?.paidCents).toBe(700);
    expect(conflictsOf(p)).toEqual([{ kind: 'duplicate', eventIds: ['cash-again'] }]);
  });

  it('the same event id twice is applied once and the copy is rejected', () => {
    const p = given(waffles(), place, cash(), cash());
    expect(p.order('o1')?.paidCents).toBe(700);
    expect(p.rejected()).toEqual([{ log: 'replicated', eventId: 'cash', reason: 'event cash is already applied' }]);
  });

  it('malformed elements are rejected with a reason, never thrown', () => {
    const p = Projection.fold(
      [{ nonsense: true }, checkIn()],
      [null, 42, 'text', { ...checkIn(), id: 'x'.repeat(65) }, { ...waffles(), actor: WEBSITE }],
    );
    const reasons = p.rejected().map((r) => r.reason);
    expect(reasons).toHaveLength(7);
    expect(reasons[1]).toBe('a clerk event does not belong in the website log');
    expect(reasons[5]).toMatch(/^id: /);
    expect(reasons[6]).toBe('a website may not write ItemDefined');
    expect(p.counts()).toEqual({ website: 2, replicated: 5, rejected: 7 });
  });

  it('a clerk may not write catalog events; the element is rejected', () => {
    const sneaky = event('ItemChanged', { itemId: 'waffle', priceCents: 1 }, CLERK, { id: 'sneaky' });
    const p = given(waffles(), sneaky);
    expect(p.item('waffle')?.priceCents).toBe(350);
    expect(p.rejected()[0]).toMatchObject({ eventId: 'sneaky', reason: 'a clerk may not write ItemChanged' });
  });
});

describe('a writer after two concurrent branches (the seen extension)', () => {
  // Clerk tom changed the lines while clerk ann paid, neither seeing the other; then a third
  // writer acts having seen both. `after` can name only one branch; `seen` names the other.
  const branches = () => given(waffles(), openWebsite(), place, lines(3, place.id, CLERK, 'tom-lines'), cash(place.id, 1050, 'ann-cash', CLERK_2));
  const afterBoth = (p: Projection, command: unknown, actor: typeof MANAGER) => {
    const [written] = accepted(when(p, command, actor));
    return written!;
  };

  it('the writer names the branch it does not put in after', () => {
    const written = afterBoth(branches(), { type: 'ChangeLines', orderId: 'o1', lines: [{ itemId: 'waffle', quantity: 4 }] }, MANAGER);
    expect(written).toMatchObject({ after: 'ann-cash', seen: ['tom-lines'] });
  });

  it('a manager changing the lines after both is not concurrent with the clerk’s change', () => {
    const p = branches();
    p.append('replicated', [afterBoth(p, { type: 'ChangeLines', orderId: 'o1', lines: [{ itemId: 'waffle', quantity: 4 }] }, MANAGER)]);
    expect(p.order('o1')?.lines).toEqual([{ itemId: 'waffle', quantity: 4, unitPriceCents: 350 }]);
    expect(p.conflicts()).toEqual([]);
  });

  it('without seen, the same change is a spurious concurrent_edit (why the extension exists)', () => {
    const p = branches();
    const { seen: _dropped, ...chainOnly } = afterBoth(p, { type: 'ChangeLines', orderId: 'o1', lines: [{ itemId: 'waffle', quantity: 4 }] }, MANAGER);
    p.append('replicated', [chainOnly]);
    expect(p.conflicts().map((c) => c.kind)).toEqual(['concurrent_edit']);
  });

  it('a customer’s cancellation after both stays a cancellation: the payment it saw is a refund, not an overrule', () => {
    const p = branches();
    const cancel = afterBoth(p, { type: 'CancelOrder', orderId: 'o1' }, WEBSITE);
    const devices = [waffles(), openWebsite(), lines(3, place.id, CLERK, 'tom-lines'), cash(place.id, 1050, 'ann-cash', CLERK_2)];
    const q = Projection.fold([place, cancel], devices);
    expect(q.order('o1')).toMatchObject({ status: 'cancelled' });
    expect(q.conflicts().map((c) => c.kind)).toEqual(['overpaid']);
    const { seen: _dropped, ...chainOnly } = cancel;
    const withoutSeen = Projection.fold([place, chainOnly], devices); // the limit seen closes
    expect(withoutSeen.order('o1')?.status).toBe('paid');
    expect(withoutSeen.conflicts().map((c) => c.kind)).toEqual(['overruled']);
  });
});

describe('order numbers', () => {
  const numbered = (orderId: string, actor: typeof CLERK, number: string) =>
    event('OrderPlaced', { ...placed(orderId, actor).data, orderNumber: number }, actor, { id: `place-${orderId}` });

  it('two devices that gave the same number to different orders: both stand, the later is reported', () => {
    const p = given(waffles(), numbered('a', CLERK, 'C7K-3'), numbered('b', CLERK_2, 'C7K-3'));
    expect(p.orders().map((o) => o.orderNumber)).toEqual(['C7K-3', 'C7K-3']);
    expect(p.conflicts()).toHaveLength(1);
    expect(p.conflicts()[0]).toMatchObject({ kind: 'duplicate_number', orderId: 'b', eventIds: ['place-a', 'place-b'] });
    expect(p.conflicts()[0]?.message).toContain('Two orders have the number C7K-3');
  });

  it('a website order arriving late still counts first, and every replica names the same order', () => {
    const web = numbered('w', WEBSITE, 'X-1');
    const device = numbered('d', CLERK, 'X-1');
    const late = new Projection();
    late.append('replicated', [waffles(), device]);
    late.append('website', [web]);
    expect(late.conflicts()).toEqual(given(waffles(), web, device).conflicts());
    expect(late.conflicts()[0]).toMatchObject({ orderId: 'd', eventIds: ['place-w', 'place-d'] });
  });

  it('distinct numbers raise nothing', () => {
    expect(given(waffles(), numbered('a', CLERK, 'C7K-1'), numbered('b', CLERK_2, 'C3X-1')).conflicts()).toEqual([]);
  });
});

describe('the catalog', () => {
  it('two devices selling the last units: oversold names the order that went past the stock', () => {
    const a = placed('a', CLERK, 2, { id: 'place-a' });
    const b = placed('b', CLERK_2, 2, { id: 'place-b' });
    const p = given(waffles(3), a, b);
    expect(p.item('waffle')).toMatchObject({ sold: 4, available: 0 });
    const [conflict] = p.conflicts();
    expect(conflict).toMatchObject({ kind: 'oversold', itemId: 'waffle', eventIds: ['place-b'] });
    expect(conflict?.message).toContain('4 sold but only 3 in stock, 1 too many');
  });

  it('raising the stock settles an oversold item', () => {
    const raise = event('ItemChanged', { itemId: 'waffle', stock: 10 }, MANAGER, { id: 'raise' });
    expect(given(waffles(3), placed('a', CLERK, 4), raise).conflicts()).toEqual([]);
  });

  it('changing an unknown item is an orphan; defining an item twice keeps the later', () => {
    const ghost = event('ItemChanged', { itemId: 'ghost', priceCents: 1 }, MANAGER, { id: 'ghost' });
    const redefine = event('ItemDefined', { itemId: 'waffle', name: 'Big waffle', priceCents: 500, stock: null }, MANAGER, { id: 'redefine' });
    const p = given(waffles(), ghost, redefine);
    expect(p.item('waffle')).toMatchObject({ name: 'Big waffle', stock: null, available: null });
    expect(conflictsOf(p)).toEqual([
      { kind: 'orphan', eventIds: ['ghost'] },
      { kind: 'concurrent_edit', eventIds: ['def-waffle', 'redefine'] },
    ]);
  });

  it('the website switch follows the last WebsiteOrderingSet', () => {
    const close = event('WebsiteOrderingSet', { open: false }, MANAGER, { id: 'close' });
    expect(given(openWebsite()).websiteOpen).toBe(true);
    expect(given(openWebsite(), close).websiteOpen).toBe(false);
  });
});

describe('history', () => {
  it('records who did what, when, on which device, by which event, in fold order', () => {
    const p = given(waffles(), place, webCancel(), checkIn());
    expect(p.history('o1').map((h) => [h.eventId, h.actor.deviceId, h.at, h.log])).toEqual([
      ['place-o1', 'server', at('10:00'), 'website'],
      ['web-cancel', 'server', at('18:05'), 'website'],
      ['check-in', 'door-1', at('18:00'), 'replicated'],
    ]);
    expect(p.history('o1')[2]?.description).toBe('clerk tom (device door-1) checked it in at 18:00 UTC [event check-in]');
    expect(p.history('o1').map((h) => h.what)).toEqual(['placed it', 'cancelled it', 'checked it in']);
  });

  it('names an account called after its role once ("manager", not "manager manager")', () => {
    const demoManager = { role: 'manager' as const, userId: 'manager', deviceId: 'laptop' };
    const p = given(waffles(), placed('o1', demoManager));
    expect(p.history('o1')[0]?.description).toBe('manager (device laptop) placed it at 12:00 UTC [event place-o1]');
  });

  it('is built on read: the events that went into the order as it stands, none rejected, ignored or orphaned', () => {
    const p = new Projection();
    p.append('replicated', [waffles(), checkIn(), placed('o1', CLERK, 5, { id: 'place-again' }), cash(), cash()]);
    expect(p.history('o1').map((h) => h.eventId)).toEqual(['place-again', 'cash']);
    p.append('website', [place]);
    expect(p.history('o1').map((h) => h.eventId)).toEqual(['place-o1', 'check-in', 'cash']);
    expect(p.history('o9')).toEqual([]);
  });
});
