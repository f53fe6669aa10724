// Who had seen what, for one order. An event has seen the events named in its `after` and
// `seen`, everything those had seen, and every earlier event from its own device: a device
// always knows what it wrote itself, so writers name in `after` the newest event of
// the order from anyone else (see decide's `afterFor`).
import type { OrderEvent } from './events';
import type { Logged } from './types';

type Entry = Logged<OrderEvent>;

/** Up to this many events an order's ids are searched in its list; past it, indexed. */
const SMALL = 8;

// One of these is kept per order, so it holds little: the entries in fold order in one
// array with their ids beside them (id, entry, id, entry…: a lookup reads the ids rather
// than entry → event → id for each, and there is no object per entry), indexed by id only
// for long orders, and answers cached only until the order is settled (see forget).
export class Causality {
  private byId?: Map<string, number>;
  /** id and entry of each known entry by turns: entry i's id at 2i, the entry at 2i + 1. */
  private readonly known: (string | Entry)[] = [];
  /** Entries below this position are applied; others applied out of that order are listed. */
  private appliedBelow = 0;
  private appliedOthers?: Set<number>;
  private memo?: Map<string, ReadonlySet<string>>;

  /**
   * Registers an entry; entries arrive in fold order. A re-fold registers all of an order's
   * entries before judging any, because a website event's `after` may name a device event
   * that folds later.
   */
  add(entry: Entry): void {
    this.register(entry);
  }

  /** Marks a registered entry's id as applied; false if an event with its id already was. */
  apply(entry: Entry): boolean {
    const index = this.find(entry.event.id);
    return index >= 0 && this.mark(index);
  }

  /** add then apply, with one lookup: the fold of each event does both. */
  addAndApply(entry: Entry): boolean {
    return this.mark(this.register(entry));
  }

  private get size(): number {
    return this.known.length >> 1;
  }

  private idAt(index: number): string {
    return this.known[2 * index] as string;
  }

  private entryAt(index: number): Entry {
    return this.known[2 * index + 1] as Entry;
  }

  /** The entry's position, registering it if no entry with its id is known (a re-fold registers ahead). */
  private register(entry: Entry): number {
    const id = entry.event.id;
    const found = this.find(id);
    if (found >= 0) return found; // registered ahead by a re-fold, or a duplicate id
    const index = this.size;
    this.known.push(id, entry);
    if (this.byId) this.byId.set(id, index);
    else if (index >= SMALL) {
      this.byId = new Map();
      for (let i = 0; i <= index; i++) this.byId.set(this.idAt(i), i);
    }
    return index;
  }

  /** Entries are applied in the order they were registered (fold order), so a count nearly always does. */
  private mark(index: number): boolean {
    if (index < this.appliedBelow || this.appliedOthers?.has(index)) return false;
    if (index === this.appliedBelow) this.appliedBelow++;
    else (this.appliedOthers ??= new Set()).add(index);
    return true;
  }

  private find(id: string): number {
    if (this.byId) return this.byId.get(id) ?? -1;
    const known = this.known;
    for (let i = 0; i < known.length; i += 2) if (known[i] === id) return i >> 1;
    return -1;
  }

  /** Whether `later`'s writer had seen `earlier` when writing it. */
  saw(earlier: Entry, later: Entry): boolean {
    return this.seen(later.event.id).has(earlier.event.id);
  }

  concurrent(a: Entry, b: Entry): boolean {
    return a !== b && !this.saw(a, b) && !this.saw(b, a);
  }

  /** `concurrent` for two events named by id (the payments an order's view keeps). */
  concurrentIds(a: string, b: string): boolean {
    return a !== b && !this.seen(b).has(a) && !this.seen(a).has(b);
  }

  private seen(id: string): ReadonlySet<string> {
    this.memo ??= new Map();
    const cached = this.memo.get(id);
    if (cached) return cached;
    const result = new Set<string>();
    this.memo.set(id, result); // a cycle of `after`s (only a forged log has one) ends here
    const index = this.find(id);
    if (index >= 0) this.collect(index, result);
    return result;
  }

  /**
   * Drops the cached answers once an order is settled: they are re-derived on the next
   * question, and kept they would hold a set of ancestors for every event of every order.
   */
  forget(): void {
    this.memo = undefined;
  }

  /** The events no other event of the order has seen: what a new writer has to name. */
  frontier(): Entry[] {
    const seenByAny = new Set<string>();
    const frontier: Entry[] = [];
    for (let i = 0; i < this.size; i++) for (const seen of this.seen(this.idAt(i))) seenByAny.add(seen);
    for (let i = 0; i < this.size; i++) if (!seenByAny.has(this.idAt(i))) frontier.push(this.entryAt(i));
    return frontier;
  }

  private collect(index: number, into: Set<string>): void {
    const { after, seen = [] } = this.entryAt(index).event;
    for (const named of after === undefined ? seen : [after, ...seen]) {
      into.add(named);
      for (const id of this.seen(named)) into.add(id);
    }
    const device = this.entryAt(index).event.actor.deviceId;
    for (let i = 0; i < index; i++) {
      if (this.entryAt(i).event.actor.deviceId !== device) continue;
      into.add(this.idAt(i));
      for (const id of this.seen(this.idAt(i))) into.add(id);
    }
  }
}
