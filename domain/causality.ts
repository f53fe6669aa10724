// Who had seen what, for one order. An event has seen the events named in its `after` and
// `seen`, everything those had seen, and every earlier event from its own device: a device
// always knows what it wrote itself, so writers name in `after` the newest event of
// the order from anyone else (see decide's `afterFor`).
import type { OrderEvent } from './events';
import type { Logged } from './types';

type Entry = Logged<OrderEvent>;

/** Up to this many events an order's ids are searched in its list; past it, indexed. */
const SMALL = 8;

// One of these is kept per order, so it holds little: the entries in fold order in plain
// arrays (their ids beside them, so a lookup reads one array rather than entry → event → id
// for each: on a new event this is the order's coldest memory), indexed by id only for long
// orders, and answers cached only until the order is settled (see forget).
export class Causality {
  private byId?: Map<string, number>;
  private readonly ids: string[] = [];
  private readonly entries: Entry[] = [];
  /** Per position, whether an event with that id has been applied. */
  private readonly applied: boolean[] = [];
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

  /** The entry's position, registering it if no entry with its id is known (a re-fold registers ahead). */
  private register(entry: Entry): number {
    const id = entry.event.id;
    const found = this.find(id);
    if (found >= 0) return found; // registered ahead by a re-fold, or a duplicate id
    const index = this.ids.length;
    this.ids.push(id);
    this.entries.push(entry);
    this.applied.push(false);
    if (this.byId) this.byId.set(id, index);
    else if (index >= SMALL) this.byId = new Map(this.ids.map((known, i) => [known, i]));
    return index;
  }

  private mark(index: number): boolean {
    if (this.applied[index]) return false;
    this.applied[index] = true;
    return true;
  }

  private find(id: string): number {
    if (this.byId) return this.byId.get(id) ?? -1;
    return this.ids.indexOf(id);
  }

  /** Whether `later`'s writer had seen `earlier` when writing it. */
  saw(earlier: Entry, later: Entry): boolean {
    return this.seen(later.event.id).has(earlier.event.id);
  }

  concurrent(a: Entry, b: Entry): boolean {
    return a !== b && !this.saw(a, b) && !this.saw(b, a);
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
    for (const id of this.ids) for (const seen of this.seen(id)) seenByAny.add(seen);
    return this.entries.filter((_, i) => !seenByAny.has(this.ids[i]!));
  }

  private collect(index: number, into: Set<string>): void {
    const { after, seen = [] } = this.entries[index]!.event;
    for (const named of after === undefined ? seen : [after, ...seen]) {
      into.add(named);
      for (const id of this.seen(named)) into.add(id);
    }
    const device = this.entries[index]!.event.actor.deviceId;
    for (let i = 0; i < index; i++) {
      const own = this.entries[i]!;
      if (own.event.actor.deviceId !== device) continue;
      into.add(this.ids[i]!);
      for (const id of this.seen(this.ids[i]!)) into.add(id);
    }
  }
}
