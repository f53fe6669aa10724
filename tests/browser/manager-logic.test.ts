// The manager app's pure parts, in Node: what an order owes or must get back, the prices a lines
// change saves, the device's own clock for the domain's UTC times, the catalog form's words,
// and the device-built CSV.
import { describe, expect, it } from 'vitest';
import type { CatalogItem, OrderView } from '../../domain';
import { balanceOf, balanceText, changedTotal, moneyTotals, orderPricedItems } from '../../client/device-ui/balance';
import { parseDraft } from '../../client/manager/catalog-draft';
import { screenErrors, screenMessage } from '../../client/device-ui/screen-text';
import { ordersCsv as localCsv, placedBy } from '../../sync-server/shared/orders-csv';
import { paymentsCsv } from '../../sync-server/shared/payments-csv';
import { dateTime, localClockTimes } from '../../client/shared/time';

const money = (totalCents: number, paidCents: number, cancelled = false) => ({ totalCents, paidCents, cancelled });

describe('balance', () => {
  it('says what an order owes, or what must go back, and "paid" only when settled', () => {
    expect(balanceText(balanceOf(money(430, 0)))).toBe('owes €\u00a04.30');
    expect(balanceText(balanceOf(money(250, 800)))).toBe('refund €\u00a05.50'); // an amend cut it
    expect(balanceText(balanceOf(money(250, 250, true)))).toBe('refund €\u00a02.50'); // cancelled: every payment goes back
    expect(balanceText(balanceOf(money(250, 0, true)))).toBe('paid');
    expect(balanceText(balanceOf(money(900, 900)))).toBe('paid');
  });

  it('sums what active orders still owe and what is to refund, cancelled orders\' payments included', () => {
    const orders = [money(430, 0), money(1000, 400), money(250, 800), money(900, 900), money(700, 300, true), money(500, 0, true)];
    expect(moneyTotals(orders)).toEqual({ stillOwedCents: 430 + 600, toRefundCents: 550 + 300 });
  });

  it('prices a lines change as decide() saves it: the order\'s own price for lines it holds, the catalog\'s for new items', () => {
    const items = [item('waffle', 200), item('coffee', 150)];
    const priced = orderPricedItems(items, { lines: [{ itemId: 'waffle', quantity: 4, unitPriceCents: 150 }] });
    expect(priced.map((i) => [i.itemId, i.priceCents])).toEqual([['waffle', 150], ['coffee', 150]]);
    expect(items[0]!.priceCents).toBe(200); // the catalog itself is left as it is
    const order = { lines: [{ itemId: 'waffle', quantity: 4, unitPriceCents: 150 }, { itemId: 'gone', quantity: 1, unitPriceCents: 300 }] };
    expect(changedTotal(orderPricedItems(items, order), order, { waffle: 2, coffee: 1, gone: 1 })).toBe(2 * 150 + 150 + 300); // an item no longer listed keeps its price
  });
});

describe('times in the device\'s zone and locale', () => {
  it('turns the domain\'s "18:05 UTC [event x]" into local time, on the event\'s own day where known', () => {
    const zone = process.env.TZ;
    process.env.TZ = 'Europe/Brussels';
    try {
      const message = 'clerk tom (device d1) checked it in at 18:05 UTC [event e-1]; manager cancelled it at 09:30 UTC [event e-2].';
      const at = (id: string) => (id === 'e-1' ? '2026-07-01T18:05:00.000Z' : undefined); // summer: UTC+2
      expect(localClockTimes(message, at, new Date('2026-11-30T12:00:00Z'))).toBe('clerk tom (device d1) checked it in at 20:05 [event e-1]; manager cancelled it at 10:30 [event e-2].');
      expect(localClockTimes('no times here 12:00')).toBe('no times here 12:00');
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });

  it('names the month in a date, so 11/30 and 30/11 cannot be mixed up', () => {
    expect(dateTime('2026-11-30T16:05:00Z')).toMatch(/Nov/);
    expect(dateTime('2026-11-30T16:05:00Z')).not.toMatch(/\d+\/\d+/);
    expect(dateTime('not a time')).toBe('not a time');
  });
});

describe('domain messages on the manager\'s screens', () => {
  it('start upper case, as sentences: a conflict that begins with who did it, a refusal that begins with an id', () => {
    expect(screenMessage('manager (device d1) changed item waffle, but no item waffle exists. Nothing was changed.')).toBe('Manager (device d1) changed item waffle, but no item waffle exists. Nothing was changed.');
    expect(screenErrors({ orderId: 'order o-1 already exists', _form: 'Only 2.00 is still owed.' })).toEqual({ orderId: 'Order o-1 already exists', _form: 'Only 2.00 is still owed.' });
  });
});

describe('catalog form', () => {
  it('says in plain words what the domain\'s schema would say as "Too small: expected number to be >=0"', () => {
    expect(parseDraft({ name: 'Waffle', price: '2.50', stock: '-1' })).toEqual({ ok: false, errors: { stock: 'Enter 0 to 1000000, or leave empty for unlimited.' } });
    expect(parseDraft({ name: 'Waffle', price: '2000000', stock: '' })).toEqual({ ok: false, errors: { priceCents: 'At most 1000000.00.' } });
    expect(parseDraft({ name: 'Waffle', price: '2,5', stock: '' })).toEqual({ ok: true, priceCents: 250, stock: null });
  });
});

describe('the CSV (server and device alike: sync-server/shared/orders-csv.ts)', () => {
  it('names items as the catalog does (ids it does not know kept), carries the note, and "placed by" without the doubled word', () => {
    const names = new Map([['waffle', 'Waffle with cream']]);
    const csv = localCsv([
      order('MWC-2', { role: 'clerk', userId: 'tom', deviceId: 'd2' }, [{ itemId: 'waffle', quantity: 2, unitPriceCents: 350 }, { itemId: 'gone', quantity: 1, unitPriceCents: 100 }], 'Table 4, "no nuts"'),
      order('MWC-1', { role: 'manager', userId: 'manager', deviceId: 'd1' }, [{ itemId: 'waffle', quantity: 1, unitPriceCents: 350 }]),
    ], { timeZone: 'UTC', itemName: (id) => names.get(id) }).split('\r\n');
    expect(csv[0]!.split(',').slice(-4)).toEqual(['placed at (UTC)', 'offset', 'placed by', 'note']);
    expect(csv[1]).toContain(',1 x Waffle with cream @ 3.50,');
    expect(csv[1]!.endsWith(',2026-11-30 18:00:00,UTC+00:00,manager,')).toBe(true); // not "manager manager"; no note
    expect(csv[2]).toContain(',2 x Waffle with cream @ 3.50; 1 x gone @ 1.00,');
    expect(csv[2]!.endsWith(',tom (clerk),"Table 4, ""no nuts"""')).toBe(true);
    expect(placedBy({ role: 'website', userId: 'website', deviceId: 'server' })).toBe('website');
  });

  it('gives what each method kept (refunds taken off) and what was refunded, so the cash box can be counted from it', () => {
    const paid = order('W-6', { role: 'website', userId: 'website', deviceId: 'server' }, [{ itemId: 'waffle', quantity: 1, unitPriceCents: 4050 }]);
    const actor = { role: 'clerk' as const, userId: 'tom', deviceId: 'd2' };
    const payment = (paymentId: string, amountCents: number, method: 'cash' | 'card') => ({ paymentId, amountCents, method, eventId: paymentId, at: '2026-11-30T18:00:00.000Z', actor });
    const rows = localCsv([{ ...paid, paidCents: 4050, payments: [payment('p1', 4050, 'card'), payment('p2', 4050, 'cash'), payment('r1', -4050, 'cash')] }], { timeZone: 'UTC' }).split('\r\n');
    const header = rows[0]!.split(',');
    const cell = (name: string) => rows[1]!.split(',')[header.indexOf(name)];
    expect(['cash', 'card', 'online', 'transfer', 'refunded'].map(cell)).toEqual(['0.00', '40.50', '0.00', '0.00', '40.50']);
  });

  it('lists the slips: each payment and refund in the order recorded, with who and on which device', () => {
    const tom = { role: 'clerk' as const, userId: 'tom', deviceId: 'door-1' };
    const mia = { role: 'manager' as const, userId: 'mia', deviceId: 'mia-laptop' };
    const payment = (paymentId: string, amountCents: number, method: 'cash' | 'transfer', at: string, actor: typeof tom | typeof mia) => ({ paymentId, amountCents, method, eventId: paymentId, at, actor });
    const one = order('W-2', mia, [{ itemId: 'waffle', quantity: 1, unitPriceCents: 300 }]);
    const two = order('W-10', mia, [{ itemId: 'waffle', quantity: 1, unitPriceCents: 300 }]);
    const rows = paymentsCsv([
      { ...two, payments: [payment('p2', 300, 'cash', '2026-11-30T19:05:00.000+01:00', tom)] }, // 18:05Z, written with an offset: sorted by instant
      { ...one, status: 'cancelled', payments: [payment('p1', 300, 'cash', '2026-11-30T18:00:00.000Z', tom), payment('r1', -300, 'transfer', '2026-11-30T18:09:00.000Z', mia)] },
    ], 'Europe/Brussels').split('\r\n');
    expect(rows[0]).toBe('\uFEFFrecorded at (Europe/Brussels),offset,order number,order id,payment id,kind,method,amount,recorded by,device,order status');
    expect(rows.slice(1)).toEqual([
      '2026-11-30 19:00:00,UTC+01:00,W-2,id-W-2,p1,payment,cash,3.00,tom (clerk),door-1,cancelled',
      '2026-11-30 19:05:00,UTC+01:00,W-10,id-W-10,p2,payment,cash,3.00,tom (clerk),door-1,placed',
      '2026-11-30 19:09:00,UTC+01:00,W-2,id-W-2,r1,refund,transfer,-3.00,mia (manager),mia-laptop,cancelled',
      '',
    ]);
  });
});

function item(itemId: string, priceCents: number): CatalogItem {
  return { itemId, name: itemId, priceCents, stock: null, sold: 0, available: null } as CatalogItem;
}

function order(orderNumber: string, placedBy: OrderView['placedBy'], lines: OrderView['lines'], note?: string): OrderView {
  const totalCents = lines.reduce((sum, l) => sum + l.quantity * l.unitPriceCents, 0);
  return {
    orderId: `id-${orderNumber}`, orderNumber, status: 'placed', customer: { name: 'Anna' }, lines, ...(note ? { note } : {}), totalCents, paidCents: 0,
    checkedIn: false, cancelled: false, placedAt: '2026-11-30T18:00:00.000Z', placedBy, payments: [], lastEventId: 'e1',
  };
}
