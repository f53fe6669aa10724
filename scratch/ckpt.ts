import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
for (const auto of [1000, 0]) {
  const db = new Database(join(mkdtempSync(join(tmpdir(), 'ck-')), 'x.db'));
  db.pragma('journal_mode = WAL'); db.pragma('synchronous = FULL'); db.pragma(`wal_autocheckpoint = ${auto}`);
  db.exec('CREATE TABLE kv (key TEXT PRIMARY KEY NOT NULL, data BLOB NOT NULL) WITHOUT ROWID');
  const put = db.prepare('INSERT INTO kv (key, data) VALUES (?, ?)');
  const data = Buffer.alloc(1500, 7);
  const times: number[] = [];
  for (let i = 0; i < 4000; i++) { const t = performance.now(); db.transaction(() => put.run(`k${String(i).padStart(8, '0')}`, data))(); times.push(performance.now() - t); }
  times.sort((a, b) => a - b);
  const q = (p: number) => times[Math.floor(p * (times.length - 1))]!.toFixed(2);
  console.log({ auto, p50: q(0.5), p99: q(0.99), p999: q(0.999), max: q(1), over5ms: times.filter((t) => t > 5).length });
}
