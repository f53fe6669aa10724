// A manager or clerk device in the chaos simulation: a Y.Doc with the shared projection
// attached, a raw y-protocols connection whose traffic waits in two queues (outbox: frames
// the device has sent, not yet delivered to the server; inbox: frames the server sent, not
// yet delivered to the doc). The simulation decides when, and whether, each one arrives.
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { WebSocket } from 'ws';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import type { Actor } from '../../../domain';
import { attachProjection, type DocProjection } from '../../../sync-server/shared/doc-projection';
import { HEARTBEAT_FRAME, MessageType } from '../../../sync-server/shared/protocol';

/** Origins of the device's own non-local transactions: neither is sent to the server. */
const REMOTE = Object.freeze({ kind: 'remote' });
const LOCAL_STORE = Object.freeze({ kind: 'local-store' });
const BARRIER_MS = 15_000;

export class SimDevice {
  doc!: Y.Doc;
  projection!: DocProjection;
  outbox: Uint8Array[] = [];
  inbox: Uint8Array[] = [];
  /** Ids of the events this device wrote, in order. */
  readonly written: string[] = [];
  /** Closes the harness did not ask for (a refusal, an internal error): each one is a failure. */
  readonly unexpectedCloses: string[] = [];
  private ws: WebSocket | undefined;
  private closed: Promise<void> = Promise.resolve();
  private closing = false;
  private barrier: (() => void) | undefined;
  private next = 0;

  constructor(readonly actor: Actor, private readonly stream: readonly unknown[], clientID: number) {
    this.load(undefined, clientID);
  }

  get connected(): boolean {
    return this.ws !== undefined;
  }

  get remaining(): number {
    return this.stream.length - this.next;
  }

  /** Writes the next `count` events of its stream in one local transaction. */
  write(count: number): void {
    const events = this.stream.slice(this.next, this.next + count);
    this.next += events.length;
    this.doc.transact(() => this.doc.getArray('replicated').push([...events]));
    for (const e of events) this.written.push((e as { id: string }).id);
  }

  async connect(url: string, token: string): Promise<void> {
    const ws = new WebSocket(`${url}/sync/demo?token=${encodeURIComponent(token)}`);
    this.closing = false;
    this.closed = new Promise((resolve) => ws.once('close', (code, reason) => {
      this.onClosed(ws, code, reason.toString());
      resolve();
    }));
    ws.on('message', (data: Buffer) => this.onFrame(new Uint8Array(data)));
    ws.on('error', () => {});
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => {
        // Here, not after the await: the server's step 1 may arrive in the same tick.
        this.ws = ws;
        this.outbox = [frameWith((e) => syncProtocol.writeSyncStep1(e, this.doc))];
        resolve();
      });
      ws.once('unexpected-response', (_req, res) => reject(new Error(`sync upgrade answered HTTP ${res.statusCode}`)));
    });
  }

  /** Drops the connection; whatever was queued either way is lost, as on a real network. */
  async disconnect(): Promise<void> {
    if (!this.ws) return;
    this.closing = true;
    this.ws.close(1000);
    this.forgetConnection();
    await this.closed;
  }

  /** The server went away (restart): waits until the socket has closed. */
  whenClosed(): Promise<void> {
    return this.closed;
  }

  /** Delivers the oldest outgoing frame (FIFO, as over TCP); `times` > 1 duplicates it. */
  sendNext(times = 1): void {
    const frame = this.outbox.shift();
    if (!frame || !this.ws) return;
    for (let i = 0; i < times; i++) this.ws.send(frame);
  }

  /** Takes the inbox frame at `index` and applies it `times` times (0 = dropped). */
  receive(index: number, times = 1): void {
    const [frame] = this.inbox.splice(index, 1);
    if (frame) for (let i = 0; i < times; i++) this.handle(frame);
  }

  /** Resolves once the server processed everything this connection sent before (message 100). */
  async barrierWait(): Promise<void> {
    const ws = this.ws;
    if (!ws) return;
    const answered = new Promise<void>((resolve) => (this.barrier = resolve));
    ws.send(new Uint8Array([MessageType.serverState]));
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${this.actor.deviceId}: no answer to message 100`)), BARRIER_MS)));
    await Promise.race([answered, timeout]).finally(() => clearTimeout(timer));
  }

  /** A reload of the app: the local store holds the whole doc (persisted), then a new Y.Doc
   *  is built from it, with the same clientID (docs/CLIENT.md) or a new one (another tab). */
  async reload(clientID: number): Promise<void> {
    await this.disconnect();
    const persisted = Y.encodeStateAsUpdate(this.doc);
    this.projection.dispose();
    this.doc.destroy();
    this.load(persisted, clientID);
  }

  destroy(): void {
    this.ws?.terminate();
    this.projection.dispose();
    this.doc.destroy();
  }

  private load(persisted: Uint8Array | undefined, clientID: number): void {
    const doc = new Y.Doc();
    if (persisted) Y.applyUpdate(doc, persisted, LOCAL_STORE);
    // After loading, as the apps do: Yjs drops a clientID that a loaded update already uses.
    doc.clientID = clientID;
    doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin !== REMOTE && origin !== LOCAL_STORE && this.ws) this.outbox.push(frameWith((e) => syncProtocol.writeUpdate(e, update)));
    });
    this.doc = doc;
    this.projection = attachProjection(doc);
  }

  private handle(frame: Uint8Array): void {
    const decoder = decoding.createDecoder(frame);
    if (decoding.readVarUint(decoder) !== MessageType.sync) return; // awareness: not simulated
    const reply = encoding.createEncoder();
    encoding.writeVarUint(reply, MessageType.sync);
    syncProtocol.readSyncMessage(decoder, reply, this.doc, REMOTE);
    if (encoding.length(reply) > 1 && this.ws) this.outbox.push(encoding.toUint8Array(reply));
  }

  private onFrame(frame: Uint8Array): void {
    if (isHeartbeat(frame)) return; // not part of the simulated delivery: seeds replay the same schedules
    if (frame[0] === MessageType.serverState) {
      this.barrier?.();
      this.barrier = undefined;
      return;
    }
    if (this.ws) this.inbox.push(frame);
  }

  private onClosed(ws: WebSocket, code: number, reason: string): void {
    if (!this.closing && code !== 1001) this.unexpectedCloses.push(`${this.actor.deviceId}: closed ${code} ${reason}`);
    if (this.ws === ws) this.forgetConnection();
    this.barrier?.();
    this.barrier = undefined;
  }

  private forgetConnection(): void {
    this.ws = undefined;
    this.outbox = [];
    this.inbox = [];
  }
}

function frameWith(write: (encoder: encoding.Encoder) => void): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.sync);
  write(encoder);
  return encoding.toUint8Array(encoder);
}

function isHeartbeat(frame: Uint8Array): boolean {
  return frame.length === HEARTBEAT_FRAME.length && frame.every((byte, i) => byte === HEARTBEAT_FRAME[i]);
}
