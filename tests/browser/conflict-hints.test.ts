// What the apps tell a volunteer to do about a conflict (client/device-ui/conflict-hints.ts),
// in Node: the advice must be something the screen lets them do.
import { describe, expect, it } from 'vitest';
import type { Conflict } from '../../domain';
import { conflictHint } from '../../client/device-ui/conflict-hints';

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
