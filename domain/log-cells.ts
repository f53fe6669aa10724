// An element of a fundraiser's logs as the projection keeps it: where it stands (log and
// position, which is its place in fold order) and what it is (a checked event, or why not).
import { parseLogEntry } from './events';
import type { FundraiserEvent, LogName } from './events';
import { foldOrder } from './types';
import type { Rejected } from './types';

/** One element of a log. `pos` is its index in that log, kept current as elements are inserted. */
export interface Cell { log: LogName; pos: number; event?: FundraiserEvent; rejected?: Rejected }

export function cellOf(log: LogName, pos: number, value: unknown): Cell {
  const parsed = parseLogEntry(log, value);
  if (parsed.ok) return { log, pos, event: parsed.event };
  return { log, pos, rejected: { log, ...idOf(value), reason: parsed.reason } };
}

function idOf(value: unknown): { eventId?: string } {
  const id = (value as { id?: unknown } | null)?.id;
  return typeof id === 'string' && id.length <= 64 ? { eventId: id } : {};
}

/** Inserts `entry` into `list`, kept in fold order (website first, then by position). */
export function insertSorted<T extends { log: LogName; pos: number }>(list: T[], entry: T): void {
  let i = list.length;
  while (i > 0 && foldOrder(list[i - 1]!, entry) > 0) i--;
  list.splice(i, 0, entry);
}
