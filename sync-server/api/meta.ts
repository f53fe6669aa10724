// A fundraiser's name and existence: kept as a record beside its document, since the
// contract's events describe the catalog and orders, not the fundraiser itself.
import { z } from 'zod';
import { withStorageLock, type BatchOp, type StorageAdapter } from '../storage/adapter';
import { FID_PATTERN } from '../shared/protocol';
import { decodeOrSkip } from '../storage/records';

export const FundraiserName = z.string().trim().min(1, 'Give the fundraiser a name.').max(200, 'At most 200 characters.');
/** `archived`: hidden from the apps' lists of fundraisers; its data and public page stay. */
const MetaSchema = z.object({ id: z.string().min(1), name: FundraiserName, archived: z.boolean().optional() }).strict();
export type Meta = z.infer<typeof MetaSchema>;
/** An id that is usable in every path that names a fundraiser (/order/<fid>, /sync/<fid>). */
export const FundraiserId = z.string().regex(FID_PATTERN, 'Use 1 to 64 letters, digits or _ . : @ - (not dots alone)');

export class FundraiserMeta {
  constructor(private readonly adapter: StorageAdapter) {}

  async get(fid: string): Promise<Meta | undefined> {
    const bytes = await this.adapter.load(['fundraiser', fid]);
    if (!bytes) return undefined;
    return decodeOrSkip(bytes, MetaSchema);
  }

  /** Every fundraiser with a name on record; a damaged record is left out (as get() does). */
  async list(): Promise<Meta[]> {
    const rows = await this.adapter.loadRange(['fundraiser']);
    return rows.flatMap((row) => {
      const meta = decodeOrSkip(row.data, MetaSchema);
      return meta && meta.id === row.key[1] ? [meta] : [];
    });
  }

  op(meta: Meta): BatchOp {
    return { op: 'save', key: ['fundraiser', meta.id], data: new TextEncoder().encode(JSON.stringify(MetaSchema.parse(meta))) };
  }

  async put(meta: Meta): Promise<void> {
    await this.adapter.saveBatch([this.op(meta)]);
  }

  /** Gives `meta.id` its record; false if it has one already. Under a lock shared by every
   *  server process, so two managers creating one id at once cannot both succeed. */
  create(meta: Meta): Promise<boolean> {
    return withStorageLock(this.adapter, `fundraiser:${meta.id}`, async () => {
      if (await this.adapter.load(['fundraiser', meta.id])) return false;
      await this.put(meta);
      return true;
    });
  }

  /** The record with its new name or archived flag, or undefined for a fundraiser with none. */
  update(id: string, change: { name?: string | undefined; archived?: boolean | undefined }): Promise<Meta | undefined> {
    return withStorageLock(this.adapter, `fundraiser:${id}`, async () => {
      const before = await this.get(id);
      if (!before) return undefined;
      const archived = change.archived ?? before.archived;
      const meta: Meta = { id, name: change.name ?? before.name, ...(archived ? { archived: true } : {}) };
      await this.put(meta);
      return meta;
    });
  }
}

