// How generated logs reach a replica: one random interleaving of device streams (as the
// server happened to receive them), and the batches, partly out of order, in which a
// replica receives the final logs (as Yjs delivers them).
import type { LogName } from '../../domain';
import type { Random } from './random';

/**
 * One random interleaving of streams: each keeps its own order, as Yjs keeps a device's.
 * With `causal`, an element also waits for the element its `after` names, as in a Yjs array
 * (a writer's new element lands after everything it had seen); without, anything goes.
 */
export function interleave(streams: readonly (readonly unknown[])[], random: Random, causal = false): unknown[] {
  const next = streams.map(() => 0);
  const named = new Set(causal ? streams.flat().map((v) => field(v, 'id')) : []);
  const emitted = new Set<unknown>();
  const left = (i: number) => streams[i]!.length - next[i]!;
  const ready = (i: number) => {
    const after = field(streams[i]![next[i]!], 'after');
    return after === undefined || !named.has(after) || emitted.has(after);
  };
  const out: unknown[] = [];
  for (let total = streams.flat().length; out.length < total;) {
    const waiting = streams.map((_, i) => i).filter((i) => left(i) > 0);
    const unblocked = waiting.filter(ready);
    const open = unblocked.length > 0 ? unblocked : waiting; // only a cycle of afters (a forged log) gets here
    // Weighted by what is left, so that every interleaving is possible.
    let ticket = Math.floor(random.next() * open.reduce((sum, i) => sum + left(i), 0));
    const i = open.find((k) => (ticket -= left(k)) < 0)!;
    const value = streams[i]![next[i]!++];
    emitted.add(field(value, 'id'));
    out.push(value);
  }
  return out;
}

function field(value: unknown, name: 'id' | 'after'): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[name] : undefined;
}

/** `values` go in at `index` of the replica's log; `from` is where they stand in the final log. */
export interface Delivery { log: LogName; index: number; from: number; values: unknown[] }

/**
 * Delivers final logs to a replica as Yjs would: contiguous runs of up to `maxBatch`
 * elements, mostly in order, but with `disorder` of them arriving late and so inserted
 * before elements already there, at the index they have among those delivered.
 */
export function scheduleDelivery(
  logs: Record<LogName, readonly unknown[]>, random: Random, maxBatch = 8, disorder = 0.3,
): Delivery[] {
  const runs: { log: LogName; start: number; end: number; key: number }[] = [];
  for (const log of ['website', 'replicated'] as const) {
    const length = logs[log].length;
    const offset = random.next() - 0.5; // either log may run ahead of the other
    for (let start = 0; start < length;) {
      const end = Math.min(length, start + random.int(1, maxBatch));
      const late = random.chance(disorder) ? random.next() : 0;
      runs.push({ log, start, end, key: start / length + offset + late });
      start = end;
    }
  }
  runs.sort((a, b) => a.key - b.key);
  const delivered = { website: new Fenwick(logs.website.length), replicated: new Fenwick(logs.replicated.length) };
  return runs.map(({ log, start, end }) => {
    const index = delivered[log].prefix(start);
    for (let k = start; k < end; k++) delivered[log].add(k);
    return { log, index, from: start, values: logs[log].slice(start, end) };
  });
}

/** Counts delivered positions below an index in O(log n), so 100k-element schedules stay fast. */
class Fenwick {
  private readonly tree: Int32Array;
  constructor(size: number) { this.tree = new Int32Array(size + 1); }
  add(index: number): void { for (let i = index + 1; i < this.tree.length; i += i & -i) this.tree[i]!++; }
  prefix(end: number): number {
    let sum = 0;
    for (let i = end; i > 0; i -= i & -i) sum += this.tree[i]!;
    return sum;
  }
}
