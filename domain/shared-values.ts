// The events of one fundraiser repeat a few values over and over: the event types, the
// actors of its handful of devices, each order's id, the catalog's item ids. Decoded (by Yjs
// from an update, or by JSON.parse), every event holds its own copy of each: about 200 of the
// ≈ 640 bytes an event takes in memory (bench row 7). The projection keeps the events it folds,
// and on the server and the devices they are the Y.Doc's own objects (the check uses them
// uncopied), so pointing them at one shared copy saves that memory in both.
//
// This writes into the event objects. It is safe because only equal values are swapped in: a
// string for an equal string, an actor for an actor with the same three fields. Nothing that
// reads or encodes an event again can tell the difference; only object identity changes. A
// frozen event is left alone (tests/domain/shared-events.test.ts folds frozen logs).
import { EVENT_TYPES } from './events';
import type { Actor, FundraiserEvent } from './events';

const TYPES = new Map<string, string>(EVENT_TYPES.map((type) => [type, type]));
/** A log could name any number of devices or item ids (a bug, a flood of test data): past this
 *  many, new ones are left unshared rather than kept for ever. */
export const MAX_SHARED = 4096;

interface Shareable {
  type: string;
  actor: Actor;
  data: { orderId?: unknown; itemId?: unknown; lines?: { itemId: string }[] };
}

export class SharedValues {
  /** By deviceId: a device writes as one or two users, so these lists stay short. */
  private readonly actors = new Map<string, Actor[]>();
  private readonly itemIds = new Map<string, string>();

  /** Points `event` at the shared copies of its repeated values (its order id: see shareOrderId). */
  share(event: FundraiserEvent): void {
    const e = event as unknown as Shareable;
    try {
      e.type = TYPES.get(e.type) ?? e.type;
      e.actor = this.actor(e.actor);
      if (typeof e.data.itemId === 'string') e.data.itemId = this.itemId(e.data.itemId);
      if (e.data.lines) for (const line of e.data.lines) line.itemId = this.itemId(line.itemId);
    } catch {
      // A frozen (or read-only) event is left as it is, or as far as it could be written: every
      // value swapped in is equal to the one it replaced.
    }
  }

  private actor(actor: Actor): Actor {
    const known = this.actors.get(actor.deviceId);
    const same = known?.find((a) => a.userId === actor.userId && a.role === actor.role);
    if (same) return same;
    if (known && known.length < 8) known.push(actor);
    else if (!known && this.actors.size < MAX_SHARED) this.actors.set(actor.deviceId, [actor]);
    return actor;
  }

  private itemId(itemId: string): string {
    const known = this.itemIds.get(itemId);
    if (known !== undefined) return known;
    if (this.itemIds.size < MAX_SHARED) this.itemIds.set(itemId, itemId);
    return itemId;
  }
}

/** An order event's orderId, swapped for the one its order is filed under (the projection's key). */
export function shareOrderId(event: { data: { orderId: string } }, orderId: string): void {
  try {
    event.data.orderId = orderId;
  } catch {
    // frozen: see share()
  }
}
