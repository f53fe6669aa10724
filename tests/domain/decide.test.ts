// decide(command, state): Given events, When a command, Then events or a typed refusal.
import { describe, expect, it } from 'vitest';
import {
  accepted, at, CLERK, coffee, event, given, MANAGER, openWebsite, placed, refusal, waffles, WEBSITE, when,
} from './fixtures';

const customer = { name: 'Anna Berg', email: 'anna@example.org' };
const webOrder = (lines: unknown[]) => ({ type: 'PlaceOrder', orderId: 'w1', orderNumber: 'W-1', customer, lines });

describe('PlaceOrder from the website', () => {
  it('Given an open website, When a customer orders, Then the lines are priced from the catalog', () => {
    const state = given(waffles(), coffee(), openWebsite());
    const [placedEvent] = accepted(when(state, webOrder([{ itemId: 'waffle', quantity: 2 }, { itemId: 'coffee', quantity: 1 }]), WEBSITE));
    expect(placedEvent).toMatchObject({
      type: 'OrderPlaced', actor: WEBSITE,
      data: { lines: [{ itemId: 'waffle', quantity: 2, unitPriceCents: 350 }, { itemId: 'coffee', quantity: 1, unitPriceCents: 200 }] },
    });
  });

  it('Given a closed website, When a customer orders, Then it is refused as closed', () => {
    expect(refusal(when(given(waffles()), webOrder([{ itemId: 'waffle', quantity: 1 }]), WEBSITE)).code).toBe('closed');
  });

  it('Given a price in the request, Then it is refused beside that field', () => {
    const error = refusal(when(given(waffles(), openWebsite()), webOrder([{ itemId: 'waffle', quantity: 1, unitPriceCents: 1 }]), WEBSITE));
    expect(error).toMatchObject({ code: 'invalid', field: 'lines.0.unitPriceCents' });
  });

  it('Given the prices the page showed, When the catalog changed since, Then price_changed names the line and the new price', () => {
    const state = given(waffles(), coffee(), openWebsite());
    const order = (expectedPrices: Record<string, number>) => ({ ...webOrder([{ itemId: 'coffee', quantity: 1 }, { itemId: 'waffle', quantity: 2 }]), expectedPrices });
    expect(refusal(when(state, order({ coffee: 200, waffle: 300 }), WEBSITE))).toEqual({
      code: 'price_changed', field: 'lines.1.itemId', message: '"Waffle" now costs 3.50, not 3.00.',
    });
    const [placedEvent] = accepted(when(state, order({ coffee: 200, waffle: 350 }), WEBSITE));
    expect(placedEvent!.data).not.toHaveProperty('expectedPrices'); // what the page showed is not the order's
    expect(accepted(when(state, order({ coffee: 200 }), WEBSITE))).toHaveLength(1); // a price not said is not checked
  });

  it('Given an unknown item, Then unknown_item names the line', () => {
    const error = refusal(when(given(waffles(), openWebsite()), webOrder([{ itemId: 'pizza', quantity: 1 }]), WEBSITE));
    expect(error).toMatchObject({ code: 'unknown_item', field: 'lines.0.itemId' });
  });

  it('Given 3 waffles left, When 4 are ordered, Then sold_out says how many are left', () => {
    const state = given(waffles(5), openWebsite(), placed('o1', WEBSITE, 2));
    const error = refusal(when(state, webOrder([{ itemId: 'waffle', quantity: 4 }]), WEBSITE));
    expect(error).toMatchObject({ code: 'sold_out', field: 'lines.0.quantity', message: 'Only 3 of "Waffle" left.' });
  });

  it('Given a withdrawn item (stock 0), Then it is sold out', () => {
    const withdrawn = event('ItemChanged', { itemId: 'waffle', stock: 0 }, MANAGER, { id: 'withdraw' });
    const error = refusal(when(given(waffles(), openWebsite(), withdrawn), webOrder([{ itemId: 'waffle', quantity: 1 }]), WEBSITE));
    expect(error).toMatchObject({ code: 'sold_out', message: '"Waffle" is sold out.' });
  });

  it('Given bad input, Then the issues name the fields', () => {
    const error = refusal(when(given(waffles(), openWebsite()), { ...webOrder([{ itemId: 'waffle', quantity: 0 }]), customer: { name: ' ' } }, WEBSITE));
    expect(error.code).toBe('invalid');
    expect(error.issues?.map((i) => i.path)).toEqual(expect.arrayContaining(['customer.name', 'lines.0.quantity']));
  });

  it('Given an existing order id, Then it is refused as exists', () => {
    const state = given(waffles(), openWebsite(), placed('w1', WEBSITE));
    expect(refusal(when(state, webOrder([{ itemId: 'waffle', quantity: 1 }]), WEBSITE)).code).toBe('exists');
  });
});

describe('PlaceOrder from a device', () => {
  it('Given a closed website, When the clerk takes a last-minute order, Then it is accepted', () => {
    const [e] = accepted(when(given(waffles()), { ...webOrder([{ itemId: 'waffle', quantity: 1 }]), orderNumber: 'C1-1' }, CLERK));
    expect(e).toMatchObject({ type: 'OrderPlaced', actor: CLERK });
  });

  it('Given the stock known on the clerk\'s device is gone, When she sells anyway (beyondStock), Then it is accepted, and the event is only the order', () => {
    const soldOut = given(waffles(2), openWebsite(), placed('o1', WEBSITE, 2));
    const order = { ...webOrder([{ itemId: 'waffle', quantity: 1 }]), orderNumber: 'C1-1' };
    expect(refusal(when(soldOut, order, CLERK))).toMatchObject({ code: 'sold_out', message: '"Waffle" is sold out.' });
    const [e] = accepted(when(soldOut, { ...order, beyondStock: true }, CLERK));
    expect(e!.data).not.toHaveProperty('beyondStock');
    expect(refusal(when(soldOut, { ...webOrder([{ itemId: 'waffle', quantity: 1 }]), beyondStock: true }, WEBSITE))).toMatchObject({ code: 'invalid', field: 'beyondStock' });
  });

  it('Given a manager naming a price, Then the price is kept (a trusted discount)', () => {
    const [e] = accepted(when(given(waffles()), webOrder([{ itemId: 'waffle', quantity: 1, unitPriceCents: 100 }]), MANAGER));
    expect(e).toMatchObject({ data: { lines: [{ unitPriceCents: 100 }] } });
  });
});

describe('ChangeLines', () => {
  const state = () => given(waffles(4), placed('o1', WEBSITE, 2));

  it('counts the units the order already holds as available to it', () => {
    const [e] = accepted(when(state(), { type: 'ChangeLines', orderId: 'o1', lines: [{ itemId: 'waffle', quantity: 4 }] }, CLERK));
    expect(e).toMatchObject({ type: 'OrderLinesChanged', after: 'place-o1' });
  });

  it('refuses more than is left', () => {
    const error = refusal(when(state(), { type: 'ChangeLines', orderId: 'o1', lines: [{ itemId: 'waffle', quantity: 5 }] }, CLERK));
    expect(error).toMatchObject({ code: 'sold_out', field: 'lines.0.quantity' });
  });

  it('takes more than is left when the device sells past the stock it knows (beyondStock)', () => {
    const [e] = accepted(when(state(), { type: 'ChangeLines', orderId: 'o1', lines: [{ itemId: 'waffle', quantity: 5 }], beyondStock: true }, CLERK));
    expect(e!.data).toEqual({ orderId: 'o1', lines: [{ itemId: 'waffle', quantity: 5, unitPriceCents: 350 }] });
  });

  it('refuses a cancelled order', () => {
    const cancelled = given(waffles(), placed('o1', WEBSITE), event('OrderCancelled', { orderId: 'o1' }, WEBSITE, { id: 'x' }));
    expect(refusal(when(cancelled, { type: 'ChangeLines', orderId: 'o1', lines: [{ itemId: 'waffle', quantity: 1 }] }, CLERK)).code).toBe('cancelled');
  });

  it('refuses an unknown order beside orderId', () => {
    expect(refusal(when(state(), { type: 'ChangeLines', orderId: 'nope', lines: [{ itemId: 'waffle', quantity: 1 }] }, CLERK)))
      .toMatchObject({ code: 'not_found', field: 'orderId' });
  });
});

describe('ChangeCustomer', () => {
  it('records the new details with after pointing at the newest foreign event', () => {
    const [e] = accepted(when(given(waffles(), placed('o1', WEBSITE)), { type: 'ChangeCustomer', orderId: 'o1', customer: { name: 'Bo' } }, MANAGER));
    expect(e).toMatchObject({ type: 'CustomerChanged', after: 'place-o1', data: { customer: { name: 'Bo' } } });
  });
});

describe('CancelOrder', () => {
  it('Given a placed order, When the customer cancels, Then OrderCancelled', () => {
    expect(accepted(when(given(waffles(), placed('o1', WEBSITE)), { type: 'CancelOrder', orderId: 'o1' }, WEBSITE))[0]?.type).toBe('OrderCancelled');
  });

  it('Given a checked-in order, Then not_cancellable', () => {
    const state = given(waffles(), placed('o1', WEBSITE), event('OrderCheckedIn', { orderId: 'o1' }, CLERK, { after: 'place-o1' }));
    expect(refusal(when(state, { type: 'CancelOrder', orderId: 'o1' }, WEBSITE)).code).toBe('not_cancellable');
  });

  it('Given a cancelled order, Then not_cancellable', () => {
    const state = given(waffles(), placed('o1', WEBSITE), event('OrderCancelled', { orderId: 'o1' }, WEBSITE, { id: 'x' }));
    expect(refusal(when(state, { type: 'CancelOrder', orderId: 'o1' }, MANAGER)).code).toBe('not_cancellable');
  });
});

describe('RecordPayment', () => {
  const pay = (amountCents: number, paymentId = 'p1') => ({ type: 'RecordPayment', orderId: 'o1', paymentId, amountCents, method: 'cash' });

  it('accepts up to what is owed', () => {
    expect(accepted(when(given(waffles(), placed('o1', WEBSITE)), pay(700), CLERK))[0]?.type).toBe('PaymentRecorded');
  });

  it('refuses more than is owed, beside the amount', () => {
    expect(refusal(when(given(waffles(), placed('o1', WEBSITE)), pay(701), CLERK))).toMatchObject({ code: 'overpayment', field: 'amountCents' });
  });

  it('refuses a payment id already recorded', () => {
    const paid = event('PaymentRecorded', { orderId: 'o1', paymentId: 'p1', amountCents: 100, method: 'card' }, CLERK, { after: 'place-o1' });
    expect(refusal(when(given(waffles(), placed('o1', WEBSITE), paid), pay(100), CLERK)).code).toBe('exists');
  });

  it('refuses a website writer (only devices take payments)', () => {
    expect(refusal(when(given(waffles(), placed('o1', WEBSITE)), pay(100), WEBSITE)).code).toBe('forbidden');
  });

  it('refuses a zero amount beside the field', () => {
    expect(refusal(when(given(waffles(), placed('o1', WEBSITE)), pay(0), CLERK)).issues?.[0]?.path).toBe('amountCents');
  });
});

describe('CheckIn', () => {
  it('Given a cancelled order, Then it cannot be checked in', () => {
    const state = given(waffles(), placed('o1', WEBSITE), event('OrderCancelled', { orderId: 'o1' }, WEBSITE, { id: 'x' }));
    expect(refusal(when(state, { type: 'CheckIn', orderId: 'o1' }, CLERK)).code).toBe('cancelled');
  });

  it('Given a checked-in order, Then already_checked_in', () => {
    const state = given(waffles(), placed('o1', WEBSITE), event('OrderCheckedIn', { orderId: 'o1' }, CLERK, { after: 'place-o1' }));
    expect(refusal(when(state, { type: 'CheckIn', orderId: 'o1' }, CLERK)).code).toBe('already_checked_in');
  });

  it('Given a placed order, Then OrderCheckedIn with the time and id given', () => {
    const [e] = accepted(when(given(waffles(), placed('o1', WEBSITE)), { type: 'CheckIn', orderId: 'o1' }, CLERK, at('18:00')));
    expect(e).toMatchObject({ type: 'OrderCheckedIn', at: at('18:00'), actor: CLERK });
  });
});

describe('the catalog', () => {
  it('DefineItem refuses an existing id; a clerk may not define items', () => {
    const define = { type: 'DefineItem', itemId: 'waffle', name: 'W', priceCents: 1, stock: null };
    expect(refusal(when(given(waffles()), define, MANAGER))).toMatchObject({ code: 'exists', field: 'itemId' });
    expect(refusal(when(given(), define, CLERK)).code).toBe('forbidden');
    expect(accepted(when(given(), define, MANAGER))[0]?.type).toBe('ItemDefined');
  });

  it('ChangeItem refuses stock below what is sold, and an empty change', () => {
    const state = given(waffles(10), placed('o1', WEBSITE, 3));
    expect(refusal(when(state, { type: 'ChangeItem', itemId: 'waffle', stock: 2 }, MANAGER))).toMatchObject({ code: 'below_sold', field: 'stock' });
    expect(refusal(when(state, { type: 'ChangeItem', itemId: 'waffle' }, MANAGER)).code).toBe('no_change');
    expect(accepted(when(state, { type: 'ChangeItem', itemId: 'waffle', stock: 3, priceCents: 400 }, MANAGER))[0]?.type).toBe('ItemChanged');
  });

  it('SetWebsiteOrdering is the manager’s', () => {
    expect(accepted(when(given(), { type: 'SetWebsiteOrdering', open: true }, MANAGER))[0]?.type).toBe('WebsiteOrderingSet');
    expect(refusal(when(given(), { type: 'SetWebsiteOrdering', open: true }, CLERK)).code).toBe('forbidden');
  });

  it('an unknown command type is invalid, not a crash', () => {
    expect(refusal(when(given(), { type: 'DropTables' }, MANAGER)).code).toBe('invalid');
    expect(refusal(when(given(), null, MANAGER)).code).toBe('invalid');
  });
});
