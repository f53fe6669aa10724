// The bench's small harness: medians of repeated runs, each figure set beside a baseline
// measured in the same run (shared, noisy machines: absolute times drift, ratios hold
// better), with its target and whether it was met. Nothing here is hidden or rounded away.

export interface RowContext {
  quick: boolean;
  /** Repeats for a timed figure: its median is reported. */
  runs: number;
  log(message: string): void;
}

/** `ratio`: value ÷ baseline ≤ limit. `value`: the value itself ≤ limit (its unit). */
export type TargetKind = 'ratio' | 'value';

export interface Figure {
  label: string;
  value: number;
  unit: string;
  baseline: number;
  baselineLabel: string;
  ratio: number;
  targetKind: TargetKind;
  limit: number;
  met: boolean;
  /** Every sample behind a median, so spread can be judged. */
  samples?: number[];
  baselineSamples?: number[];
}

export interface RowResult {
  id: number;
  title: string;
  figures: Figure[];
  /** What was measured and how (sizes, counts), printed under the table. */
  notes: string[];
  /** For each missed target: why, and what would close it. */
  missed?: { why: string; close: string };
  error?: string;
  seconds: number;
}

export interface Row {
  id: number;
  title: string;
  run(ctx: RowContext): Promise<Omit<RowResult, 'id' | 'title' | 'seconds'>>;
}

export function median(samples: readonly number[]): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The q-quantile (0..1) by nearest rank. */
export function quantile(samples: readonly number[], q: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

/** Runs `fn` `runs` times (after one unmeasured warm-up unless told not to); returns the ms of each. */
export async function sample(runs: number, fn: () => unknown, warmup = true): Promise<number[]> {
  if (warmup) await fn();
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    out.push(performance.now() - start);
  }
  return out;
}

/**
 * Interleaves the measured path and its baseline run by run, so both see the same
 * machine load; returns both sample lists.
 */
export async function paired(runs: number, measured: () => unknown, baseline: () => unknown): Promise<{ value: number[]; base: number[] }> {
  await measured();
  await baseline();
  const value: number[] = [];
  const base: number[] = [];
  for (let i = 0; i < runs; i++) {
    base.push(...(await sample(1, baseline, false)));
    value.push(...(await sample(1, measured, false)));
  }
  return { value, base };
}

export interface FigureInput {
  label: string;
  value: number | number[];
  unit?: string;
  baseline: number | number[];
  baselineLabel: string;
  targetKind?: TargetKind;
  limit: number;
}

/** A figure from samples (medians taken) or single values. */
export function figure(input: FigureInput): Figure {
  const value = Array.isArray(input.value) ? median(input.value) : input.value;
  const baseline = Array.isArray(input.baseline) ? median(input.baseline) : input.baseline;
  const ratio = value / baseline;
  const targetKind = input.targetKind ?? 'ratio';
  const met = (targetKind === 'ratio' ? ratio : value) <= input.limit;
  return {
    label: input.label, value, unit: input.unit ?? 'ms', baseline, baselineLabel: input.baselineLabel, ratio,
    targetKind, limit: input.limit, met,
    ...(Array.isArray(input.value) ? { samples: input.value } : {}),
    ...(Array.isArray(input.baseline) ? { baselineSamples: input.baseline } : {}),
  };
}

export function targetText(f: Pick<Figure, 'targetKind' | 'limit' | 'unit'>): string {
  return f.targetKind === 'ratio' ? `≤ ${f.limit}×` : `≤ ${f.limit} ${f.unit}`;
}

/** Yields so timers and sockets run between heavy synchronous steps. */
export const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

export function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}
