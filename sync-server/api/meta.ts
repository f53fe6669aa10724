// A fundraiser's name and existence: kept as a record beside its document, since the
// contract's events describe the catalog and orders, not the fundraiser itself.
import { z } from 'zod';
import type { BatchOp, StorageAdapter } from '../storage/adapter';

const MetaSchema = z.object({ id: z.string().min(1), name: z.string().min(1).max(200) }).strict();
export type Meta = z.infer<typeof MetaSchema>;

export class FundraiserMeta {
  constructor(private readonly adapter: StorageAdapter) {}

  async get(fid: string): Promise<Meta | undefined> {
    const bytes = await this.adapter.load(['fundraiser', fid]);
    if (!bytes) return undefined;
    const parsed = MetaSchema.safeParse(safeJson(bytes));
    return parsed.success ? parsed.data : undefined;
  }

  op(meta: Meta): BatchOp {
    return { op: 'save', key: ['fundraiser', meta.id], data: new TextEncoder().encode(JSON.stringify(MetaSchema.parse(meta))) };
  }

  async put(meta: Meta): Promise<void> {
    await this.adapter.saveBatch([this.op(meta)]);
  }
}

function safeJson(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return undefined;
  }
}
