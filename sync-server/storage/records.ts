// Small typed records kept next to the doc logs, through the same StorageAdapter:
//
//   ['acct', username]             Account
//   ['receipt', fid, orderId]      Receipt (hash of the secret handed to the buyer)
//   ['idem', fid, key]             the JSON answer first given for an idempotency key
//   ['orderseq', fid]              the next order number to hand out
//
// Values are JSON, validated with zod on write AND on read: bytes on disk may be corrupt or
// from an older version, and that must surface as a CorruptRecordError the caller can
// handle for that one request — not as a TypeError deep in the server.
//
// `recordOps` builds the same writes as BatchOps, so a command can store its doc update,
// receipt, idempotency answer and order-number bump in ONE atomic batch via
// DocStore.appendUpdate(docName, update, extraOps).

import { z } from 'zod';
import { KeyedQueue, withStorageLock, type BatchOp, type StorageAdapter, type StorageKey } from './adapter.js';

export const AccountSchema = z.object({
  username: z.string().min(1),
  userId: z.string().min(1),
  role: z.string().min(1),
  passwordHash: z.string().min(1),
  fundraisers: z.array(z.string().min(1)).optional(),
  /** Set by a manager (api/accounts-api.ts): such an account cannot log in. Absent in older records. */
  disabled: z.boolean().optional(),
});
export type Account = z.infer<typeof AccountSchema>;

export const ReceiptSchema = z.object({ secretHash: z.string().min(1) });
export type Receipt = z.infer<typeof ReceiptSchema>;

const IdempotentSchema = z.object({ answer: z.json() });
export type JsonValue = z.infer<ReturnType<typeof z.json>>;

const OrderSeqSchema = z.object({ next: z.number().int().min(1) });

export class CorruptRecordError extends Error {
  constructor(readonly key: StorageKey, detail: string) {
    super(`corrupt record at ${JSON.stringify(key)}: ${detail}`);
    this.name = 'CorruptRecordError';
  }
}

export const recordKeys = {
  account: (username: string): StorageKey => ['acct', username],
  receipt: (fid: string, orderId: string): StorageKey => ['receipt', fid, orderId],
  idempotent: (fid: string, key: string): StorageKey => ['idem', fid, key],
  orderSeq: (fid: string): StorageKey => ['orderseq', fid],
};

/** Writes as BatchOps, validated now so a bad value fails before anything is stored. */
export const recordOps = {
  account: (acc: Account): BatchOp => saveOp(recordKeys.account(acc.username), AccountSchema, acc),
  receipt: (fid: string, orderId: string, receipt: Receipt): BatchOp =>
    saveOp(recordKeys.receipt(fid, orderId), ReceiptSchema, receipt),
  idempotent: (fid: string, key: string, answer: JsonValue): BatchOp =>
    saveOp(recordKeys.idempotent(fid, key), IdempotentSchema, { answer }),
  /** Sets the NEXT order number to hand out for `fid`. */
  orderSeq: (fid: string, next: number): BatchOp => saveOp(recordKeys.orderSeq(fid), OrderSeqSchema, { next }),
};

export class Records {
  private readonly orderQueue = new KeyedQueue();

  constructor(private readonly adapter: StorageAdapter) {}

  async getAccount(username: string): Promise<Account | undefined> {
    const key = recordKeys.account(username);
    const acc = await this.read(key, AccountSchema);
    if (acc && acc.username !== username) throw new CorruptRecordError(key, `holds account "${acc.username}"`);
    return acc;
  }

  async putAccount(acc: Account): Promise<void> {
    await this.write(recordOps.account(acc));
  }

  /** The usernames on record, from the keys alone: a damaged record does not hide the others. */
  async accountNames(): Promise<string[]> {
    const rows = await this.adapter.loadRange(['acct']);
    return rows.map((row) => row.key[1]).filter((name): name is string => name !== undefined);
  }

  async listAccounts(): Promise<Account[]> {
    const rows = await this.adapter.loadRange(['acct']);
    return rows.map((row) => decode(row.key, row.data, AccountSchema));
  }

  getReceipt(fid: string, orderId: string): Promise<Receipt | undefined> {
    return this.read(recordKeys.receipt(fid, orderId), ReceiptSchema);
  }

  async putReceipt(fid: string, orderId: string, receipt: Receipt): Promise<void> {
    await this.write(recordOps.receipt(fid, orderId, receipt));
  }

  /** The stored answer, or undefined if the key was never used. (A stored `null` answer is null.) */
  async getIdempotent(fid: string, key: string): Promise<JsonValue | undefined> {
    const rec = await this.read(recordKeys.idempotent(fid, key), IdempotentSchema);
    return rec?.answer;
  }

  async putIdempotent(fid: string, key: string, answer: JsonValue): Promise<void> {
    await this.write(recordOps.idempotent(fid, key, answer));
  }

  /** Hands out 1, 2, 3, … per fundraiser; durable before it resolves; never the same twice. */
  nextOrderNumber(fid: string): Promise<number> {
    return this.allocateOrderNumber(fid, async (n, bump) => {
      await this.adapter.saveBatch([bump]);
      return n;
    });
  }

  /**
   * For commands that must store the order number together with other writes: calls
   * `commit(n, bump)` with the next number, serialized per fundraiser. `commit` must put
   * `bump` into its atomic batch (e.g. DocStore.appendUpdate extraOps). If it throws,
   * nothing was consumed and the next caller gets the same n.
   */
  allocateOrderNumber<T>(fid: string, commit: (n: number, bump: BatchOp) => Promise<T>): Promise<T> {
    // Serialized in this process by the queue and, when storage is shared, across processes by its lock.
    return this.orderQueue.run(fid, () => withStorageLock(this.adapter, `orderseq:${fid}`, async () => {
      // Read through every time (no cache): the bump is written by whoever commits the batch.
      const stored = await this.read(recordKeys.orderSeq(fid), OrderSeqSchema);
      const n = stored?.next ?? 1;
      return commit(n, recordOps.orderSeq(fid, n + 1));
    }));
  }

  private async read<S extends z.ZodType>(key: StorageKey, schema: S): Promise<z.infer<S> | undefined> {
    const bytes = await this.adapter.load(key);
    return bytes === undefined ? undefined : decode(key, bytes, schema);
  }

  // Via saveBatch (not save) so ops built by recordOps and these methods share one path.
  private write(op: BatchOp): Promise<void> {
    return this.adapter.saveBatch([op]);
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** For records a reader may skip when damaged (lists): the value, or undefined. */
export function decodeOrSkip<S extends z.ZodType>(bytes: Uint8Array, schema: S): z.infer<S> | undefined {
  try {
    return decode([], bytes, schema);
  } catch {
    return undefined;
  }
}

/** A record write as a BatchOp, validated now so a bad value fails before anything is stored. */
export function recordOp<S extends z.ZodType>(key: StorageKey, schema: S, value: z.input<S>): BatchOp {
  return saveOp(key, schema, value);
}

function decode<S extends z.ZodType>(key: StorageKey, bytes: Uint8Array, schema: S): z.infer<S> {
  let json: unknown;
  try {
    json = JSON.parse(utf8.decode(bytes));
  } catch (err) {
    throw new CorruptRecordError(key, `not UTF-8 JSON (${(err as Error).message})`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new CorruptRecordError(key, z.prettifyError(parsed.error));
  return parsed.data;
}

function saveOp<S extends z.ZodType>(key: StorageKey, schema: S, value: z.input<S>): BatchOp {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new TypeError(`refusing to store invalid record at ${JSON.stringify(key)}: ${z.prettifyError(parsed.error)}`);
  return { op: 'save', key, data: new TextEncoder().encode(JSON.stringify(parsed.data)) };
}
