// Every write this tab makes into a fundraiser's document goes through OwnWrites.append.
//
// Yjs merges a writer's consecutive items into one, and for JSON content it does so by
// copying: ContentAny.mergeWith does `this.arr = this.arr.concat(right.arr)`. So n
// one-event transactions under one clientID copy the whole run each time: O(n²), 28× the
// batched cost over a 100k-event life (`npm run bench`, row 3). Like the server
// (Limits.serverClientRun), a tab therefore moves to a fresh clientID once its id has
// written CLIENT_ID_RUN events; the cost stays linear, and the state vector grows by one
// entry per CLIENT_ID_RUN events. The id's clock counts its events (one per event, no
// deletes), so the rule holds across reloads too: a reused id with a full run is retired
// (client-id.ts never hands it out again).
//
// Nothing here touches the browser, so the bench runs this very code in Node.
import type { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';

/** Events one clientID writes before the tab moves to a fresh one. */
export const CLIENT_ID_RUN = 4_000;

export type SwitchListener = (from: number, to: number) => void;

export class OwnWrites {
  /** `onSwitch` runs right after the first write under a new id, in the same task: the
   *  server binds a new id to its writer on that write, and takes presence (awareness) only
   *  for ids bound to the connection's user, so the presence must come after it. */
  constructor(
    private readonly doc: Y.Doc,
    private readonly onSwitch: SwitchListener = () => {},
    private readonly run: number = CLIENT_ID_RUN,
  ) {}

  /** Appends `events` to `array` in ONE transaction with `origin`, on a fresh clientID if the current one's run is full. */
  append(array: Y.Array<unknown>, events: unknown[], origin: unknown): void {
    const from = this.doc.clientID;
    const moved = Y.getState(this.doc.store, from) >= this.run;
    if (moved) this.doc.clientID = freshClientId(this.doc);
    this.doc.transact(() => array.push(events), origin);
    if (moved) this.onSwitch(from, this.doc.clientID);
  }
}

/** A clientID nobody in this copy has written with (the server refuses the rare clash with an id bound to another user). */
export function freshClientId(doc: Y.Doc): number {
  for (;;) {
    const candidate = (Math.random() * 0x100000000) >>> 0;
    if (candidate !== 0 && !doc.store.clients.has(candidate)) return candidate;
  }
}

/**
 * Moves this tab's presence to its new clientID. The awareness copied doc.clientID when the
 * provider made it, and y-websocket announces `[doc.clientID]` on every connect: with the two
 * apart it would encode an id the awareness has no entry for, and throw.
 */
export function presenceFollows(awareness: Awareness, clientId: number): void {
  const state = awareness.getLocalState();
  awareness.setLocalState(null); // the old id's presence leaves
  const clock = awareness.meta.get(awareness.clientID)?.clock ?? 0;
  // Peers ignore a new client's state at clock 0 (they apply only newer clocks): go on from the old one.
  awareness.meta.set(clientId, { clock, lastUpdated: Date.now() });
  awareness.clientID = clientId;
  if (state !== null) awareness.setLocalState(state);
}
