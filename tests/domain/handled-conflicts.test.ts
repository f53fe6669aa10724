// Handled conflicts (the ConflictHandled extension): the manager marks a conflict dealt with.
// It stays listed, marked with who, when and why; a conflict that gains events is open again;
// every replica marks the same conflicts whatever order it learnt the events in.
import { describe, expect, it } from 'vitest';
import { conflictRef, isOpen, MAX_HANDLED_IDS, parseLogEntry, Projection } from '../../domain';
import type { Conflict, FundraiserEvent } from '../../domain';
import { accepted, at, CLERK, CLERK_2, event, given, MANAGER, placed, refusal, waffles, WEBSITE, when } from './fixtures';

const MANAGER_2 = { role: 'manager', userId: 'lea', deviceId: 'lea-phone' } as const;
// Two waffles in stock: the website's two orders take them, the clerk's door order is one too many.
const oversoldLog = [waffles(2), placed('o1', WEBSITE, 1), placed('o2', WEBSITE, 1), placed('o3', CLERK, 1)];

function handle(log: FundraiserEvent[], conflict: Conflict, actor = MANAGER, note?: string): FundraiserEvent {
  const command = { type: 'HandleConflict', conflict: conflictRef(conflict), ...(note ? { note } : {}) };
  return accepted(when(given(...log), command, actor))[0]!;
}

describe('HandleConflict', () => {
  it('marks the conflict handled, with who, when and the note; it stays in the list', () => {
    const [oversold] = given(...oversoldLog).conflicts();
    expect(oversold).toMatchObject({ kind: 'oversold', itemId: 'waffle', eventIds: ['place-o3'] });
    const mark = handle(oversoldLog, oversold!, MANAGER, 'Baked two more.');
    expect(mark).toMatchObject({ type: 'ConflictHandled', data: { conflict: { kind: 'oversold', itemId: 'waffle', eventIds: ['place-o3'], eventCount: 1 }, note: 'Baked two more.' } });
    const after = given(...oversoldLog, mark);
    expect(after.conflicts()).toEqual([{ ...oversold, handled: { eventId: mark.id, at: mark.at, actor: MANAGER, note: 'Baked two more.' } }]);
    expect(after.conflicts().filter(isOpen)).toEqual([]);
    expect(after.counts().rejected).toBe(0);
  });

  it('a mark written twice with one id (re-sent after a crash) counts once; the copy is rejected, whichever arrives first', () => {
    const [oversold] = given(...oversoldLog).conflicts();
    const mark = handle(oversoldLog, oversold!, MANAGER, 'Baked two more.');
    const twice = given(...oversoldLog, mark, mark);
    expect(twice.conflicts()[0]).toMatchObject({ handled: { eventId: mark.id } });
    expect(twice.conflicts()[0]?.alsoHandled).toBeUndefined();
    expect(twice.rejected()).toEqual([{ log: 'replicated', eventId: mark.id, reason: `event ${mark.id} is already applied` }]);
    const device = oversoldLog.filter((e) => e.actor.role !== 'website');
    const lateFirst = given(...oversoldLog.filter((e) => e.actor.role === 'website'));
    lateFirst.insert('replicated', 0, [...device, mark]); // the copy's place, before the first arrives
    lateFirst.insert('replicated', device.length, [mark]);
    expect(lateFirst.conflicts()).toEqual(twice.conflicts());
    expect(lateFirst.rejected()).toEqual(twice.rejected());
  });

  it('a conflict that gains an event is open again, and says how it was handled before', () => {
    const [oversold] = given(...oversoldLog).conflicts();
    const mark = handle(oversoldLog, oversold!, MANAGER, 'Baked two more.');
    const later = given(...oversoldLog, mark, placed('o4', CLERK_2, 1));
    expect(later.conflicts()).toHaveLength(1);
    expect(later.conflicts()[0]).toMatchObject({ eventIds: ['place-o3', 'place-o4'], handledBefore: { eventId: mark.id, note: 'Baked two more.' } });
    expect(later.conflicts()[0]?.handled).toBeUndefined();
  });

  it("an order's other conflict of the same kind is not taken for the handled one changed", () => {
    const paid = (id: string, actor = CLERK) => event('PaymentRecorded', { orderId: 'o1', paymentId: id, amountCents: 350, method: 'cash' }, actor, { id, after: 'place-o1' });
    const twice = [waffles(), placed('o1', WEBSITE, 1), paid('p1'), paid('p2', CLERK_2)]; // 3.50 paid twice, unseen: overpaid
    const [overpaid] = given(...twice).conflicts();
    expect(overpaid).toMatchObject({ kind: 'overpaid', orderId: 'o1' });
    const mark = handle(twice, overpaid!, MANAGER, 'Gave 3.50 back.');
    const again = given(...twice, mark, paid('p3', MANAGER_2)).conflicts().find((c) => c.kind === 'overpaid')!;
    expect(again.eventIds).toEqual(expect.arrayContaining(['p1', 'p2', 'p3']));
    expect(again).toMatchObject({ handledBefore: { note: 'Gave 3.50 back.' } }); // the same conflict, grown
    const other = { ...mark, id: 'mark-2', data: { conflict: { ...conflictRef(overpaid!), eventIds: ['elsewhere'] } } } as FundraiserEvent;
    expect(given(...twice, other, paid('p3', MANAGER_2)).conflicts().find((c) => c.kind === 'overpaid')?.handledBefore).toBeUndefined();
  });

  it('past 200 events, a mark still notices one more (their count and digest)', () => {
    const crowd = [waffles(1), ...Array.from({ length: 251 }, (_, i) => placed(`o${String(i).padStart(3, '0')}`, CLERK, 1))];
    const [oversold] = given(...crowd).conflicts();
    const mark = handle(crowd, oversold!);
    expect(mark.type === 'ConflictHandled' && mark.data.conflict).toMatchObject({ eventCount: 250, digest: expect.stringMatching(/^[0-9a-f]+$/) });
    expect(given(...crowd, mark).conflicts()[0]?.handled).toBeDefined();
    const oneMore = given(...crowd, mark, placed('zz-last', CLERK_2, 1)); // sorts past the 200 ids named
    expect(oneMore.conflicts()[0]?.handled).toBeUndefined();
    // The same number of events, one swapped for another: the digest tells them apart.
    const swapped = given(...crowd.filter((e) => e.id !== 'place-o250'), mark, placed('zz-other', CLERK_2, 1));
    expect(swapped.conflicts()[0]?.eventIds).toHaveLength(250);
    expect(swapped.conflicts()[0]?.handled).toBeUndefined();
  });

  it('refuses a conflict no longer reported as shown, one handled already, and a clerk', () => {
    const [oversold] = given(...oversoldLog).conflicts();
    const mark = handle(oversoldLog, oversold!);
    const stale = { ...conflictRef(oversold!), eventIds: ['place-o2'] };
    expect(refusal(when(given(...oversoldLog), { type: 'HandleConflict', conflict: stale }, MANAGER)).code).toBe('not_found');
    expect(refusal(when(given(...oversoldLog, mark), { type: 'HandleConflict', conflict: conflictRef(oversold!) }, MANAGER)).code).toBe('already_handled');
    expect(refusal(when(given(...oversoldLog), { type: 'HandleConflict', conflict: conflictRef(oversold!) }, CLERK)).code).toBe('forbidden');
  });

  it('two managers marking one conflict unseen: both marks show, the first in the log first, on every replica alike', () => {
    const [oversold] = given(...oversoldLog).conflicts();
    const mia = { ...handle(oversoldLog, oversold!, MANAGER, 'mia'), id: 'mark-mia' };
    const lea = { ...handle(oversoldLog, oversold!, MANAGER_2, 'lea'), id: 'mark-lea' };
    const website = oversoldLog.filter((e) => e.actor.role === 'website');
    const devices = oversoldLog.filter((e) => e.actor.role !== 'website');
    const one = Projection.fold(website, [...devices, mia, lea]);
    // The same log, learnt in two pieces: the marks first, then the rest inserted before them.
    const other = Projection.fold(website, [mia, lea]);
    other.insert('replicated', 0, devices);
    expect(other.conflicts()).toEqual(one.conflicts());
    expect(one.conflicts()[0]?.handled?.note).toBe('mia');
    expect(one.conflicts()[0]?.alsoHandled?.map((h) => h.note)).toEqual(['lea']);
  });

  it('a mark taken back: the conflict is open, says who reopened it and how it had been handled; marked again, it is handled', () => {
    const [oversold] = given(...oversoldLog).conflicts();
    const mark = handle(oversoldLog, oversold!, MANAGER, 'Baked two more.');
    const reopen = accepted(when(given(...oversoldLog, mark), { type: 'ReopenConflict', conflict: conflictRef(oversold!), note: 'Wrong conflict.' }, MANAGER_2))[0]!;
    expect(reopen).toMatchObject({ type: 'ConflictReopened', data: { note: 'Wrong conflict.' } });
    const reopened = given(...oversoldLog, mark, reopen).conflicts()[0]!;
    expect(reopened).toMatchObject({ reopened: { eventId: reopen.id, note: 'Wrong conflict.' }, handledBefore: { eventId: mark.id } });
    expect(isOpen(reopened)).toBe(true);
    expect(refusal(when(given(...oversoldLog, mark, reopen), { type: 'ReopenConflict', conflict: conflictRef(oversold!) }, MANAGER)).code).toBe('not_handled');
    const again = { ...handle([...oversoldLog, mark, reopen], reopened, MANAGER, 'Really baked.'), id: 'mark-again' };
    expect(given(...oversoldLog, mark, reopen, again).conflicts()[0]).toMatchObject({ handled: { eventId: 'mark-again', note: 'Really baked.' } });
    expect(refusal(when(given(...oversoldLog), { type: 'ReopenConflict', conflict: conflictRef(oversold!) }, CLERK)).code).toBe('forbidden');
  });

  it('a mark names at most MAX_HANDLED_IDS events; the log refuses a mark a clerk wrote', () => {
    const many: Conflict = { kind: 'oversold', itemId: 'waffle', eventIds: Array.from({ length: 250 }, (_, i) => `e${i}`), message: '' };
    expect(conflictRef(many).eventIds).toHaveLength(MAX_HANDLED_IDS);
    expect(conflictRef(many).eventCount).toBe(250);
    const byClerk = event('ConflictHandled', { conflict: conflictRef(many) }, CLERK, { id: 'm', at: at('19:00') });
    expect(parseLogEntry('replicated', byClerk)).toEqual({ ok: false, reason: 'a clerk may not write ConflictHandled' });
  });
});
