// A stalled PostgreSQL (a partition, a frozen server): the adapter's calls fail in bounded
// time with the retryable StorageUnavailableError instead of waiting forever, the connection
// that stalled is destroyed, and the same adapter works again once the database answers.
// The database sits behind a proxy that freezes like a partition (tests/support/freezable-proxy.ts).
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StorageUnavailableError } from '../../sync-server/storage/adapter.js';
import { PostgresStorageAdapter, type PostgresTimeouts } from '../../sync-server/storage/postgres.js';
import { startFreezableProxy, type FreezableProxy } from '../support/freezable-proxy.js';
import { startPostgres, type TestPostgres } from '../support/postgres.js';

/** Short bounds, so that the tests take moments; the defaults are for real deployments. */
const SHORT: PostgresTimeouts = { statementTimeoutMs: 300, lockWaitMs: 1_000, connectTimeoutMs: 300, listenCheckMs: 100 };
const bytes = (s: string) => new TextEncoder().encode(s);

let postgres: TestPostgres;
let databases = 0;
const cleanup: (() => Promise<void>)[] = [];
beforeAll(async () => {
  postgres = await startPostgres();
}, 60_000);
afterAll(async () => {
  for (const step of cleanup.reverse()) await step().catch(() => undefined);
  await postgres?.stop();
});

/** A fresh database; `stalling` is an adapter on it through a freezable proxy, `direct` one without. */
async function setup(log: (message: string) => void = () => {}): Promise<{ url: string; proxy: FreezableProxy; stalling: PostgresStorageAdapter }> {
  const url = await postgres.createDatabase(`stall_${process.pid}_${++databases}`);
  const proxy = await startFreezableProxy(url);
  const stalling = await PostgresStorageAdapter.open(proxy.via(url), { timeouts: SHORT, log });
  cleanup.push(() => proxy.close(), async () => (proxy.thaw(), await stalling.close()));
  return { url, proxy, stalling };
}

async function heldAdvisoryLocks(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
    );
    return rows[0]!.n;
  } finally {
    await client.end();
  }
}

describe('a stalled PostgreSQL', () => {
  it('fails a write with a retryable error instead of waiting; after the thaw the same adapter works and keeps what was committed', async () => {
    const { proxy, stalling } = await setup();
    await stalling.saveBatch(Array.from({ length: 20 }, (_, i) => ({ op: 'save' as const, key: ['before', String(i).padStart(2, '0')], data: bytes(`v${i}`) })));

    proxy.freeze();
    await expect(stalling.save(['during'], bytes('x'))).rejects.toBeInstanceOf(StorageUnavailableError);
    await expect(stalling.load(['before', '00'])).rejects.toMatchObject({ name: 'StorageUnavailableError', httpStatus: 503 });

    proxy.thaw();
    expect((await stalling.loadRange(['before'])).map((e) => e.key[1])).toEqual(Array.from({ length: 20 }, (_, i) => String(i).padStart(2, '0')));
    await stalling.save(['after'], bytes('y'));
    expect(await stalling.load(['after'])).toEqual(bytes('y'));
  }, 15_000);

  it('a write whose answer is lost may have committed: it is refused as retryable, and is there once the database answers', async () => {
    const { proxy, stalling } = await setup();
    proxy.freezeAnswersAfter('WITH gone AS'); // saveBatch's statement reaches the database, its answer does not come back
    await expect(stalling.save(['ambiguous'], bytes('committed?'))).rejects.toBeInstanceOf(StorageUnavailableError);
    proxy.thaw();
    expect(await stalling.load(['ambiguous'])).toEqual(bytes('committed?'));
  }, 15_000);

  it('a lock holder whose connection froze: its call fails in bounded time, its session keeps the lock until the database notices, then another adapter takes it', async () => {
    const { url, proxy, stalling } = await setup();
    const direct = await PostgresStorageAdapter.open(url);
    cleanup.push(() => direct.close());

    const holding = stalling.withLock('stall-lock', async () => {
      proxy.freeze();
      return stalling.load(['inside']);
    });
    await expect(holding).rejects.toBeInstanceOf(StorageUnavailableError);
    // The client gave up and destroyed the connection, but the partition keeps the database from knowing.
    expect(await heldAdvisoryLocks(url)).toBe(1);

    const waiter = direct.withLock('stall-lock', async () => 'taken by the other adapter');
    proxy.thaw(); // the destroyed connection's close reaches the database: the session ends, its lock with it
    expect(await waiter).toBe('taken by the other adapter');
    expect(await stalling.withLock('stall-lock', async () => 'and by the first again')).toBe('and by the first again');
  }, 15_000);

  it('the LISTEN connection notices the frozen database, reconnects after the thaw and asks for a resync', async () => {
    let noticed!: () => void;
    const lost = new Promise<void>((resolve) => (noticed = resolve));
    const { url, proxy, stalling } = await setup((message) => message.startsWith('lost the PostgreSQL LISTEN') && noticed());
    const direct = await PostgresStorageAdapter.open(url);
    cleanup.push(() => direct.close());
    let resynced!: () => void;
    const resync = new Promise<void>((resolve) => (resynced = resolve));
    const heard: { doc: string; seq: number }[] = [];
    let heardOne!: () => void;
    const firstHeard = new Promise<void>((resolve) => (heardOne = resolve));
    const unsubscribe = await stalling.subscribeUpdates((u) => (heard.push(u), heardOne()), () => resynced());

    proxy.freeze();
    await lost; // no answer to its check in time: nothing closed the connection
    proxy.thaw();
    await resync;
    direct.announce({ doc: 'after-thaw', seq: 7 });
    await firstHeard;
    expect(heard).toEqual([{ doc: 'after-thaw', seq: 7 }]);
    await unsubscribe();
  }, 15_000);

  it('shuts down during a partition: close ends in bounded time, without the database saying goodbye', async () => {
    const { url, proxy, stalling } = await setup();
    await stalling.subscribeUpdates(() => {}, () => {}); // the LISTEN connection too
    await Promise.all(Array.from({ length: 4 }, (_, i) => stalling.save(['open', String(i)], bytes('x')))); // pooled, idle connections

    proxy.freeze();
    await stalling.close(); // before: waited for each connection's close, which the partition holds back
    await expect(stalling.load(['open', '0'])).rejects.toThrow(/closed/);

    proxy.thaw();
    const direct = await PostgresStorageAdapter.open(url);
    cleanup.push(() => direct.close());
    expect(await direct.load(['open', '3'])).toEqual(bytes('x'));
  }, 15_000);
});
