// The website's aggregate root per fundraiser: one command at a time, decided with the
// domain against the server's own projection, stored (with its receipt, idempotency answer
// and order-number bump in one atomic batch) before it is applied and relayed. Orders that
// arrive together are one such command (group commit, order-batch.ts).
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type * as Y from 'yjs';
import { decide } from '../../domain';
import type { Actor, DomainError, FundraiserEvent, OrderView, Projection } from '../../domain';
import type { BatchOp, StorageAdapter } from '../storage/adapter';
import { KeyedQueue, withStorageLock } from '../storage/adapter';
import { recordOps } from '../storage/records';
import type { JsonValue, Records } from '../storage/records';
import { projectionOf } from '../projections';
import { liveWebsiteView, type WebsiteView } from '../website-read-model';
import { FundraiserMeta, type Meta } from './meta';
import type { WebsiteReads } from './website-reads';
import { OrderBatch, PendingOrders, type MemberResult } from './order-batch';

export interface CommandRoom {
  readonly doc: Y.Doc;
  appendWebsite(events: unknown[], extraOps?: BatchOp[]): Promise<void>;
  /** Applies what other server processes stored meanwhile (shared storage). */
  catchUp(): Promise<void>;
}
export interface LoadedRoom {
  readonly doc: Y.Doc;
  /** Runs `fn` as one step of the room's queue (see Room.exclusively). */
  exclusively<T>(fn: (room: CommandRoom) => Promise<T>): Promise<T>;
}
export interface RoomAccess {
  use<T>(fid: string, fn: (room: LoadedRoom) => Promise<T>): Promise<T>;
}

export interface WebsiteOrderRequest {
  customer: { name: string; email?: string; phone?: string };
  lines: { itemId: string; quantity: number }[];
  note?: string;
  idempotencyKey?: string;
  /** The unit prices the customer's page showed (a header, shared/expected-prices.ts). */
  expectedPrices?: Record<string, number>;
}

export type Outcome<T> = { ok: true; value: T; status?: number } | { ok: false; status: number; error: DomainError };
export interface PlacedAnswer { orderId: string; orderNumber: string; totalCents: number; receipt: string }

type PlaceBatch = OrderBatch<WebsiteOrderRequest, Outcome<PlacedAnswer> | undefined>;

export class Fundraisers {
  private readonly queue = new KeyedQueue();
  /** Per fundraiser, the batch new orders join (queued behind the one being committed). */
  private readonly batches = new Map<string, PlaceBatch>();
  readonly meta: FundraiserMeta;

  constructor(
    private readonly rooms: RoomAccess,
    private readonly records: Records,
    private readonly adapter: StorageAdapter,
    private readonly serverId: string,
    private readonly opts: { now?: () => Date; websiteReads?: WebsiteReads } = {},
  ) {
    this.meta = new FundraiserMeta(adapter);
  }

  private now(): Date {
    return this.opts.now?.() ?? new Date();
  }

  /** Reads need no queue: the projection only changes inside a transaction, never mid-read. */
  read<T>(fid: string, fn: (projection: Projection) => T): Promise<T | undefined> {
    return this.existing(fid, async (room) => fn(projectionOf(room.doc)));
  }

  /**
   * What the public website may read, with the fundraiser's name record (read once here);
   * from the stored read model while the room is not loaded.
   */
  async readWebsite<T>(fid: string, fn: (view: WebsiteView, meta: Meta) => T): Promise<T | undefined> {
    const meta = await this.meta.get(fid);
    if (!meta) return undefined;
    const reads = this.opts.websiteReads;
    if (reads) return reads.read(fid, (view) => fn(view, meta));
    return this.rooms.use(fid, async (room) => fn(liveWebsiteView(projectionOf(room.doc)), meta));
  }

  /** Joins the fundraiser's next batch of orders (see order-batch.ts): answered after its commit. */
  placeOrder(fid: string, request: WebsiteOrderRequest): Promise<Outcome<PlacedAnswer> | undefined> {
    let batch = this.batches.get(fid);
    if (!batch?.open) {
      batch = new OrderBatch();
      this.batches.set(fid, batch);
      this.runBatch(fid, batch);
    }
    return batch.add(request);
  }

  private runBatch(fid: string, batch: PlaceBatch): void {
    const closeBatch = () => {
      if (this.batches.get(fid) === batch) this.batches.delete(fid); // later orders open the next batch
      return batch.close();
    };
    // Before closing, one turn of the event loop: orders whose requests arrived during the
    // commit before (a synchronous fsync blocks the loop) are read now and join this batch.
    const decide = async (room: CommandRoom) => (await yieldToEventLoop(), { ok: true as const, value: await this.placeBatch(fid, room, closeBatch()) });
    this.serially(fid, decide).then(
      (done) => (done ? batch.finish(done.ok ? done.value : []) : batch.finish(closeBatch().map(() => ({ value: undefined })))),
      (err) => (closeBatch(), batch.fail(err)),
    );
  }

  /** Decides every request in order, stores the accepted ones in one write, then gives each its result. */
  private placeBatch(fid: string, room: CommandRoom, requests: readonly WebsiteOrderRequest[]): Promise<MemberResult<Outcome<PlacedAnswer>>[]> {
    return this.records.allocateOrderNumber(fid, async (first) => {
      const draft = new BatchDraft(projectionOf(room.doc), first);
      const results: MemberResult<Outcome<PlacedAnswer>>[] = [];
      for (const request of requests) results.push(await this.placeOne(fid, draft, request).then((value) => ({ value }), (error: unknown) => ({ error })));
      if (draft.events.length > 0) await room.appendWebsite(draft.events, [recordOps.orderSeq(fid, draft.next), ...draft.ops]);
      return results;
    });
  }

  private async placeOne(fid: string, draft: BatchDraft, request: WebsiteOrderRequest): Promise<Outcome<PlacedAnswer>> {
    const key = request.idempotencyKey;
    const earlier = key === undefined ? undefined : (draft.answered.get(key) ?? (await this.records.getIdempotent(fid, key)));
    if (earlier !== undefined) return replay(earlier as unknown as StoredAnswer, request);
    return this.decidePlace(fid, draft, request);
  }

  private decidePlace(fid: string, draft: BatchDraft, request: WebsiteOrderRequest): Outcome<PlacedAnswer> {
    const orderId = randomUUID();
    const { idempotencyKey, ...order } = request;
    const orderNumber = `W-${draft.next}`;
    const decision = decide({ type: 'PlaceOrder', orderId, orderNumber, ...order }, draft.state, this.websiteMeta());
    if (!decision.ok) return refusal(decision.error);
    const receipt = randomBytes(18).toString('base64url');
    const answer: PlacedAnswer = { orderId, orderNumber, totalCents: totalOf(decision.events[0]!), receipt };
    const ops = [recordOps.receipt(fid, orderId, { secretHash: hashReceipt(receipt) })];
    const stored: StoredAnswer = { ...answer, requestHash: hashRequest(request) };
    if (idempotencyKey !== undefined) ops.push(recordOps.idempotent(fid, idempotencyKey, stored as unknown as JsonValue));
    draft.accept(decision.events, ops, idempotencyKey, stored);
    return { ok: true, value: answer, status: 201 };
  }

  cancel(fid: string, orderId: string, receipt: string): Promise<Outcome<OrderView> | undefined> {
    return this.serially(fid, async (room) => {
      if (!(await this.receiptMatches(fid, orderId, receipt))) return notFound();
      const projection = projectionOf(room.doc);
      const decision = decide({ type: 'CancelOrder', orderId }, projection, this.websiteMeta());
      if (!decision.ok) return refusal(decision.error);
      await room.appendWebsite(decision.events);
      return { ok: true, value: projection.order(orderId)! };
    });
  }

  async receiptMatches(fid: string, orderId: string, receipt: string): Promise<boolean> {
    const stored = await this.records.getReceipt(fid, orderId);
    if (!stored) return false;
    const expected = Buffer.from(stored.secretHash, 'hex');
    const given = Buffer.from(hashReceipt(receipt), 'hex');
    return expected.length === given.length && timingSafeEqual(expected, given);
  }

  private websiteMeta(): { eventId: string; at: string; actor: Actor } {
    return { eventId: randomUUID(), at: this.now().toISOString(), actor: { role: 'website', userId: 'website', deviceId: this.serverId } };
  }

  /**
   * One command at a time per fundraiser: in this process (queue, then the room's own queue)
   * and, with shared storage, across server processes (a lock in the database). Inside the
   * lock the room first applies what other processes stored, so `decide` sees every
   * accepted order: two servers cannot both sell the last unit.
   */
  private serially<T>(fid: string, fn: (room: CommandRoom) => Promise<Outcome<T>>): Promise<Outcome<T> | undefined> {
    return this.queue.run(fid, () => this.existing(fid, (room) => room.exclusively((inside) =>
      withStorageLock(this.adapter, `website:${fid}`, async () => {
        await inside.catchUp();
        return fn(inside);
      }))));
  }

  /** Unknown fundraisers are undefined (404): only those with a name on record exist. */
  private async existing<T>(fid: string, fn: (room: LoadedRoom) => Promise<T>): Promise<T | undefined> {
    if (!(await this.meta.get(fid))) return undefined;
    return this.rooms.use(fid, fn);
  }
}

/** The answer kept under an idempotency key, with a hash of the order it answered. */
type StoredAnswer = PlacedAnswer & { requestHash?: string };

/** A batch being decided: its accepted events and records, and what they take. */
class BatchDraft {
  readonly state: PendingOrders;
  readonly events: FundraiserEvent[] = [];
  readonly ops: BatchOp[] = [];
  /** Idempotency keys answered by an order accepted in this batch (not yet stored). */
  readonly answered = new Map<string, StoredAnswer>();

  constructor(projection: Projection, public next: number) {
    this.state = new PendingOrders(projection);
  }

  accept(events: FundraiserEvent[], ops: BatchOp[], key: string | undefined, stored: StoredAnswer): void {
    this.state.accept(events);
    this.events.push(...events);
    this.ops.push(...ops);
    if (key !== undefined) this.answered.set(key, stored);
    this.next++;
  }
}

/** The first answer again, but only to the same order: the answer holds the receipt, which
 *  opens the customer's order, so a reused (or guessed) key with another body gets nothing. */
function replay(earlier: StoredAnswer, request: WebsiteOrderRequest): Outcome<PlacedAnswer> {
  const { requestHash, ...answer } = earlier;
  if (requestHash !== undefined && requestHash !== hashRequest(request)) {
    return { ok: false, status: 409, error: { code: 'exists', message: 'This idempotency key was already used for another order.' } };
  }
  return { ok: true, value: answer };
}

/** The order asked for: a retry sent from a page loaded again, whose prices it shows anew, is the same order. */
function hashRequest({ expectedPrices: _shown, ...request }: WebsiteOrderRequest): string {
  return createHash('sha256').update(JSON.stringify(request)).digest('hex');
}

const STATUS: Partial<Record<DomainError['code'], number>> = {
  invalid: 400, not_found: 404, closed: 409, sold_out: 409, unknown_item: 409, not_cancellable: 409, exists: 409,
};

function refusal(error: DomainError): { ok: false; status: number; error: DomainError } {
  return { ok: false, status: STATUS[error.code] ?? 409, error };
}

function notFound(): { ok: false; status: number; error: DomainError } {
  return { ok: false, status: 404, error: { code: 'not_found', message: 'No such order.' } };
}

function totalOf(event: FundraiserEvent): number {
  if (event.type !== 'OrderPlaced') return 0;
  return event.data.lines.reduce((sum, line) => sum + line.quantity * line.unitPriceCents, 0);
}

/** Receipts are stored hashed: a copy of the store does not let anyone read customers' orders. */
export function hashReceipt(receipt: string): string {
  return createHash('sha256').update(receipt).digest('hex');
}
