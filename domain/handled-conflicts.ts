// Conflicts a manager has marked handled (the ConflictHandled extension). A conflict is
// derived from the log, so it has no id of its own: it is named by what the projection
// reports of it (kind, order or item, events). The same conflict, reported again with the
// same events, stays handled; one that gains an event (a third order oversold, a second
// payment too many) is new information and is open again. Handled conflicts stay listed:
// nothing is hidden, the mark only says someone dealt with it, who, when and why.
import { MAX_HANDLED_IDS } from './schema';
import type { ConflictRef, HandledEvent } from './events';
import { foldOrder } from './types';
import type { Conflict, Handled, Logged } from './types';

/** How a ConflictHandled names this conflict: its events sorted, at most MAX_HANDLED_IDS of them. */
export function conflictRef(conflict: Conflict): ConflictRef {
  const eventIds = [...new Set(conflict.eventIds)].sort().slice(0, MAX_HANDLED_IDS);
  return {
    kind: conflict.kind, ...(conflict.orderId ? { orderId: conflict.orderId } : {}),
    ...(conflict.itemId ? { itemId: conflict.itemId } : {}), eventIds,
  };
}

function keyOf(ref: ConflictRef): string {
  return `${ref.kind}\u0000${ref.orderId ?? ''}\u0000${ref.itemId ?? ''}\u0000${ref.eventIds.join(',')}`;
}

export class HandledConflicts {
  /** Every mark per conflict: two managers may mark one conflict without seeing each other. */
  private readonly byKey = new Map<string, Logged<HandledEvent>[]>();

  add(entry: Logged<HandledEvent>): void {
    const key = keyOf(canonical(entry.event.data.conflict));
    const marks = this.byKey.get(key);
    if (marks) marks.push(entry);
    else this.byKey.set(key, [entry]);
  }

  get size(): number {
    return this.byKey.size;
  }

  /** The conflicts, each handled one with its first mark in fold order (the same on every replica). */
  mark(conflicts: Conflict[]): Conflict[] {
    if (this.byKey.size === 0) return conflicts;
    return conflicts.map((conflict) => {
      const marks = this.byKey.get(keyOf(conflictRef(conflict)));
      return marks ? { ...conflict, handled: handledBy(first(marks)) } : conflict;
    });
  }
}

/** A ref as a writer may have ordered it: the key does not depend on how its ids were listed. */
function canonical(ref: ConflictRef): ConflictRef {
  return { ...ref, eventIds: [...new Set(ref.eventIds)].sort() };
}

function first(marks: Logged<HandledEvent>[]): Logged<HandledEvent> {
  return marks.reduce((a, b) => (foldOrder(a, b) <= 0 ? a : b));
}

function handledBy({ event }: Logged<HandledEvent>): Handled {
  const { note } = event.data;
  return { eventId: event.id, at: event.at, actor: event.actor, ...(note ? { note } : {}) };
}

/** The reported conflict a ref names, if it is still reported as named. */
export function findConflict(conflicts: readonly Conflict[], ref: ConflictRef): Conflict | undefined {
  const key = keyOf(canonical(ref));
  return conflicts.find((conflict) => keyOf(conflictRef(conflict)) === key);
}

/** Whether a conflict is still to be dealt with. */
export function isOpen(conflict: Conflict): boolean {
  return conflict.handled === undefined;
}
