// After restoring a backup that is not the latest state, the order-number sequences went back
// in time while customers may hold higher website numbers (W-n) from the lost stretch, which
// devices bring back into the documents when they reconnect. This moves each fundraiser's
// sequence past the highest W-n its document holds, so no number is handed out twice.
// Run it with the servers stopped, after the managers' devices synced (docs/DEPLOY.md):
//   DATABASE_URL=… node --import tsx sync-server/after-restore.ts   (or DATA_DIR=…)
import { resolve } from 'node:path';
import * as Y from 'yjs';
import { attachProjection } from './shared/doc-projection.js';
import type { StorageAdapter } from './storage/adapter.js';
import { DocStore } from './storage/doc-store.js';
import { PostgresStorageAdapter } from './storage/postgres.js';
import { Records, recordOps } from './storage/records.js';
import { SqliteStorageAdapter } from './storage/sqlite.js';

export interface SequenceFix { fid: string; highestInDoc: number; next: number; moved: boolean }

export async function advanceOrderNumbers(storage: StorageAdapter): Promise<SequenceFix[]> {
  const docStore = new DocStore(storage);
  const records = new Records(storage);
  const fixes: SequenceFix[] = [];
  for (const fid of await docStore.listDocs()) {
    const highestInDoc = highestWebsiteNumber(await docStore.loadDoc(fid));
    const fix = await records.allocateOrderNumber(fid, async (next) => {
      const moved = next <= highestInDoc;
      if (moved) await storage.saveBatch([recordOps.orderSeq(fid, highestInDoc + 1)]);
      return { fid, highestInDoc, next: moved ? highestInDoc + 1 : next, moved };
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
    for (const fix of await advanceOrderNumbers(storage)) {
      console.log(`${fix.fid}: highest W-${fix.highestInDoc} in the document; next number ${fix.next}${fix.moved ? ' (moved)' : ''}`);
    }
  } finally {
    await storage.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
