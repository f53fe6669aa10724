// The embedded default backend: one SQLite file under DATA_DIR, via better-sqlite3.
//
// Durable before visible: the server only acknowledges / broadcasts an update after save()
// or saveBatch() resolved, so a resolved write must survive a crash or power cut. Hence:
//   - journal_mode = WAL: a commit is one sequential append to the -wal file, and readers
//     never block the writer.
//   - synchronous = FULL: the WAL is fsynced at every commit. With WAL, the usual NORMAL
//     only fsyncs at checkpoints, so the last commits may roll back after a power loss —
//     exactly the "acknowledged but lost" case we promise against.
//   - fullfsync = ON: on macOS plain fsync does not flush the disk cache; elsewhere a no-op.
//
// better-sqlite3 is synchronous: each write blocks the event loop for one fsync; it also
// means a statement runs to completion before any other JS, so saveBatch's transaction
// can't interleave. The server runs its writes on a worker thread instead
// (sqlite-threaded.ts, which reads through this class); tools and tests use this directly.
//
// Keys are stored as one TEXT of the parts joined with KEY_SEP ('\u0001'), which sorts
// below every allowed character: BINARY collation then yields element-wise order, and a
// prefix range is `key = p OR (key >= p||SEP AND key < p||SEP_END)`.

import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import {
  AdapterClosedError,
  KEY_SEP,
  KEY_SEP_END,
  joinKey,
  splitKey,
  validateData,
  validateOps,
  type BatchOp,
  type StorageAdapter,
  type StorageKey,
} from './adapter.js';

export const SQLITE_FILE_NAME = 'fundraiser-orders.sqlite3';

interface Row {
  key: string;
  data: Buffer;
}

export class SqliteStorageAdapter implements StorageAdapter {
  private readonly db: Database.Database;
  private readonly stmt: ReturnType<typeof prepareStatements>;
  private closed = false;

  /** Opens (creating if needed) the database in `dataDir`, e.g. process.env.DATA_DIR. */
  constructor(readonly dataDir: string) {
    fs.mkdirSync(dataDir, { recursive: true });
    this.db = new Database(path.join(dataDir, SQLITE_FILE_NAME));
    configureDurability(this.db);
    this.db.exec('CREATE TABLE IF NOT EXISTS kv (key TEXT PRIMARY KEY NOT NULL, data BLOB NOT NULL) WITHOUT ROWID');
    this.stmt = prepareStatements(this.db);
  }

  async load(key: StorageKey): Promise<Uint8Array | undefined> {
    this.assertOpen();
    const row = this.stmt.get.get(joinKey(key)) as Pick<Row, 'data'> | undefined;
    return row && toUint8Array(row.data);
  }

  async save(key: StorageKey, data: Uint8Array): Promise<void> {
    this.assertOpen();
    validateData(data);
    this.stmt.put.run(joinKey(key), toBuffer(data));
  }

  async remove(key: StorageKey): Promise<void> {
    this.assertOpen();
    this.stmt.del.run(joinKey(key));
  }

  async loadRange(prefix: StorageKey): Promise<{ key: string[]; data: Uint8Array }[]> {
    this.assertOpen();
    const rows = this.stmt.range.all(rangeParams(prefix)) as Row[];
    return rows.map((row) => ({ key: splitKey(row.key), data: toUint8Array(row.data) }));
  }

  async lastKeyUnder(prefix: StorageKey): Promise<string[] | undefined> {
    this.assertOpen();
    const row = this.stmt.lastKey.get(rangeParams(prefix)) as Pick<Row, 'key'> | undefined;
    return row && splitKey(row.key);
  }

  async removeRange(prefix: StorageKey): Promise<void> {
    this.assertOpen();
    this.stmt.delRange.run(rangeParams(prefix));
  }

  async saveBatch(ops: readonly BatchOp[]): Promise<void> {
    this.assertOpen();
    validateOps(ops);
    this.applyBatch(ops);
  }

  /** What the connection actually runs with, for startup logs and tests (2 = FULL). */
  durability(): { journalMode: string; synchronous: number } {
    this.assertOpen();
    return {
      journalMode: String(this.db.pragma('journal_mode', { simple: true })),
      synchronous: Number(this.db.pragma('synchronous', { simple: true })),
    };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.db.close(); // also checkpoints the WAL back into the main file
  }

  // One transaction: on any throw better-sqlite3 rolls back, so the batch is all or nothing.
  private readonly applyBatch = (ops: readonly BatchOp[]): void => {
    this.db.transaction(() => {
      for (const op of ops) {
        if (op.op === 'save') this.stmt.put.run(joinKey(op.key), toBuffer(op.data));
        else this.stmt.del.run(joinKey(op.key));
      }
    })();
  };

  private assertOpen(): void {
    if (this.closed) throw new AdapterClosedError('sqlite');
  }
}

function configureDurability(db: Database.Database): void {
  const mode = db.pragma('journal_mode = WAL', { simple: true });
  if (mode !== 'wal') throw new Error(`sqlite: could not enable WAL (journal_mode is ${String(mode)})`);
  db.pragma('synchronous = FULL');
  db.pragma('fullfsync = ON');
}

function prepareStatements(db: Database.Database) {
  const inRange = 'key = @exact OR (key >= @lo AND key < @hi)';
  return {
    get: db.prepare('SELECT data FROM kv WHERE key = ?'),
    put: db.prepare('INSERT INTO kv (key, data) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET data = excluded.data'),
    del: db.prepare('DELETE FROM kv WHERE key = ?'),
    range: db.prepare(`SELECT key, data FROM kv WHERE ${inRange} ORDER BY key`),
    delRange: db.prepare(`DELETE FROM kv WHERE ${inRange}`),
    lastKey: db.prepare(`SELECT key FROM kv WHERE ${inRange} ORDER BY key DESC LIMIT 1`),
  };
}

function rangeParams(prefix: StorageKey): { exact: string; lo: string; hi: string } {
  const exact = joinKey(prefix);
  return { exact, lo: exact + KEY_SEP, hi: exact + KEY_SEP_END };
}

// better-sqlite3 binds Buffers; a view avoids copying the caller's bytes.
function toBuffer(data: Uint8Array): Buffer {
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}

// Hand out plain Uint8Arrays so callers (and deep-equality in tests) see one type everywhere.
function toUint8Array(buf: Buffer): Uint8Array {
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
}
