// How long the PostgreSQL adapter waits for the database before it gives up, and what it
// does with a connection that did not answer.
//
// Without bounds a stalled database (network partition, frozen server, a statement stuck
// behind a lock) makes every call wait forever: a fundraiser's serial queue blocks behind
// the stuck write, and the pooled connection never comes back. So:
//   - every ordinary statement has a CLIENT-side timer (pg's query_timeout). A server-side
//     statement_timeout alone is useless in a partition: the server's answer is what is lost;
//   - taking an advisory lock legitimately waits for another process's holder: it has its
//     own, longer client-side bound (lockWaitMs);
//   - the server's statement_timeout is set to lockWaitMs, the longest any statement may
//     legitimately run: a backstop that ends on the server a statement whose client gave up
//     (a lock wait of a session nobody will use again);
//   - opening a connection, and waiting for a pooled one, is bounded (connectTimeoutMs);
//   - TCP keepalive on every connection, so that the OS notices a peer that vanished;
//   - a connection whose statement timed out is in an unknown state (its statement may still
//     run, and may yet commit): it is destroyed, never given back to the pool.
import pg from 'pg';
import { StorageUnavailableError } from './adapter.js';

export interface PostgresTimeouts {
  /** Client-side bound on one ordinary statement (a read or a write). Default 30 s: writing a
   *  23 MB compaction snapshot took ≈1.0–1.2 s on the test machine's local PostgreSQL
   *  (reading it ≈0.5 s), so there is room for a slower disk or a LAN. */
  statementTimeoutMs?: number;
  /** Client-side bound on waiting for an advisory lock (another process may hold it for a
   *  whole command or compaction). Default 60 s. Also the server's statement_timeout. */
  lockWaitMs?: number;
  /** Bound on opening a connection, and on waiting for a free pooled one. Default 10 s. */
  connectTimeoutMs?: number;
  /** How often the LISTEN connection checks that the database still answers. Default 10 s. */
  listenCheckMs?: number;
}

export const DEFAULT_TIMEOUTS: Required<PostgresTimeouts> = {
  statementTimeoutMs: 30_000,
  lockWaitMs: 60_000,
  connectTimeoutMs: 10_000,
  listenCheckMs: 10_000,
};

/** The OS starts probing an idle connection after this long (then its own probe interval). */
const KEEPALIVE_IDLE_MS = 10_000;

export function resolveTimeouts(given: PostgresTimeouts = {}): Required<PostgresTimeouts> {
  const t = { ...DEFAULT_TIMEOUTS, ...given };
  for (const [name, ms] of Object.entries(t)) {
    if (!Number.isInteger(ms) || ms <= 0) throw new RangeError(`postgres ${name} must be a positive integer (ms), got ${ms}`);
  }
  return t;
}

/** Options for a pg.Client or pg.Pool with these bounds. */
export function connectionConfig(connectionString: string, t: Required<PostgresTimeouts>): pg.ClientConfig {
  return {
    connectionString,
    query_timeout: t.statementTimeoutMs,
    statement_timeout: Math.max(t.lockWaitMs, t.statementTimeoutMs),
    connectionTimeoutMillis: t.connectTimeoutMs,
    keepAlive: true,
    keepAliveInitialDelayMillis: KEEPALIVE_IDLE_MS,
  };
}

// SQLSTATE classes that say "the database cannot serve now", not "your statement is wrong":
// 08 connection exception, 53 insufficient resources, 57 operator intervention (57014: our
// statement_timeout fired; 57P01..: shutdown), and 55P03 lock_not_available.
const UNAVAILABLE_SQLSTATE = /^(08|53|57)|^55P03$/;
// What pg and node:net raise when the database did not answer or the connection broke.
const UNAVAILABLE_MESSAGE = /timeout|timed out|Connection terminated|not queryable|ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|EAI_AGAIN/i;

/** True when `err` means the database did not answer (or cannot now), not that the statement was refused. */
export function isUnavailable(err: unknown): boolean {
  if (err instanceof StorageUnavailableError) return true;
  if (err instanceof pg.DatabaseError) return UNAVAILABLE_SQLSTATE.test(err.code ?? '');
  if (!(err instanceof Error)) return false;
  const code = (err as { code?: unknown }).code;
  return UNAVAILABLE_MESSAGE.test(err.message) || (typeof code === 'string' && UNAVAILABLE_MESSAGE.test(code));
}

/** `err` as the retryable StorageUnavailableError when it means that; else unchanged. */
export function asUnavailable(err: unknown): unknown {
  return isUnavailable(err) && !(err instanceof StorageUnavailableError) ? new StorageUnavailableError('postgres', err) : err;
}
