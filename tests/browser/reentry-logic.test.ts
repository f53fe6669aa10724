// Re-entering a device's export, in Node: what the export holds that the current copy lacks
// becomes the manager's commands; what the current copy undid on purpose is not brought back;
// orders that differ are named, not overwritten; a second pass finds nothing left.
import { describe, expect, it } from 'vitest';
import { decide, Projection } from '../../domain';
import type { FundraiserEvent } from '../../domain';
import { compareExport, parseExport } from '../../client/manager/reentry';
import { at, CLERK, event, MANAGER, placed, waffles, WEBSITE } from '../domain/fixtures';

const pay = (orderId: string, paymentId: string, amountCents = 700) =>
  event('PaymentRecorded', { orderId, paymentId, amountCents, method: 'cash' }, CLERK, { id: `ev-${paymentId}` });
const checkIn = (orderId: string) => event('OrderCheckedIn', { orderId }, CLERK, { id: `in-${orderId}` });

// What the server kept (restored from the backup), with the manager's own work since.
const restored: FundraiserEvent[] = [
  waffles(20), placed('o1', WEBSITE, 2), placed('o3', CLERK, 2), pay('o3', 'p3'),
  event('PaymentVoided', { orderId: 'o3', paymentId: 'p3' }, MANAGER, { id: 'void-p3', after: 'ev-p3' }),
  placed('o4', CLERK, 2), checkIn('o4'), event('CheckInUndone', { orderId: 'o4' }, MANAGER, { id: 'undo-o4', after: 'in-o4' }),
  placed('o6', CLERK, 2),
  placed('o7', CLERK, 2), pay('o7', 'p7'), checkIn('o7'),
];
// The clerk's copy: the backup's events and the door's work since (o3's payment and o4's check-in
// as before the manager undid them there; o6 changed on the clerk's side).
const clerkCopy: FundraiserEvent[] = [
  waffles(20), placed('o1', WEBSITE, 2), pay('o1', 'p1'), checkIn('o1'),
  placed('o2', CLERK, 1), pay('o2', 'p2', 350), checkIn('o2'),
  placed('o3', CLERK, 2), pay('o3', 'p3'), placed('o4', CLERK, 2), checkIn('o4'),
  placed('o5', CLERK, 1), event('OrderCancelled', { orderId: 'o5' }, CLERK, { id: 'cancel-o5' }),
  placed('o6', CLERK, 2), event('OrderLinesChanged', { orderId: 'o6', lines: [{ itemId: 'waffle', quantity: 3, unitPriceCents: 350 }] }, CLERK, { id: 'lines-o6' }),
  // The clerk's "Undo a mistake" after the backup, on work the backup holds: it must not be lost.
  placed('o7', CLERK, 2), pay('o7', 'p7'), checkIn('o7'),
  event('PaymentVoided', { orderId: 'o7', paymentId: 'p7' }, CLERK, { id: 'void-p7', after: 'in-o7' }),
  event('CheckInUndone', { orderId: 'o7' }, CLERK, { id: 'undo-o7', after: 'void-p7' }),
];

function fold(events: FundraiserEvent[]): Projection {
  return Projection.fold(events.filter((e) => e.actor.role === 'website'), events.filter((e) => e.actor.role !== 'website'));
}
function exportOf(events: FundraiserEvent[], fid = 'demo') {
  const text = JSON.stringify({ fid, exportedAt: at('23:00'), epoch: 'e1', website: events.filter((e) => e.actor.role === 'website'), replicated: events.filter((e) => e.actor.role !== 'website'), damagedRecords: [] });
  const parsed = parseExport(text);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.value;
}

describe("re-entering a device's export", () => {
  it('offers what is missing, not what was undone here, and names orders that differ', () => {
    const { reentries, differing } = compareExport(exportOf(clerkCopy), fold(restored));
    expect(reentries.map((r) => [r.orderNumber, r.steps.map((s) => s.text)])).toEqual([
      ['N-o1', ['take 7.00 cash', 'check it in']],
      ['N-o2', ['place the order (1 × Waffle; 3.50 in all)', 'take 3.50 cash', 'check it in']],
      ['N-o7', ['undo the 7.00 cash payment (recorded by mistake)', 'undo its check-in']],
    ]);
    expect(differing).toEqual([{ orderNumber: 'N-o6', name: 'Customer o6', what: 'lines differ' }]);
  });

  it("the manager's commands are accepted, keep the export's ids, and a second pass finds nothing", () => {
    const log = [...restored];
    let n = 0;
    for (const reentry of compareExport(exportOf(clerkCopy), fold(log)).reentries) {
      for (const step of reentry.steps) {
        const decision = decide(step.command, fold(log), { eventId: `re-${++n}`, at: at('23:10'), actor: MANAGER });
        if (!decision.ok) throw new Error(decision.error.message);
        log.push(...decision.events);
      }
    }
    const after = fold(log);
    expect(after.order('o1')).toMatchObject({ status: 'checked_in', paidCents: 700 });
    expect(after.order('o2')).toMatchObject({ orderNumber: 'N-o2', status: 'checked_in', paidCents: 350, placedBy: MANAGER });
    expect(after.order('o2')?.payments.map((p) => p.paymentId)).toEqual(['p2']);
    expect(after.order('o7')).toMatchObject({ status: 'placed', paidCents: 0, checkedIn: false });
    expect(compareExport(exportOf(clerkCopy), after).reentries).toEqual([]);
    expect(after.conflicts()).toEqual([]);
  });

  it("counts the file's entries that could not be read or applied", () => {
    const damaged = exportOf(restored);
    damaged.replicated.push({ type: 'PaymentRecorded', data: 'garbage' }, pay('nowhere', 'p9'));
    expect(compareExport(damaged, fold(restored))).toMatchObject({ reentries: [], ignored: 2 });
  });

  it('refuses a file that is not an export, plainly', () => {
    expect(parseExport('{"not":"an export"}')).toMatchObject({ ok: false, reason: expect.stringMatching(/^This file is not an export of this app/) });
    expect(parseExport('PK\u0003\u0004')).toMatchObject({ ok: false, reason: expect.stringMatching(/not JSON/) });
  });
});
