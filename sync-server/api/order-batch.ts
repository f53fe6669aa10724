// Group commit for website orders. Orders for one fundraiser that arrive while the batch
// before them is being decided and stored wait together in the next batch; a batch is
// decided in arrival order (each order against the projection plus the orders accepted
// before it in the same batch), stored as ONE atomic write (one Yjs update, one fsync),
// applied and relayed once, and only then is each member answered. If the write fails,
// every member fails: nothing of the batch was stored, so none is answered 201 or relayed.
import type { CatalogItem, DecideState, FundraiserEvent, OrderView, Projection } from '../../domain';

/** Bounds one batch's Yjs transaction and storage write; later arrivals open the next batch. */
export const MAX_ORDER_BATCH = 100;

interface Member<Request, Answer> {
  request: Request;
  resolve: (answer: Answer) => void;
  reject: (err: unknown) => void;
}

/** What one member of a batch gets: its answer, or the error that member alone ran into. */
export type MemberResult<Answer> = { value: Answer } | { error: unknown };

/** The orders waiting for the same commit; answered only by `finish` or `fail`. */
export class OrderBatch<Request, Answer> {
  private readonly members: Member<Request, Answer>[] = [];
  private closed = false;

  /** Open: still accepting members (not yet started, not full). */
  get open(): boolean {
    return !this.closed && this.members.length < MAX_ORDER_BATCH;
  }

  add(request: Request): Promise<Answer> {
    return new Promise((resolve, reject) => this.members.push({ request, resolve, reject }));
  }

  /** Takes no more members (the batch is being decided, or is over); returns their requests. */
  close(): readonly Request[] {
    this.closed = true;
    return this.members.map((m) => m.request);
  }

  /** Answers member i with results[i] (after the batch's commit). */
  finish(results: readonly MemberResult<Answer>[]): void {
    this.members.forEach((member, i) => {
      const result = results[i] ?? { error: new Error('order batch: no result for this member') };
      if ('value' in result) member.resolve(result.value);
      else member.reject(result.error);
    });
  }

  /** Every member fails with `err` (the batch's commit failed: none of it was stored). */
  fail(err: unknown): void {
    this.closed = true;
    this.members.forEach((member) => member.reject(err));
  }
}

/**
 * What `decide` reads for the next order of a batch: the projection, with the units of the
 * orders accepted earlier in the batch (decided, not yet stored) counted as sold, so a batch
 * can never sell more than is left.
 */
export class PendingOrders implements DecideState {
  private readonly taken = new Map<string, number>();

  constructor(private readonly projection: Projection) {}

  get websiteOpen(): boolean {
    return this.projection.websiteOpen;
  }

  item(itemId: string): CatalogItem | undefined {
    const item = this.projection.item(itemId);
    const taken = this.taken.get(itemId) ?? 0;
    if (!item || taken === 0) return item;
    const available = item.available === null ? null : Math.max(0, item.available - taken);
    return { ...item, sold: item.sold + taken, available };
  }

  order(orderId: string): OrderView | undefined {
    return this.projection.order(orderId);
  }

  lastForeignEventId(orderId: string, deviceId: string): string | undefined {
    return this.projection.lastForeignEventId(orderId, deviceId);
  }

  seenBesides(orderId: string, deviceId: string, after: string | undefined): string[] {
    return this.projection.seenBesides(orderId, deviceId, after);
  }

  /** The batch accepted these events: their units are taken. */
  accept(events: readonly FundraiserEvent[]): void {
    for (const event of events) {
      if (event.type !== 'OrderPlaced') continue;
      for (const line of event.data.lines) this.taken.set(line.itemId, (this.taken.get(line.itemId) ?? 0) + line.quantity);
    }
  }
}
