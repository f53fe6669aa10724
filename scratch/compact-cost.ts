import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteStorageAdapter } from '../sync-server/storage/sqlite';
const a = new SqliteStorageAdapter(mkdtempSync(join(tmpdir(), 'cc-')));
const key = (n: number) => ['doc', 'f', 'u', String(n).padStart(16, '0')];
const upd = new Uint8Array(300).fill(7);
let seq = 0;
async function fill(n: number) { for (let i = 0; i < n; i++) await a.saveBatch([{ op: 'save', key: key(++seq), data: upd }]); }
const snap = new Uint8Array(624_000).fill(3);
for (let r = 0; r < 4; r++) {
  await fill(1000);
  let t = performance.now();
  await a.saveBatch([{ op: 'save', key: ['doc', 'f', 's'], data: snap }]);
  const s = performance.now() - t;
  t = performance.now();
  const ops = []; for (let k = seq - 999; k <= seq; k++) ops.push({ op: 'remove' as const, key: key(k) });
  await a.saveBatch(ops);
  const d = performance.now() - t;
  t = performance.now();
  await a.saveBatch([{ op: 'save', key: ['x'], data: upd }]);
  const one = performance.now() - t;
  console.log({ snapshotMs: s.toFixed(1), remove1000Ms: d.toFixed(1), oneSmallMs: one.toFixed(1) });
}
await a.close();
