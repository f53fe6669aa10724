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
    expect(mark).toMatchObject({ type: 'ConflictHandled', data: { conflict: { kind: 'oversold', itemId: 'waffle', eventIds: ['place-o3'] }, note: 'Baked two more.' } });
    const after = given(...oversoldLog, mark);
    expect(after.conflicts()).toEqual([{ ...oversold, handled: { eventId: mark.id, at: mark.at, actor: MANAGER, note: 'Baked two more.' } }]);
    expect(after.conflicts().filter(isOpen)).toEqual([]);
    expect(after.counts().rejected).toBe(0);
  });

  it('a conflict that gains an event is open again: another order past the stock is news', () => {
    const [oversold] = given(...oversoldLog).conflicts();
    const mark = handle(oversoldLog, oversold!);
    const later = given(...oversoldLog, mark, placed('o4', CLERK_2, 1));
    expect(later.conflicts()).toHaveLength(1);
    expect(later.conflicts()[0]).toMatchObject({ eventIds: ['place-o3', 'place-o4'] });
    expect(later.conflicts()[0]?.handled).toBeUndefined();
  });

  it('refuses a conflict no longer reported as shown, one handled already, and a clerk', () => {
    const [oversold] = given(...oversoldLog).conflicts();
    const mark = handle(oversoldLog, oversold!);
    const stale = { ...conflictRef(oversold!), eventIds: ['place-o2'] };
    expect(refusal(when(given(...oversoldLog), { type: 'HandleConflict', conflict: stale }, MANAGER)).code).toBe('not_found');
    expect(refusal(when(given(...oversoldLog, mark), { type: 'HandleConflict', conflict: conflictRef(oversold!) }, MANAGER)).code).toBe('already_handled');
    expect(refusal(when(given(...oversoldLog), { type: 'HandleConflict', conflict: conflictRef(oversold!) }, CLERK)).code).toBe('forbidden');
  });

  it('two managers marking one conflict unseen: the first in the log is shown, on every replica alike', () => {
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
  });

  it('a mark names at most MAX_HANDLED_IDS events; the log refuses a mark a clerk wrote', () => {
    const many: Conflict = { kind: 'oversold', itemId: 'waffle', eventIds: Array.from({ length: 250 }, (_, i) => `e${i}`), message: '' };
    expect(conflictRef(many).eventIds).toHaveLength(MAX_HANDLED_IDS);
    const byClerk = event('ConflictHandled', { conflict: conflictRef(many) }, CLERK, { id: 'm', at: at('19:00') });
    expect(parseLogEntry('replicated', byClerk)).toEqual({ ok: false, reason: 'a clerk may not write ConflictHandled' });
  });
});
