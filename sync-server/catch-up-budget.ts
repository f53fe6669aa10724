// The catch-up bytes kept by every room of one server process together (room-catch-up.ts).

/** What the budget needs of a room's catch-up tail. */
export interface BudgetedTail {
  /** When its oldest kept update was kept; undefined if it keeps none. */
  readonly oldestStamp: number | undefined;
  /** Forgets its oldest kept update; the bytes that freed. */
  forgetOldest(): number;
}

/**
 * The bytes kept by every room of the process together. Per room the tail is bounded by
 * CatchUpLimits.maxBytes, but a server with many busy rooms loaded would otherwise keep
 * that much for each: past this budget, the room holding the oldest kept update (across
 * all rooms) forgets it. A room that forgot answers a catch-up from its doc, as it would
 * for a device that lacks what came before the kept updates: slower, never wrong.
 */
export class CatchUpBudget {
  private readonly tails = new Set<BudgetedTail>();
  private total = 0;
  private nextStamp = 0;

  constructor(readonly maxBytes: number) {}

  get keptBytes(): number {
    return this.total;
  }

  stamp(): number {
    return this.nextStamp++;
  }

  join(tail: BudgetedTail): void {
    this.tails.add(tail);
  }

  leave(tail: BudgetedTail, bytes: number): void {
    if (this.tails.delete(tail)) this.total -= bytes;
  }

  /** `delta` bytes more (or fewer) kept by one tail; evicts the oldest updates past the budget. */
  changed(delta: number): void {
    this.total += delta;
    while (this.total > this.maxBytes) {
      const oldest = this.oldestTail();
      if (!oldest) return;
      this.total -= oldest.forgetOldest();
    }
  }

  private oldestTail(): BudgetedTail | undefined {
    let oldest: BudgetedTail | undefined;
    for (const tail of this.tails) if (tail.oldestStamp !== undefined && (oldest === undefined || tail.oldestStamp < oldest.oldestStamp!)) oldest = tail;
    return oldest;
  }
}
