// Heartbeats on sync connections (HEARTBEAT_FRAME in shared/protocol.ts, and why). A socket
// that was sent nothing for the interval gets one; a busy one gets none. Its cost while
// messages flow: Connection.send sets a flag (a clock read there cost ≈90 ns a message, a
// few % of a ws send), and each sweep, five per interval, looks at every connection once:
// ≈55 µs for 1,000 busy connections, ≈20 µs for 1,000 quiet ones (measured once, on this
// loaded 2-core machine), i.e. under 0.3 ms a second at the 5 s default. Each connection also gets
// one right after it joins its room: the apps watch a connection only once a heartbeat proved
// that the server at the other end sends them (client/device/link-watchdog.ts). Only
// SocketLike is seen here (through Connection); transport.ts stays the edge.
import type { Connection } from './connection.js';
import { HEARTBEAT_FRAME } from './shared/protocol.js';

/** A send is noticed at the next sweep, so a gap grows to at most 1 + 1/5 intervals. */
const SWEEPS_PER_INTERVAL = 5;

export class Heartbeats {
  /** Each watched connection, and when it was last known to be sent something. */
  private readonly watched = new Map<Connection, number>();
  private readonly timer: ReturnType<typeof setInterval>;

  constructor(private readonly intervalMs: number, private readonly now: () => number = () => performance.now()) {
    if (!(intervalMs >= 10)) throw new RangeError(`heartbeat interval ${intervalMs} ms: give 10 ms or more`);
    this.timer = setInterval(() => this.sweep(), intervalMs / SWEEPS_PER_INTERVAL);
    this.timer.unref();
  }

  /** From now on `conn` gets a heartbeat whenever it was sent nothing for the interval. */
  watch(conn: Connection): void {
    this.watched.set(conn, this.now());
    conn.socket.onClose(() => this.watched.delete(conn));
  }

  /** The one heartbeat that tells the device this server sends them (after its room's greeting). */
  greet(conn: Connection): void {
    if (this.watched.has(conn)) this.beat(conn, this.now());
  }

  stop(): void {
    clearInterval(this.timer);
    this.watched.clear();
  }

  private sweep(): void {
    const now = this.now();
    for (const [conn, sentAt] of this.watched) {
      if (conn.sentSinceSweep) {
        conn.sentSinceSweep = false;
        this.watched.set(conn, now);
      } else if (now - sentAt >= this.intervalMs) {
        this.beat(conn, now);
      }
    }
  }

  // Three bytes, under the socket's compression threshold anyway.
  private beat(conn: Connection, now: number): void {
    conn.send(HEARTBEAT_FRAME, { compress: false });
    conn.sentSinceSweep = false;
    this.watched.set(conn, now);
  }
}
