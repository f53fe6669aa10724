// The server's own appends (website orders, seeding), encoded on the main thread from the
// live doc, without applying them: the update must be stored before the live doc takes it.
// The input is the server's own (decided events), so there is nothing to check on the
// staging worker; a round trip there only to produce these bytes cost ≈3 ms per order.
//
// The bytes are exactly what Yjs emits for `doc.getArray(log).push(values)` under
// `clientId` (tests/server/server-append.test.ts compares them): one update (format V1)
// with one Item of ContentAny, whose origin is the last item of the array (or, for an
// empty array, the root's name), and an empty delete set.
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { parseLogEntry, type LogName } from '../domain/events.js';
import { SERVER_OWNER, type ClientBindings } from './client-bindings.js';
import type { BatchOp } from './storage/adapter.js';

const CONTENT_ANY = 8; // ContentAny.getRef()
const HAS_ORIGIN = 0b1000_0000; // binary.BIT8 in Item.write

/**
 * The update appending `values` to the end of `log` in `doc` under `clientId`. Throws on an
 * invalid event: that is a bug in the caller, and must not reach the log.
 */
export function encodeServerAppend(doc: Y.Doc, log: LogName, clientId: number, values: unknown[]): Uint8Array {
  for (const value of values) {
    const parsed = parseLogEntry(log, value);
    if (!parsed.ok) throw new TypeError(`refusing to append an invalid ${log} event: ${parsed.reason}`);
  }
  const origin = lastItem(doc.getArray(log))?.lastId ?? null;
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, 1); // clients with structs
  encoding.writeVarUint(encoder, 1); // structs of this client
  encoding.writeVarUint(encoder, clientId);
  encoding.writeVarUint(encoder, Y.getState(doc.store, clientId));
  writeItemHead(encoder, origin, log);
  encoding.writeVarUint(encoder, values.length);
  for (const value of values) encoding.writeAny(encoder, value as Parameters<typeof encoding.writeAny>[1]);
  encoding.writeVarUint(encoder, 0); // delete set: no clients
  return encoding.toUint8Array(encoder);
}

function writeItemHead(encoder: encoding.Encoder, origin: Y.ID | null, root: string): void {
  encoding.writeUint8(encoder, CONTENT_ANY | (origin ? HAS_ORIGIN : 0));
  if (origin) {
    encoding.writeVarUint(encoder, origin.client);
    encoding.writeVarUint(encoder, origin.clock);
  } else {
    encoding.writeVarUint(encoder, 1); // parent given by its root name
    encoding.writeVarString(encoder, root);
  }
}

/** The array's last item, deleted or not, as Yjs's push finds it: from the furthest search marker on. */
function lastItem(array: Y.Array<unknown>): Y.Item | null {
  const internals = array as unknown as { _start: Y.Item | null; _searchMarker: { p: Y.Item; index: number }[] | null };
  const markers = internals._searchMarker ?? [];
  let item = markers.reduce((best, m) => (m.index > best.index ? m : best), { index: 0, p: internals._start }).p;
  while (item?.right) item = item.right;
  return item;
}

/** One append of the server's, encoded and ready to store (with `ops`, binding a fresh clientID). */
export interface PreparedAppend {
  update: Uint8Array;
  ops: BatchOp[];
  fresh: number[];
  count: number;
}

/**
 * The clientID the server appends under: bound to the server in storage, and replaced by a
 * fresh one every `runLength` events (see Limits.serverClientRun: one clientID's long run
 * of single appends costs Yjs quadratic copying).
 */
export class ServerWriter {
  private clientId: number;
  /** Events appended under clientId so far. */
  private run = 0;

  constructor(private readonly doc: Y.Doc, private readonly bindings: ClientBindings, private readonly runLength: number) {
    this.clientId = this.pickClientId();
  }

  prepare(log: LogName, events: unknown[]): PreparedAppend {
    if (this.run >= this.runLength) [this.clientId, this.run] = [this.pickClientId(), 0];
    const update = encodeServerAppend(this.doc, log, this.clientId, events);
    const fresh = this.bindings.ownerOf(this.clientId) === SERVER_OWNER ? [] : [this.clientId];
    return { update, ops: this.bindings.bindOps(fresh, SERVER_OWNER), fresh, count: events.length };
  }

  /** The prepared append is durable. */
  stored(append: PreparedAppend): void {
    this.bindings.remember(append.fresh, SERVER_OWNER);
    this.run += append.count;
  }

  /**
   * Storing the prepared append failed, but may have committed (a timeout loses the answer,
   * not the write). The next append must not reuse its clientID and clock: the live doc does
   * not hold it yet, so the same IDs would name different content, and Yjs would keep only
   * the first it saw. A fresh clientID cannot clash.
   */
  failed(): void {
    [this.clientId, this.run] = [this.pickClientId(), 0];
  }

  private pickClientId(): number {
    return this.bindings.pickServerClientId((client) => this.doc.store.clients.has(client));
  }
}
