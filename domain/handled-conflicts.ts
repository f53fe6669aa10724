// Conflicts a manager has marked handled (the ConflictHandled extension). A conflict is
// derived from the log, so it has no id of its own: it is named by what the projection
// reports of it (kind, order or item, events). The same conflict, reported again with the
// same events, stays handled; one that gains an event (a third order oversold, a second
// payment too many) is new information and is open again. Handled conflicts stay listed:
// nothing is hidden, the mark only says someone dealt with it, who, when and why. Every mark
// is kept: two managers marking one conflict unseen are both shown, and a conflict open again
// shows how it was handled before (stock already raised, say). A mark on the wrong conflict is
// taken back by a reopen (ConflictReopened); the later of a mark and a reopen in fold order stands.
import { MAX_HANDLED_IDS } from './schema';
import type { ConflictRef, FundraiserEvent, HandledEvent } from './events';
import { foldOrder } from './types';
import type { Conflict, Handled, Logged, Rejected } from './types';

type Mark = Logged<HandledEvent>;

/** How a ConflictHandled names this conflict: its events sorted (at most MAX_HANDLED_IDS), their count, past that a digest. */
export function conflictRef(conflict: Conflict): ConflictRef {
  const all = [...new Set(conflict.eventIds)].sort();
  return {
    kind: conflict.kind, ...(conflict.orderId ? { orderId: conflict.orderId } : {}),
    ...(conflict.itemId ? { itemId: conflict.itemId } : {}), eventIds: all.slice(0, MAX_HANDLED_IDS), eventCount: all.length,
    ...(all.length > MAX_HANDLED_IDS ? { digest: digestOf(all) } : {}),
  };
}

/** What the conflict is about, whatever its events: a mark of it is "handled before" once they change. */
export function subjectOf(ref: { kind: string; orderId?: string | undefined; itemId?: string | undefined }): string {
  return `${ref.kind}\u0000${ref.orderId ?? ''}\u0000${ref.itemId ?? ''}`;
}

/** The ref as a writer may have ordered it: the key does not depend on how its ids were listed. */
function keyOf(ref: ConflictRef): string {
  const ids = [...new Set(ref.eventIds)].sort().join(',');
  return `${subjectOf(ref)}\u0000${ids}\u0000${ref.eventCount}\u0000${ref.digest ?? ''}`;
}

export class HandledConflicts {
  private readonly byKey = new Map<string, Mark[]>();
  private readonly bySubject = new Map<string, Mark[]>();
  /** A mark written twice with one id (a device re-sending after a crash) counts once, the
   *  first in fold order, as order and catalog events do; the others are rejected. */
  private readonly byId = new Map<string, Mark[]>();
  /** Each reported conflict's key: an order's conflicts stay the same objects until it changes, and
   *  conflicts() is read after every change, so the sort (and digest) is not redone per read. */
  private readonly keys = new WeakMap<Conflict, string>();

  add(entry: Mark): void {
    const ref = entry.event.data.conflict;
    push(this.byId, entry.event.id, entry);
    push(this.byKey, keyOf(ref), entry);
    push(this.bySubject, subjectOf(ref), entry);
  }

  /** The conflicts with their marks, the same on every replica: fold order decides. */
  mark(conflicts: Conflict[]): Conflict[] {
    if (this.byKey.size === 0) return conflicts;
    return conflicts.map((conflict) => {
      const own = this.counted(this.byKey.get(this.keyOfConflict(conflict)));
      if (own.length > 0) return { ...conflict, ...marksOf(own) };
      const before = this.counted(this.bySubject.get(subjectOf(conflict))).filter((m) => isHandled(m) && shareEvents(m, conflict)).at(-1);
      return before ? { ...conflict, handledBefore: handledBy(before) } : conflict;
    });
  }

  /** Copies of a mark after its first in fold order: applied once, so reported as rejected. */
  rejected(): Rejected[] {
    const copies = [...this.byId.values()].filter((same) => same.length > 1).flatMap((same) => inFoldOrder(same).slice(1));
    return copies.map(({ log, event }) => ({ log, eventId: event.id, reason: `event ${event.id} is already applied` }));
  }

  /** The marks in fold order, each id once. */
  private counted(marks: Mark[] | undefined): Mark[] {
    return inFoldOrder(marks).filter((mark) => this.isFirstCopy(mark));
  }

  private isFirstCopy(mark: Mark): boolean {
    const same = this.byId.get(mark.event.id)!;
    return same.length === 1 || same.every((other) => other === mark || foldOrder(mark, other) < 0);
  }

  private keyOfConflict(conflict: Conflict): string {
    let key = this.keys.get(conflict);
    if (key === undefined) this.keys.set(conflict, (key = keyOf(conflictRef(conflict))));
    return key;
  }
}

/**
 * A conflict's own marks and reopens, in fold order. After the last reopen, the marks stand:
 * `handled` the first, `alsoHandled` the others. With none after it, it is open, and says who
 * reopened it and how it had been handled.
 */
function marksOf(own: Mark[]): Pick<Conflict, 'handled' | 'alsoHandled' | 'reopened' | 'handledBefore'> {
  const lastReopen = own.map(isHandled).lastIndexOf(false);
  const standing = own.slice(lastReopen + 1).map(handledBy);
  if (standing.length > 0) {
    const [first, ...others] = standing;
    return { handled: first!, ...(others.length > 0 ? { alsoHandled: others } : {}) };
  }
  const before = own.slice(0, lastReopen).filter(isHandled).at(-1);
  return { reopened: handledBy(own[lastReopen]!), ...(before ? { handledBefore: handledBy(before) } : {}) };
}

const isHandled = (mark: Mark) => mark.event.type === 'ConflictHandled';

/** An event that marks a conflict handled or reopens it: not an order's, not the catalog's. */
export function isMark(event: FundraiserEvent): event is HandledEvent {
  return event.type === 'ConflictHandled' || event.type === 'ConflictReopened';
}

/**
 * Whether a mark was of this conflict before it changed: an item has one `oversold` conflict,
 * whichever orders it names now; an order may have two conflicts of one kind (two pairs of
 * concurrent edits), so there the mark must name some of the conflict's events.
 */
function shareEvents(mark: Mark, conflict: Conflict): boolean {
  if (conflict.itemId !== undefined && conflict.orderId === undefined) return true;
  const ids = new Set(conflict.eventIds);
  return mark.event.data.conflict.eventIds.some((id) => ids.has(id));
}

function push(map: Map<string, Mark[]>, key: string, entry: Mark): void {
  const marks = map.get(key);
  if (marks) marks.push(entry);
  else map.set(key, [entry]);
}

function inFoldOrder(marks: Mark[] | undefined): Mark[] {
  return marks ? [...marks].sort(foldOrder) : [];
}

function handledBy({ event }: Mark): Handled {
  const { note } = event.data;
  return { eventId: event.id, at: event.at, actor: event.actor, ...(note ? { note } : {}) };
}

/** FNV-1a over the ids, two 26-bit halves (exact in doubles): a long conflict's events in 13 hex digits. */
function digestOf(ids: string[]): string {
  let low = 0x811c9dc5 & 0x3ffffff;
  let high = 0x1000193 & 0x3ffffff;
  for (const id of ids) {
    for (let i = 0; i < id.length; i++) {
      low = Math.imul(low ^ id.charCodeAt(i), 0x01000193) >>> 6;
      high = Math.imul(high ^ low, 0x01000193) >>> 6;
    }
    low = Math.imul(low ^ 0x2c, 0x01000193) >>> 6; // the separator: ["ab","c"] is not ["a","bc"]
  }
  return (high * 2 ** 26 + low).toString(16);
}

/** The reported conflict a ref names, if it is still reported as named. */
export function findConflict(conflicts: readonly Conflict[], ref: ConflictRef): Conflict | undefined {
  const key = keyOf(ref);
  return conflicts.find((conflict) => keyOf(conflictRef(conflict)) === key);
}

/** Whether a conflict is still to be dealt with. */
export function isOpen(conflict: Conflict): boolean {
  return conflict.handled === undefined;
}
