// The writing connection of ThreadedSqliteStorageAdapter (sqlite-threaded.ts), on its own
// thread: each batch is one transaction, fsynced (synchronous = FULL) before the reply, so
// the main thread's event loop keeps running during the fsync. Plain JS, so the thread
// starts without a TypeScript loader; keys arrive joined and validated by the main thread.
// The statements are those of sqlite.ts (same table, same key encoding).
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

const db = new Database(workerData.file);
if (db.pragma('journal_mode = WAL', { simple: true }) !== 'wal') throw new Error('sqlite writer: could not enable WAL');
db.pragma('synchronous = FULL');
db.pragma('fullfsync = ON');
const put = db.prepare('INSERT INTO kv (key, data) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET data = excluded.data');
const del = db.prepare('DELETE FROM kv WHERE key = ?');
const delRange = db.prepare('DELETE FROM kv WHERE key = @exact OR (key >= @lo AND key < @hi)');

// ops: ['s', key, bytes] | ['d', key] | ['r', { exact, lo, hi }]; all or nothing.
const runBatch = db.transaction((ops) => {
  for (const op of ops) {
    if (op[0] === 's') put.run(op[1], Buffer.from(op[2].buffer, op[2].byteOffset, op[2].byteLength));
    else if (op[0] === 'd') del.run(op[1]);
    else delRange.run(op[1]);
  }
});

parentPort.on('message', (message) => {
  if (message.kind === 'close') {
    db.close();
    parentPort.close();
    return;
  }
  if (message.kind === 'durability') {
    const synchronous = Number(db.pragma('synchronous', { simple: true }));
    return parentPort.postMessage({ id: message.id, value: { journalMode: String(db.pragma('journal_mode', { simple: true })), synchronous } });
  }
  try {
    runBatch(message.ops);
    parentPort.postMessage({ id: message.id });
  } catch (err) {
    parentPort.postMessage({ id: message.id, error: { message: String(err?.message ?? err), code: err?.code } });
  }
});
