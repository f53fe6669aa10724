// Who changed which account, and when: a manager resetting another's password or disabling
// an account should leave a trace the other managers can read. Each change is stored in the
// same batch as the account record it changes, so neither exists without the other.
//
//   ['acctlog', '<at>~<counter>~<uuid>']   AccountChange (keys sort by time)
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { BatchOp, StorageAdapter } from './storage/adapter.js';
import { decodeOrSkip, recordOp } from './storage/records.js';

export const AccountChange = z.strictObject({
  at: z.string(),
  by: z.string(),
  action: z.enum(['created', 'password', 'disabled', 'enabled', 'fundraisers']),
  username: z.string(),
});
export type AccountChange = z.infer<typeof AccountChange>;

let counter = 0;

export function accountChangeOp(change: Omit<AccountChange, 'at'>, at = new Date()): BatchOp {
  const record = { at: at.toISOString(), ...change };
  // Two changes in one millisecond keep their order here (the counter); the id keeps two
  // processes' keys apart.
  const order = String(++counter % 1e9).padStart(9, '0');
  return recordOp(['acctlog', `${record.at}~${order}~${randomUUID()}`], AccountChange, record);
}

/** The newest `limit` changes, newest first; a damaged record is left out. */
export async function recentAccountChanges(storage: StorageAdapter, limit = 50): Promise<AccountChange[]> {
  const rows = await storage.loadRange(['acctlog']);
  const changes: AccountChange[] = [];
  for (let i = rows.length - 1; i >= 0 && changes.length < limit; i--) {
    const change = decodeOrSkip(rows[i]!.data, AccountChange);
    if (change) changes.push(change);
  }
  return changes;
}

