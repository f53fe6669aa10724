// SQLite with its writes on a worker thread. better-sqlite3 is synchronous, so with
// SqliteStorageAdapter every commit's fsync (≈2-4 ms here) blocks the event loop: nothing
// is read, relayed or answered meanwhile, and requests that arrive cannot even join the
// next group commit. Here a second connection on a worker thread runs every write (same
// transaction, same synchronous = FULL: durable before the promise resolves), while reads
// stay synchronous on the main thread's connection (WAL: readers never block the writer).
//
// Order is the one a single connection gives: writes run FIFO on the worker, and a read
// issued while writes are in flight waits for them, so it sees every write issued before it.
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import {
  AdapterClosedError, KEY_SEP, KEY_SEP_END, joinKey, validateOps,
  type BatchOp, type StorageAdapter, type StorageKey,
} from './adapter.js';
import { SQLITE_FILE_NAME, SqliteStorageAdapter } from './sqlite.js';

type WireOp = ['s', string, Uint8Array] | ['d', string] | ['r', { exact: string; lo: string; hi: string }];
type Reply = { id: number; error?: { message: string; code?: string }; value?: unknown };

const WORKER = new URL('./sqlite-writer-worker.mjs', import.meta.url);

export class SqliteWriteError extends Error {
  constructor(message: string, readonly code: string | undefined) {
    super(message);
    this.name = 'SqliteWriteError';
  }
}

export class ThreadedSqliteStorageAdapter implements StorageAdapter {
  /** The main thread's connection: creates the file and table, serves every read. */
  private readonly reader: SqliteStorageAdapter;
  private readonly worker: Worker;
  private readonly waiting = new Map<number, { resolve: (value: unknown) => void; reject: (err: Error) => void }>();
  private nextId = 1;
  private lastWrite: Promise<unknown> = Promise.resolve();
  private broken: Error | undefined;
  private closed = false;

  constructor(readonly dataDir: string) {
    this.reader = new SqliteStorageAdapter(dataDir);
    this.worker = new Worker(WORKER, { workerData: { file: path.join(dataDir, SQLITE_FILE_NAME) } });
    this.worker.unref(); // referenced only while a write is in flight (see request)
    this.worker.on('message', (reply: Reply) => this.onReply(reply));
    this.worker.on('error', (err) => this.breakDown(err));
    this.worker.on('exit', (code) => this.breakDown(new Error(`the sqlite writer thread exited (${code})`)));
  }

  async load(key: StorageKey): Promise<Uint8Array | undefined> {
    await this.writesDone();
    return this.reader.load(key);
  }

  async loadRange(prefix: StorageKey): Promise<{ key: string[]; data: Uint8Array }[]> {
    await this.writesDone();
    return this.reader.loadRange(prefix);
  }

  async lastKeyUnder(prefix: StorageKey): Promise<string[] | undefined> {
    await this.writesDone();
    return this.reader.lastKeyUnder(prefix);
  }

  save(key: StorageKey, data: Uint8Array): Promise<void> {
    return this.saveBatch([{ op: 'save', key, data }]);
  }

  remove(key: StorageKey): Promise<void> {
    return this.saveBatch([{ op: 'remove', key }]);
  }

  async removeRange(prefix: StorageKey): Promise<void> {
    const exact = joinKey(prefix);
    await this.write([['r', { exact, lo: exact + KEY_SEP, hi: exact + KEY_SEP_END }]]);
  }

  async saveBatch(ops: readonly BatchOp[]): Promise<void> {
    validateOps(ops);
    await this.write(ops.map((op): WireOp => (op.op === 'save' ? ['s', joinKey(op.key), op.data] : ['d', joinKey(op.key)])));
  }

  /** Set once the writer thread is gone: a write in flight then may or may not have committed,
   *  so this process's view of the log can no longer be trusted; only a restart (which reads
   *  what is stored) repairs that, not a fresh thread. */
  brokenReason(): string | undefined {
    return this.broken?.message;
  }

  /** What the writing connection runs with (2 = FULL). */
  durability(): Promise<{ journalMode: string; synchronous: number }> {
    return this.request({ kind: 'durability' }) as Promise<{ journalMode: string; synchronous: number }>;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.lastWrite.catch(() => undefined);
    if (!this.broken) {
      const exited = new Promise((resolve) => this.worker.once('exit', resolve));
      this.worker.ref(); // else, with nothing else pending, the process may end before the thread does
      this.worker.postMessage({ kind: 'close' });
      await exited;
    }
    await this.reader.close(); // the last connection to close checkpoints the WAL
  }

  private async write(ops: WireOp[]): Promise<void> {
    await this.request({ kind: 'batch', ops });
  }

  private request(message: { kind: string; ops?: WireOp[] }): Promise<unknown> {
    if (this.closed) return Promise.reject(new AdapterClosedError('sqlite'));
    if (this.broken) return Promise.reject(this.broken);
    const id = this.nextId++;
    const done = new Promise<unknown>((resolve, reject) => this.waiting.set(id, { resolve, reject }));
    if (this.waiting.size === 1) this.worker.ref(); // a pending write keeps the process alive
    this.worker.postMessage({ id, ...message });
    this.lastWrite = done;
    return done;
  }

  private onReply({ id, error, value }: Reply): void {
    const waiter = this.waiting.get(id);
    if (!waiter) return;
    this.waiting.delete(id);
    if (this.waiting.size === 0) this.worker.unref();
    if (error) waiter.reject(new SqliteWriteError(error.message, error.code));
    else waiter.resolve(value);
  }

  /** The writer thread is gone: every write in flight fails (none was answered), and so does every later one. */
  private breakDown(err: Error): void {
    if (this.closed && this.waiting.size === 0) return;
    this.broken ??= err;
    for (const waiter of this.waiting.values()) waiter.reject(err);
    this.waiting.clear();
  }

  private async writesDone(): Promise<void> {
    if (this.closed) throw new AdapterClosedError('sqlite');
    if (this.waiting.size > 0) await this.lastWrite.catch(() => undefined);
  }
}
