// What the apps tell a volunteer to do about a conflict (client/device-ui/conflict-hints.ts),
// in Node: the advice must be something the screen lets them do.
import { describe, expect, it } from 'vitest';
import type { Conflict } from '../../domain';
import { conflictHint } from '../../client/device-ui/conflict-hints';
import { indexByOrder } from '../../client/device/conflicts-by-order';
import { conflictsOf, readModelOf } from '../../client/device/read-model';
import { CLERK, WEBSITE, given, placed, waffles } from '../domain/fixtures';

const edit: Conflict = { kind: 'concurrent_edit', orderId: 'o1', eventIds: ['a', 'b'], message: 'Two changes…' };
const order = (cancelled: boolean) => ({ cancelled, totalCents: 750, paidCents: 750 });

describe('conflict hints', () => {
  it('a cancellation that stood over a payment or check-in: not "change it again" (a cancelled order cannot be), but give the money back or book anew', () => {
    expect(conflictHint(edit, order(true))).toBe('The order stays cancelled. If the customer came and paid, give the money back ("Refund") or book a new order for them; if not, nothing to do.');
    expect(conflictHint(edit, order(false))).toMatch(/^Check the order is right now, and change it again if not/);
    expect(conflictHint(edit)).toMatch(/^Check the order is right now/);
  });

  it('a plate added while the door checked the customer in: take what is still owed', () => {
    expect(conflictHint(edit, { ...order(false), checkedIn: true, totalCents: 1050 })).toBe('The customer is in and still owes €\u00a03.00 for what was added: take it (Cash or Card), or tell the manager.');
  });

  it('money paid for a cancelled order is given back, with the amount', () => {
    expect(conflictHint({ ...edit, kind: 'overpaid' }, order(true))).toBe('The order is cancelled but was paid: give back €\u00a07.50 to the customer and record it with "Refund". Then the takings add up and this goes away.');
  });
});

describe('which orders a conflict is shown on', () => {
  // Stock 3: A's 2 fit, B's 2 take the last one and one past it, C's 1 is past it too.
  const projection = () => given(waffles(3), placed('A', WEBSITE), placed('B', CLERK), placed('C', CLERK, 1));

  it('an oversold item: on each order holding units past the stock, not on one within it; each order its own conflicts', () => {
    const conflicts = projection().conflicts();
    const ofOrder = indexByOrder(() => conflicts);
    const oversold = conflicts.find((c) => c.kind === 'oversold')!;
    expect(oversold.message).toContain('N-B (Customer B): 1 of its 2 units; N-C (Customer C): 1 unit');
    expect(ofOrder('B')).toEqual([oversold]);
    expect(ofOrder('C')).toEqual([oversold]);
    expect(ofOrder('A')).toEqual([]);
    const own: Conflict = { ...edit, orderId: 'C' };
    expect(indexByOrder(() => [own, oversold])('C')).toEqual([own, oversold]);
  });

  it("so too from the device's snapshot, shown before its copy is loaded", () => {
    const fromSnapshot = conflictsOf(readModelOf(projection()))!;
    expect(indexByOrder(() => fromSnapshot)('C').map((c) => c.kind)).toEqual(['oversold']);
  });
});
