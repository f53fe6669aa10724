// Keeps a domain Projection in step with a Yjs document. Shared by the server and the
// device apps (no node:* or DOM here). New elements are found by diffing state vectors
// in `afterTransaction` (≈16 µs) rather than `event.changes`, which walks the whole array
// (≈1 ms per event at 100k); their positions are found by walking from them to the end
// of the array: no walk for the common append (the run is the last item), one walk per
// transaction else.
import * as Y from 'yjs';
import { Projection } from '../../domain';
import type { Changes, LogName } from '../../domain';

export const LOG_NAMES: readonly LogName[] = ['website', 'replicated'];

export interface DocProjection {
  readonly projection: Projection;
  /** Called after every transaction that added elements to either log. */
  onChange(listener: (changes: Changes, origin: unknown) => void): () => void;
  dispose(): void;
}

type Arrays = Map<unknown, LogName> & Map<Y.Array<unknown>, LogName>;
interface Run { log: LogName; item: Y.Item; offset: number; values: unknown[] }

export function attachProjection(doc: Y.Doc): DocProjection {
  const arrays: Arrays = new Map(LOG_NAMES.map((name) => [doc.getArray<unknown>(name), name]));
  const projection = new Projection();
  for (const [array, log] of arrays) projection.append(log, array.toArray());
  const listeners = new Set<(changes: Changes, origin: unknown) => void>();
  let writerAtStart = doc.clientID;
  const onStart = () => void (writerAtStart = doc.clientID);
  const onTransaction = (transaction: Y.Transaction) => {
    const writer = transaction.local && doc.clientID === writerAtStart ? writerAtStart : undefined;
    const changes = applyTransaction(projection, transaction, arrays, writer);
    if (changes) for (const listener of listeners) listener(changes, transaction.origin);
  };
  doc.on('beforeTransaction', onStart);
  doc.on('afterTransaction', onTransaction);
  return {
    projection,
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    dispose: () => {
      doc.off('beforeTransaction', onStart);
      doc.off('afterTransaction', onTransaction);
    },
  };
}

function applyTransaction(
  projection: Projection, transaction: Y.Transaction, arrays: Arrays, writer: number | undefined,
): Changes | undefined {
  const runs = newRuns(transaction, arrays, writer);
  if (runs.length === 0) return undefined;
  // One writer's append, nearly every transaction: its changes are the projection's own.
  if (runs.length === 1) {
    const run = runs[0]!;
    return projection.insert(run.log, indexOf(run), run.values);
  }
  const memo = new Map<Y.Item, number>();
  const positioned = runs.map((run) => ({ log: run.log, index: indexOf(run, memo), values: run.values }));
  positioned.sort((a, b) => (a.log === b.log ? a.index - b.index : a.log < b.log ? -1 : 1));
  const orderIds = new Set<string>();
  let catalog = false;
  for (const { log, index, values } of positioned) {
    const changes = projection.insert(log, index, values);
    for (const id of changes.orderIds) orderIds.add(id);
    catalog ||= changes.catalog;
  }
  return { orderIds: [...orderIds], catalog };
}

/**
 * The items this transaction added to either log, from the state vector difference. With
 * `writer`, the transaction is local and the doc kept one clientID throughout: it wrote only
 * under that id (Yjs marks a transaction non-local once an update is applied in it), so
 * that one client is looked at rather than every writer the doc has had (≈100 at 100k
 * appends, as writers move to fresh clientIDs).
 */
function newRuns(transaction: Y.Transaction, arrays: Arrays, writer: number | undefined): Run[] {
  const runs: Run[] = [];
  const store = transaction.doc.store;
  const before = transaction.beforeState;
  if (writer !== undefined) {
    const clock = before.get(writer) ?? 0;
    if ((transaction.afterState.get(writer) ?? 0) > clock) collectRuns(store.clients.get(writer) ?? [], clock, arrays, runs);
    return runs;
  }
  transaction.afterState.forEach((after, client) => {
    const clock = before.get(client) ?? 0;
    if (after > clock) collectRuns(store.clients.get(client) ?? [], clock, arrays, runs);
  });
  return runs;
}

function collectRuns(structs: readonly (Y.Item | Y.GC)[], before: number, arrays: Arrays, runs: Run[]): void {
  for (let i = Y.findIndexSS(structs as Y.Item[], before); i < structs.length; i++) {
    const struct = structs[i];
    if (!(struct instanceof Y.Item) || struct.deleted || !struct.countable) continue;
    const log = arrays.get(struct.parent);
    if (!log) continue;
    const offset = Math.max(0, before - struct.id.clock);
    const content = struct.content.getContent();
    runs.push({ log, item: struct, offset, values: offset === 0 ? content : content.slice(offset) });
  }
}

/**
 * Index of a run in its array: array length minus what lies from the run to the end.
 * Suffix lengths are memoised so several new runs cost one walk from the leftmost.
 */
function indexOf(run: Run, memo?: Map<Y.Item, number>): number {
  const array = run.item.parent as Y.Array<unknown>;
  return array.length - suffixFrom(run.item, memo) + run.offset;
}

function suffixFrom(start: Y.Item, memo?: Map<Y.Item, number>): number {
  // The common append: the run is the array's last item, and new runs are never deleted.
  if (start.right === null) return start.length;
  memo ??= new Map();
  const path: Y.Item[] = [];
  let item: Y.Item | null = start;
  while (item && !memo.has(item)) {
    path.push(item);
    item = item.right;
  }
  let total = item ? memo.get(item)! : 0;
  for (let i = path.length - 1; i >= 0; i--) {
    const step = path[i]!;
    if (step.countable && !step.deleted) total += step.length;
    memo.set(step, total);
  }
  return total;
}
