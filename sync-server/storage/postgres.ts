// The shared backend for several server processes: one PostgreSQL database (DATABASE_URL).
//
// Same bytes-level contract as the embedded SQLite store (tests/storage/conformance.ts),
// plus what processes need to coordinate (SharedStorage):
//   - every write is ONE statement in autocommit mode, so it is atomic, and durable when it
//     resolves with PostgreSQL's defaults (fsync on, synchronous_commit on);
//   - withLock takes a session-level advisory lock on a connection of its own, and every
//     storage call made inside `fn` runs on that connection (AsyncLocalStorage), so a lock
//     holder never waits for the pool, and nested locks are taken on the same session;
//   - committed doc updates are announced with NOTIFY after their commit (postgres-announce.ts);
//   - every call is bounded in time (postgres-timeouts.ts): a stalled database fails it with
//     the retryable StorageUnavailableError, and the connection it used is destroyed.
//
// Keys are stored as in SQLite: one text of the parts joined with KEY_SEP, COLLATE "C".
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import {
  AdapterClosedError, KEY_SEP, KEY_SEP_END, joinKey, splitKey, validateData, validateKey, validateOps,
  type BatchOp, type CommittedUpdate, type SharedStorage, type StorageAdapter, type StorageKey,
} from './adapter.js';
import { UpdateAnnouncer } from './postgres-announce.js';
import { trackConnections } from './postgres-ending.js';
import { UpdateListener } from './postgres-listener.js';
import { migrate } from './postgres-schema.js';
import { asUnavailable, connectionConfig, isUnavailable, resolveTimeouts, type PostgresTimeouts } from './postgres-timeouts.js';

export { DEFAULT_TIMEOUTS, type PostgresTimeouts } from './postgres-timeouts.js';

export interface PostgresOptions {
  /** Tells this process's announcements apart from the others'. Default: a random UUID. */
  instanceId?: string;
  /** Pooled connections (lock holders each keep one while they hold it). Default 20. */
  poolSize?: number;
  log?: (message: string, err?: unknown) => void;
  /** How long to wait for the database (postgres-timeouts.ts); defaults in DEFAULT_TIMEOUTS. */
  timeouts?: PostgresTimeouts;
}

interface HeldLock {
  client: pg.PoolClient;
  names: Set<string>;
  released: boolean;
  /** Why the connection can no longer be trusted (a statement on it timed out or failed as a connection). */
  broken?: unknown;
}

type Row = { key: string; data: Buffer };
const LOCK_SQL = 'SELECT pg_advisory_lock(hashtextextended($1, 0))';
const UNLOCK_SQL = 'SELECT pg_advisory_unlock(hashtextextended($1, 0))';
const IN_RANGE = '(key = $1 OR (key >= $2 AND key < $3))';

export class PostgresStorageAdapter implements StorageAdapter, SharedStorage {
  readonly instanceId: string;
  private readonly pool: pg.Pool;
  /** For detached locks (compactions) alone: see withLock. */
  private readonly detachedPool: pg.Pool;
  private readonly held = new AsyncLocalStorage<HeldLock>();
  private readonly listeners = new Set<UpdateListener>();
  private readonly announcer: UpdateAnnouncer;
  private readonly log: (message: string, err?: unknown) => void;
  private readonly timeouts: Required<PostgresTimeouts>;
  private closed = false;
  private readonly endPool: (ms: number) => Promise<void>;
  private readonly endDetachedPool: (ms: number) => Promise<void>;

  /** Connects, creates or migrates the schema, and returns the adapter. */
  static async open(connectionString: string, opts: PostgresOptions = {}): Promise<PostgresStorageAdapter> {
    const adapter = new PostgresStorageAdapter(connectionString, opts);
    try {
      const client = await adapter.pool.connect();
      let broken: unknown;
      try {
        await migrate(client);
      } catch (err) {
        broken = err;
        throw err;
      } finally {
        client.release(broken as Error | undefined); // a failed migration's connection may be mid-statement
      }
      return adapter;
    } catch (err) {
      await Promise.all([adapter.pool.end(), adapter.detachedPool.end()]).catch(() => undefined);
      throw asUnavailable(err);
    }
  }

  private constructor(private readonly connectionString: string, opts: PostgresOptions) {
    this.instanceId = opts.instanceId ?? randomUUID();
    this.log = opts.log ?? ((message, err) => console.error(`[postgres] ${message}`, err ?? ''));
    this.timeouts = resolveTimeouts(opts.timeouts);
    const config = connectionConfig(connectionString, this.timeouts);
    this.pool = new pg.Pool({ ...config, max: opts.poolSize ?? 20 });
    this.detachedPool = new pg.Pool({ ...config, max: 2 });
    this.endPool = trackConnections(this.pool);
    this.endDetachedPool = trackConnections(this.detachedPool);
    // An idle pooled connection that dies (server restart) must not crash the process.
    for (const pool of [this.pool, this.detachedPool]) pool.on('error', (err) => this.log('an idle PostgreSQL connection failed', err));
    this.announcer = new UpdateAnnouncer(this.pool, this.instanceId, this.log);
  }

  async load(key: StorageKey): Promise<Uint8Array | undefined> {
    const rows = await this.query<Row>('SELECT data FROM kv WHERE key = $1', [joinKey(key)]);
    return rows[0] && toUint8Array(rows[0].data);
  }

  async save(key: StorageKey, data: Uint8Array): Promise<void> {
    validateData(data);
    await this.saveBatch([{ op: 'save', key, data }]);
  }

  async remove(key: StorageKey): Promise<void> {
    await this.query('DELETE FROM kv WHERE key = $1', [joinKey(key)]);
  }

  async loadRange(prefix: StorageKey): Promise<{ key: string[]; data: Uint8Array }[]> {
    const rows = await this.query<Row>(`SELECT key, data FROM kv WHERE ${IN_RANGE} ORDER BY key`, rangeParams(prefix));
    return rows.map(toEntry);
  }

  async removeRange(prefix: StorageKey): Promise<void> {
    await this.query(`DELETE FROM kv WHERE ${IN_RANGE}`, rangeParams(prefix));
  }

  /** The batch's net effect (a later op on a key wins) as one statement: atomic by itself. */
  async saveBatch(ops: readonly BatchOp[]): Promise<void> {
    this.assertOpen();
    validateOps(ops);
    if (ops.length === 0) return;
    const { saveKeys, saveData, removeKeys } = netEffect(ops);
    await this.query(
      `WITH gone AS (DELETE FROM kv WHERE key = ANY($1::text[]))
       INSERT INTO kv (key, data) SELECT * FROM unnest($2::text[], $3::bytea[])
       ON CONFLICT (key) DO UPDATE SET data = EXCLUDED.data`,
      [removeKeys, saveKeys, saveData],
    );
  }

  async lastKeyUnder(prefix: StorageKey): Promise<string[] | undefined> {
    const rows = await this.query<{ key: string }>(
      `SELECT key FROM kv WHERE ${IN_RANGE} ORDER BY key DESC LIMIT 1`, rangeParams(prefix),
    );
    return rows[0] && splitKey(rows[0].key);
  }

  /** One statement for any number of prefixes (an index probe each). */
  async lastKeysBelow(prefixes: readonly StorageKey[]): Promise<(string[] | undefined)[]> {
    const ranges = prefixes.map(rangeParams);
    const rows = await this.query<{ key: string | null }>(
      `SELECT (SELECT key FROM kv WHERE key >= p.lo AND key < p.hi ORDER BY key DESC LIMIT 1) AS key
       FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS p(lo, hi, n) ORDER BY p.n`,
      [ranges.map((r) => r[1]), ranges.map((r) => r[2])],
    );
    return rows.map((row) => (row.key === null ? undefined : splitKey(row.key)));
  }

  announce(update: CommittedUpdate): void {
    if (!this.closed) this.announcer.announce(update);
  }

  async loadRangeAfter(prefix: StorageKey, after: StorageKey): Promise<{ key: string[]; data: Uint8Array }[]> {
    validateKey(after);
    const [, lo, hi] = rangeParams(prefix);
    const rows = await this.query<Row>('SELECT key, data FROM kv WHERE key > $1 AND key >= $2 AND key < $3 ORDER BY key', [joinKey(after), lo, hi]);
    return rows.map(toEntry);
  }

  async withLock<T>(name: string, fn: () => Promise<T>, opts: { detached?: boolean } = {}): Promise<T> {
    this.assertOpen();
    const outer = this.held.getStore();
    if (outer && !outer.released && !opts.detached) return this.nestedLock(outer, name, fn);
    // A detached holder (a compaction) waits for its lock while holding the doc's in-process
    // queue, which a command holding a pooled connection may be waiting for: from the main
    // pool, enough such waits could take every connection and deadlock. Its own pool cannot.
    const client = await (opts.detached ? this.detachedPool : this.pool).connect().catch((err) => Promise.reject(asUnavailable(err)));
    const held: HeldLock = { client, names: new Set([name]), released: false };
    try {
      await this.onHeld(held, LOCK_SQL, [name], this.timeouts.lockWaitMs);
      return await this.held.run(held, fn);
    } finally {
      held.released = true; // work `fn` left running falls back to the pool from now on
      if (!held.broken) await this.onHeld(held, 'SELECT pg_advisory_unlock_all()', []).catch(() => undefined);
      // A broken connection is destroyed: its session, and with it every advisory lock it
      // holds, ends once the database notices (at once if it is up; after a partition, when
      // its TCP connection times out, or when the partition heals).
      client.release(held.broken === undefined ? undefined : toError(held.broken));
    }
  }

  async subscribeUpdates(onUpdate: (update: CommittedUpdate) => void, onResync: () => void): Promise<() => Promise<void>> {
    this.assertOpen();
    const listener = new UpdateListener({
      connectionString: this.connectionString, instanceId: this.instanceId, onUpdate, onResync, log: this.log, timeouts: this.timeouts,
    });
    await listener.start();
    this.listeners.add(listener);
    return async () => {
      this.listeners.delete(listener);
      await listener.stop();
    };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.listeners].map((l) => l.stop()));
    await this.announcer.idle();
    // Bounded: in a partition the database's goodbye never comes (postgres-ending.ts).
    const ms = this.timeouts.connectTimeoutMs;
    await Promise.all([this.endPool(ms), this.endDetachedPool(ms)]);
  }

  private async nestedLock<T>(outer: HeldLock, name: string, fn: () => Promise<T>): Promise<T> {
    if (outer.names.has(name)) return fn();
    await this.onHeld(outer, LOCK_SQL, [name], this.timeouts.lockWaitMs);
    outer.names.add(name);
    try {
      return await fn();
    } finally {
      outer.names.delete(name);
      if (!outer.released && !outer.broken) await this.onHeld(outer, UNLOCK_SQL, [name]);
    }
  }

  /** On the lock holder's connection when called inside withLock, else on the pool (which
   *  destroys a connection whose statement failed: pg-pool releases it with the error). */
  private async query<R extends pg.QueryResultRow>(sql: string, params: unknown[]): Promise<R[]> {
    this.assertOpen();
    const held = this.held.getStore();
    if (held && !held.released) return this.onHeld<R>(held, sql, params);
    try {
      return (await this.pool.query<R>(sql, params)).rows;
    } catch (err) {
      throw asUnavailable(err);
    }
  }

  /**
   * A statement on a lock holder's connection. Once one timed out or lost the connection,
   * the connection is unusable (the statement may still be running, even commit): every
   * later statement of the holder fails at once (never on the pool: that would run outside
   * the lock), and withLock destroys the connection.
   */
  private async onHeld<R extends pg.QueryResultRow>(held: HeldLock, text: string, values: unknown[], timeoutMs = this.timeouts.statementTimeoutMs): Promise<R[]> {
    if (held.broken !== undefined) throw asUnavailable(held.broken);
    try {
      // query_timeout per query: pg reads it (client.js), its types leave it out.
      return (await held.client.query<R>({ text, values, query_timeout: timeoutMs } as pg.QueryConfig)).rows;
    } catch (err) {
      if (isUnavailable(err)) held.broken ??= err;
      throw asUnavailable(err);
    }
  }

  private assertOpen(): void {
    if (this.closed) throw new AdapterClosedError('postgres');
  }
}

function netEffect(ops: readonly BatchOp[]): { saveKeys: string[]; saveData: Buffer[]; removeKeys: string[] } {
  const last = new Map<string, Uint8Array | undefined>();
  for (const op of ops) {
    const key = joinKey(op.key);
    last.delete(key); // re-insert so the map keeps one entry per key
    last.set(key, op.op === 'save' ? op.data : undefined);
  }
  const saveKeys: string[] = [];
  const saveData: Buffer[] = [];
  const removeKeys: string[] = [];
  for (const [key, data] of last) {
    if (data === undefined) removeKeys.push(key);
    else (saveKeys.push(key), saveData.push(Buffer.from(data.buffer, data.byteOffset, data.byteLength)));
  }
  return { saveKeys, saveData, removeKeys };
}

function rangeParams(prefix: StorageKey): [string, string, string] {
  const exact = joinKey(prefix);
  return [exact, exact + KEY_SEP, exact + KEY_SEP_END];
}

function toEntry(row: Row): { key: string[]; data: Uint8Array } {
  return { key: splitKey(row.key), data: toUint8Array(row.data) };
}

function toError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err));
}

function toUint8Array(buf: Buffer): Uint8Array {
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
}
