// After restoring DATA_DIR from a backup (or re-creating a fundraiser by hand), start a new
// epoch for each restored fundraiser, with the server STOPPED:
//
//   node --import tsx scripts/new-epoch.ts <DATA_DIR> <fid> [<fid>…]
//   DATABASE_URL=… node --import tsx scripts/new-epoch.ts - <fid> [<fid>…]   (PostgreSQL)
//
// Devices that synced with the old copy are then refused with 4409 instead of merging their
// copy into the restored one; their apps say so and offer an export of their events
// (docs/RELIABILITY.md, "Document epochs").
import { resolve } from 'node:path';
import { FundraiserEpochs } from '../sync-server/epochs';
import { FID_PATTERN } from '../sync-server/shared/protocol';
import type { StorageAdapter } from '../sync-server/storage/adapter';
import { PostgresStorageAdapter } from '../sync-server/storage/postgres';
import { SqliteStorageAdapter } from '../sync-server/storage/sqlite';

/** The same store the server would open: PostgreSQL when DATABASE_URL is set. */
async function openStore(dataDir: string): Promise<StorageAdapter> {
  const url = process.env.DATABASE_URL;
  return url ? PostgresStorageAdapter.open(url) : new SqliteStorageAdapter(resolve(dataDir));
}

export async function renewEpochs(dataDir: string, fids: readonly string[]): Promise<Record<string, string>> {
  const bad = fids.filter((fid) => !FID_PATTERN.test(fid));
  if (fids.length === 0 || bad.length > 0) throw new Error(`give one or more fundraiser ids${bad.length ? ` (invalid: ${bad.join(', ')})` : ''}`);
  const storage = await openStore(dataDir);
  try {
    const epochs = new FundraiserEpochs(storage);
    const renewed: Record<string, string> = {};
    for (const fid of fids) renewed[fid] = await epochs.renew(fid);
    return renewed;
  } finally {
    await storage.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [dataDir, ...fids] = process.argv.slice(2);
  renewEpochs(dataDir ?? '', fids).then(
    (renewed) => Object.entries(renewed).forEach(([fid, epoch]) => console.log(`${fid}: new epoch ${epoch}`)),
    (err: Error) => {
      console.error(`new-epoch: ${err.message}\nusage: node --import tsx scripts/new-epoch.ts <DATA_DIR> <fid> [<fid>…]`);
      process.exit(1);
    },
  );
}
