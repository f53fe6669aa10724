// A room's awareness (who is online, cursors): each connection may only set the states of
// the clientIDs it owns (AwarenessClaims); every change is relayed to every connection.
import * as awarenessProtocol from 'y-protocols/awareness';
import type * as Y from 'yjs';
import { AwarenessClaims, decodeAwarenessUpdate, encodeAwarenessUpdate } from './awareness-guard.js';
import type { ClientBindings } from './client-bindings.js';
import type { Connection } from './connection.js';
import { encodeAwarenessMessage } from './sync-messages.js';

interface AwarenessChanges {
  added: number[];
  updated: number[];
  removed: number[];
}

export class RoomAwareness {
  readonly awareness: awarenessProtocol.Awareness;
  private readonly claims: AwarenessClaims;

  constructor(doc: Y.Doc, bindings: ClientBindings, maxStateBytes: number, private readonly connections: ReadonlySet<Connection>) {
    this.claims = new AwarenessClaims((client) => bindings.ownerOf(client), maxStateBytes);
    this.awareness = new awarenessProtocol.Awareness(doc);
    this.awareness.setLocalState(null);
    this.awareness.on('update', (changes: AwarenessChanges, origin: unknown) => this.relay(changes, origin));
  }

  /** A new connection is told the states known so far (if any). */
  greet(conn: Connection): void {
    if (this.awareness.getStates().size > 0) this.sendAll(conn);
  }

  receive(conn: Connection, update: Uint8Array): void {
    const allowed = this.claims.filter(decodeAwarenessUpdate(update), conn);
    if (allowed.length > 0) awarenessProtocol.applyAwarenessUpdate(this.awareness, encodeAwarenessUpdate(allowed), conn);
  }

  sendAll(conn: Connection): void {
    const clients = [...this.awareness.getStates().keys()];
    conn.send(encodeAwarenessMessage(awarenessProtocol.encodeAwarenessUpdate(this.awareness, clients)));
  }

  /** The connection left: its clients' states go, and everyone is told. */
  forget(conn: Connection): void {
    awarenessProtocol.removeAwarenessStates(this.awareness, [...conn.awarenessClients], null);
  }

  destroy(): void {
    this.awareness.destroy();
  }

  private relay({ added, updated, removed }: AwarenessChanges, origin: unknown): void {
    const conn = [...this.connections].find((c) => c === origin);
    added.forEach((client) => conn?.awarenessClients.add(client));
    removed.forEach((client) => conn?.awarenessClients.delete(client));
    const changed = [...added, ...updated, ...removed];
    const frame = encodeAwarenessMessage(awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed));
    for (const c of this.connections) c.send(frame);
  }
}
