// Who had seen what, for one order. An event has seen the events named in its `after` and
// `seen`, everything those had seen, and every earlier event from its own device: a device
// always knows what it wrote itself, so writers name in `after` the newest event of
// the order from anyone else (see decide's `afterFor`).
import type { OrderEvent } from './events';
import type { Logged } from './types';

type Entry = Logged<OrderEvent>;
interface Known { entry: Entry; index: number; applied?: true }

/** Up to this many events an order's ids are searched in its list; past it, indexed. */
const SMALL = 8;

// One of these is kept per order, so it holds little: the entries in fold order (indexed
// by id only for long orders), and answers cached only until the order is settled (see forget).
export class Causality {
  private byId?: Map<string, Known>;
  private readonly known: Known[] = [];
  private memo?: Map<string, ReadonlySet<string>>;

  /**
   * Registers an entry; entries arrive in fold order. A re-fold registers all of an order's
   * entries before judging any, because a website event's `after` may name a device event
   * that folds later.
   */
  add(entry: Entry): void {
    if (this.find(entry.event.id)) return; // registered ahead by a re-fold, or a duplicate id
    const known = { entry, index: this.known.length };
    this.known.push(known);
    if (this.byId) this.byId.set(entry.event.id, known);
    else if (this.known.length > SMALL) this.byId = new Map(this.known.map((k) => [k.entry.event.id, k]));
  }

  private find(id: string): Known | undefined {
    if (this.byId) return this.byId.get(id);
    for (const known of this.known) if (known.entry.event.id === id) return known;
    return undefined;
  }

  /** Marks a registered entry's id as applied; false if an event with its id already was. */
  apply(entry: Entry): boolean {
    const known = this.find(entry.event.id);
    if (!known || known.applied) return false;
    known.applied = true;
    return true;
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
    const known = this.find(id);
    if (known) this.collect(known, result);
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
    for (const known of this.known) for (const seen of this.seen(known.entry.event.id)) seenByAny.add(seen);
    return this.known.filter((k) => !seenByAny.has(k.entry.event.id)).map((k) => k.entry);
  }

  private collect(known: Known, into: Set<string>): void {
    const { after, seen = [] } = known.entry.event;
    for (const named of after === undefined ? seen : [after, ...seen]) {
      into.add(named);
      for (const id of this.seen(named)) into.add(id);
    }
    const device = known.entry.event.actor.deviceId;
    for (let i = 0; i < known.index; i++) {
      const own = this.known[i]!;
      if (own.entry.event.actor.deviceId !== device) continue;
      into.add(own.entry.event.id);
      for (const id of this.seen(own.entry.event.id)) into.add(id);
    }
  }
}
