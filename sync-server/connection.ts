// One device's sync connection: who it is, what it may announce, and its limits. Messages
// that arrive while the room is still loading are kept, in order, until it is ready.
import type { TokenPayload } from './auth.js';
import type { AwarenessSpeaker } from './awareness-guard.js';
import type { SendOptions, SocketLike } from './http-types.js';
import { CloseCode, type Limits } from './shared/protocol.js';
import { TokenBucket } from './rate-limit.js';
import type { Writer } from './validate-update.js';

let nextConnectionId = 1;

export class Connection implements AwarenessSpeaker {
  readonly id = nextConnectionId++;
  readonly writer: Writer;
  claimedClient: number | undefined;
  /** Times the room asked this connection for changes its updates depended on. */
  resyncs = 0;
  /** The room asked with a sync step 1 and no step 2 has come back since. */
  awaitingStep2 = false;
  /** Awareness clientIDs this connection set, removed when it leaves. */
  readonly awarenessClients = new Set<number>();
  /** Set by every send, read and cleared by the heartbeat sweep (heartbeats.ts): a flag, so a
   *  busy socket pays no clock read per message. */
  sentSinceSweep = false;
  private readonly bucket: TokenBucket;
  private pending: Uint8Array[] | undefined = [];
  /** Bytes received but not yet processed: a device may not pile up unbounded work. */
  private queuedBytes = 0;
  private deliver: ((data: Uint8Array) => void) | undefined;

  constructor(
    readonly socket: SocketLike,
    readonly token: TokenPayload,
    private readonly limits: Pick<Limits, 'messageBurst' | 'messagesPerSecond' | 'maxBufferedBytes' | 'maxMessageBytes'>,
    /** Beyond expiry: false once the token's device session was revoked. */
    private readonly stillValid: (token: TokenPayload) => boolean = () => true,
  ) {
    this.writer = { userId: token.sub, role: token.role };
    this.bucket = new TokenBucket(limits.messageBurst, limits.messagesPerSecond, performance.now());
    socket.onMessage((data) => this.receive(data));
  }

  get userId(): string {
    return this.writer.userId;
  }

  get closed(): boolean {
    return this.socket.closed;
  }

  /** From now on messages go to `deliver`, starting with the ones that waited. */
  attach(deliver: (data: Uint8Array) => void): void {
    const waiting = this.pending ?? [];
    this.pending = undefined;
    this.deliver = deliver;
    for (const data of waiting) if (!this.closed) deliver(data);
  }

  /** Charges `cost` extra tokens for expensive requests (answering a sync step 1). */
  charge(cost: number): boolean {
    if (this.bucket.take(performance.now(), cost)) return true;
    this.close(CloseCode.rateLimited, 'too many messages');
    return false;
  }

  /** Expired, or its device session revoked. */
  tokenExpired(): boolean {
    return this.token.exp * 1000 <= Date.now() || !this.stillValid(this.token);
  }

  send(data: Uint8Array, options?: SendOptions): void {
    if (this.closed) return;
    if (this.socket.bufferedAmount > this.limits.maxBufferedBytes) return this.close(CloseCode.overloaded, 'not reading fast enough');
    this.sentSinceSweep = true;
    this.socket.send(data, options);
  }

  close(code: number, reason: string): void {
    this.socket.close(code, reason);
  }

  /** The room finished with a message of this many bytes. */
  processed(bytes: number): void {
    this.queuedBytes -= bytes;
  }

  private receive(data: Uint8Array): void {
    if (!this.charge(1)) return;
    this.queuedBytes += data.byteLength;
    if (this.queuedBytes > 2 * this.limits.maxMessageBytes) return this.close(CloseCode.rateLimited, 'too much unprocessed data');
    if (this.pending) this.pending.push(data);
    else this.deliver?.(data);
  }
}
