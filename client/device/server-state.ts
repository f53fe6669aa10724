// What the SERVER holds, as a state vector, so "N not on the server" is counted against the
// server and not guessed: "0 not on the server" means every local event is on its disk (the
// contract: a change in the server's state vector is stored).
//
// Sources, merged by taking the highest clock per client:
// - the server's sync step 1 when a connection opens carries its whole state vector;
// - every update the server sends us is something it holds;
// - the custom message [MESSAGE_SERVER_STATE] asks the server to answer
//   [MESSAGE_SERVER_STATE, stateVector] once it has stored everything this connection sent
//   before the question.
// The merged vector is persisted, so the count is right after an offline reload too.
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import type { WebsocketProvider } from 'y-websocket';

import { MessageType, SyncMessageType } from '../../sync-server/shared/protocol';

export const MESSAGE_SERVER_STATE = MessageType.serverState;
const MESSAGE_SYNC = MessageType.sync;
const SYNC_STEP1 = SyncMessageType.step1;

export type StateVector = Map<number, number>;
type Handler = WebsocketProvider['messageHandlers'][number];

export class ServerState {
  private readonly known: StateVector;
  private readonly listeners = new Set<() => void>();
  private readonly waiting = new Set<(sv: StateVector) => void>();
  private readonly stepOneWaiting = new Set<() => void>();

  constructor(private readonly doc: Y.Doc, private readonly replicated: Y.Array<unknown>, initial: StateVector, private readonly persist: (sv: Uint8Array) => void) {
    this.known = new Map(initial);
  }

  /** Local events of the `replicated` log that the server's known state does not cover. */
  pendingCount(): number {
    let pending = 0;
    this.forEachPending((item, from) => void (pending += item.length - from));
    return pending;
  }

  /**
   * Who wrote the local events the server lacks (`role:userId`). The server takes events only
   * from their author's token, and a sync sends them all at once: when another person logs in
   * on this device, none of it would sync (close 4400) until the author logs in again.
   */
  pendingAuthors(): Set<string> {
    const authors = new Set<string>();
    this.forEachPending((item, from) => {
      for (const value of item.content.getContent().slice(from)) authors.add(authorKey((value as { actor?: { role?: unknown; userId?: unknown } } | null)?.actor));
    });
    return authors;
  }

  /** Each live item of `replicated` the server lacks, with the offset of its first value it lacks. */
  private forEachPending(visit: (item: Y.Item, from: number) => void): void {
    for (const [client, structs] of this.doc.store.clients) {
      const serverClock = this.known.get(client) ?? 0;
      if (Y.getState(this.doc.store, client) <= serverClock) continue;
      for (let i = Y.findIndexSS(structs, serverClock); i < structs.length; i++) {
        const struct = structs[i]!;
        if (struct instanceof Y.Item && struct.parent === this.replicated && !struct.deleted && struct.countable) visit(struct, Math.max(0, serverClock - struct.id.clock));
      }
    }
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  merge(sv: StateVector): void {
    let grew = false;
    for (const [client, clock] of sv) {
      if (clock > (this.known.get(client) ?? 0)) {
        this.known.set(client, clock);
        grew = true;
      }
    }
    if (!grew) return;
    this.persist(Y.encodeStateVector(this.known));
    for (const listener of this.listeners) listener();
  }

  /** Wraps the provider's sync handler and adds the server-state handler. */
  attach(provider: WebsocketProvider): void {
    const sync = provider.messageHandlers[MESSAGE_SYNC]!;
    provider.messageHandlers[MESSAGE_SYNC] = this.wrapSync(sync);
    provider.messageHandlers[MESSAGE_SERVER_STATE] = (_encoder, decoder) => {
      const sv = Y.decodeStateVector(decoding.readVarUint8Array(decoder));
      this.merge(sv);
      for (const resolve of this.waiting) resolve(sv);
      this.waiting.clear();
    };
  }

  private wrapSync(sync: Handler): Handler {
    return (encoder, decoder, provider, emitSynced, messageType) => {
      const peek = decoding.clone(decoder);
      const kind = decoding.readVarUint(peek);
      const payload = decoding.readVarUint8Array(peek);
      sync(encoder, decoder, provider, emitSynced, messageType);
      if (kind === SYNC_STEP1) this.onStepOne(Y.decodeStateVector(payload));
      else this.merge(stateVectorOf(payload));
    };
  }

  private onStepOne(sv: StateVector): void {
    this.merge(sv);
    for (const resolve of this.stepOneWaiting) resolve();
    this.stepOneWaiting.clear();
  }

  /** Resolves once the server's sync step 1 of the current connection has been handled. */
  stepOne(): Promise<void> {
    return new Promise((resolve) => this.stepOneWaiting.add(resolve));
  }

  /**
   * Asks the server to confirm what it has stored. Sent in a later task than the message
   * being handled, so it follows our sync step 2 on the wire.
   */
  confirm(provider: WebsocketProvider, timeoutMs = 10_000): Promise<StateVector> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('The server did not confirm in time.')), timeoutMs);
      this.waiting.add((sv) => (clearTimeout(timer), resolve(sv)));
      setTimeout(() => sendQuestion(provider), 0);
    });
  }
}

function sendQuestion(provider: WebsocketProvider): void {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MESSAGE_SERVER_STATE);
  if (provider.ws?.readyState === WebSocket.OPEN) provider.ws.send(encoding.toUint8Array(encoder));
}

/** `role:userId` of an event's actor; a malformed one still counts, as someone else's. */
export function authorKey(actor: { role?: unknown; userId?: unknown } | undefined): string {
  return `${String(actor?.role)}:${String(actor?.userId)}`;
}

/** The highest clock per client in an update: the server holds at least that much. */
function stateVectorOf(update: Uint8Array): StateVector {
  const sv: StateVector = new Map();
  for (const struct of Y.decodeUpdate(update).structs) {
    if (struct instanceof Y.Skip) continue;
    const end = struct.id.clock + struct.length;
    if (end > (sv.get(struct.id.client) ?? 0)) sv.set(struct.id.client, end);
  }
  return sv;
}

/** The persisted vector, read defensively: anything but a decodable buffer counts as nothing known. */
export function decodeStoredStateVector(value: unknown): StateVector {
  const bytes = value instanceof ArrayBuffer ? new Uint8Array(value) : value instanceof Uint8Array ? value : undefined;
  if (!bytes) return new Map();
  try {
    return Y.decodeStateVector(bytes);
  } catch {
    return new Map();
  }
}
