// One-off measurement (not a test): how long a 23 MB saveBatch takes on the embedded PostgreSQL.
import { randomBytes } from 'node:crypto';
import { PostgresStorageAdapter } from '../sync-server/storage/postgres';
import { startPostgres } from '../tests/support/postgres';
const pgs = await startPostgres();
const url = await pgs.createDatabase('bigwrite');
const a = await PostgresStorageAdapter.open(url);
const data = new Uint8Array(randomBytes(23 * 1024 * 1024));
for (let i = 0; i < 3; i++) {
  const t = performance.now();
  await a.saveBatch([{ op: 'save', key: ['doc', 'big', 's'], data }, { op: 'remove', key: ['doc', 'big', 'u', String(i)] }]);
  const w = performance.now() - t;
  const t2 = performance.now();
  await a.load(['doc', 'big', 's']);
  console.log(`write ${w.toFixed(0)} ms, read ${(performance.now() - t2).toFixed(0)} ms`);
}
await a.close();
await pgs.stop();
