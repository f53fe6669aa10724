import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
const db = new Database(join(mkdtempSync(join(tmpdir(), 'dc-')), 'x.db'));
db.pragma('journal_mode = WAL'); db.pragma('synchronous = FULL');
db.exec('CREATE TABLE kv (key TEXT PRIMARY KEY NOT NULL, data BLOB NOT NULL) WITHOUT ROWID');
const put = db.prepare('INSERT INTO kv (key, data) VALUES (?, ?)');
const del = db.prepare('DELETE FROM kv WHERE key = ?');
const delRange = db.prepare('DELETE FROM kv WHERE key >= ? AND key <= ?');
const key = (n: number) => `doc\u0000f\u0000u\u0000${String(n).padStart(16, '0')}`;
const data = Buffer.alloc(300, 7);
let seq = 0;
for (let r = 0; r < 3; r++) {
  for (const mode of ['each', 'range']) {
    const first = seq + 1;
    for (let i = 0; i < 1000; i++) put.run(key(++seq), data); // one fsynced commit each, as appends
    let t = performance.now();
    if (mode === 'each') db.transaction(() => { for (let k = first; k <= seq; k++) del.run(key(k)); })();
    else db.transaction(() => delRange.run(key(first), key(seq)))();
    console.log(mode, (performance.now() - t).toFixed(1), 'ms');
  }
}
