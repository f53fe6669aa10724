// After restoring a backup that is not the latest state, the order-number sequences went back
// in time while customers may hold higher website numbers (W-n) from the lost stretch, which
// no restored document holds. This moves each fundraiser's sequence past the highest W-n its
// document holds and past the sequence itself, then `gap` further (default 1000, `--gap N`):
// the numbers handed out after the backup are in no restored record, so they are skipped
// unless more than `gap` website orders came in after it. Run it with the servers stopped,
// before they start on the restored store (docs/DEPLOY.md):
//   DATABASE_URL=… node --import tsx sync-server/after-restore.ts [--gap N]   (or DATA_DIR=…)
import { resolve } from 'node:path';
import * as Y from 'yjs';
import { attachProjection } from './shared/doc-projection.js';
import type { StorageAdapter } from './storage/adapter.js';
import { DocStore } from './storage/doc-store.js';
import { PostgresStorageAdapter } from './storage/postgres.js';
import { Records, recordOps } from './storage/records.js';
import { SqliteStorageAdapter } from './storage/sqlite.js';

export interface SequenceFix { fid: string; highestInDoc: number; next: number; moved: boolean }

export const DEFAULT_GAP = 1000;

export async function advanceOrderNumbers(storage: StorageAdapter, gap = 0): Promise<SequenceFix[]> {
  const docStore = new DocStore(storage);
  const records = new Records(storage);
  const fixes: SequenceFix[] = [];
  for (const fid of await docStore.listDocs()) {
    const highestInDoc = highestWebsiteNumber(await docStore.loadDoc(fid));
    const fix = await records.allocateOrderNumber(fid, async (next) => {
      const target = Math.max(next, highestInDoc + 1) + gap;
      const moved = target !== next;
      if (moved) await storage.saveBatch([recordOps.orderSeq(fid, target)]);
      return { fid, highestInDoc, next: target, moved };
    });
    fixes.push(fix);
  }
  return fixes;
}

function highestWebsiteNumber(stored: { snapshot?: Uint8Array; updates: Uint8Array[] }): number {
  const doc = new Y.Doc();
  if (stored.snapshot) Y.applyUpdate(doc, stored.snapshot);
  for (const update of stored.updates) Y.applyUpdate(doc, update);
  const { projection, dispose } = attachProjection(doc);
  const numbers = projection.orders().map((o) => /^W-(\d+)$/.exec(o.orderNumber)?.[1]).filter((n) => n !== undefined).map(Number);
  dispose();
  doc.destroy();
  return Math.max(0, ...numbers);
}

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  const storage = url ? await PostgresStorageAdapter.open(url) : new SqliteStorageAdapter(resolve(process.env.DATA_DIR ?? './data'));
  try {
    const gapArg = process.argv.indexOf('--gap');
    const gap = gapArg > 0 ? Number(process.argv[gapArg + 1]) : DEFAULT_GAP;
    if (!Number.isInteger(gap) || gap < 0) throw new RangeError(`--gap must be a whole number ≥ 0, got ${process.argv[gapArg + 1]}`);
    for (const fix of await advanceOrderNumbers(storage, gap)) {
      console.log(`${fix.fid}: highest W-${fix.highestInDoc} in the document; next number ${fix.next}${fix.moved ? ' (moved)' : ''}`);
    }
  } finally {
    await storage.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
