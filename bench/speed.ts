// A fixed single-threaded workload timed at the start and the end of every run, printed in the
// machine line: these VMs share their host, and the same code can run markedly slower in one
// hour than in another (absolute targets, rows 6, 8 and 9, move with it). Not a figure; a
// yardstick for comparing runs. Deterministic input: the same text every run.
import { median } from './harness';

const TEXT = JSON.stringify(Array.from({ length: 20_000 }, (_, i) => ({
  id: `e-${i}`, at: '2026-11-30T18:00:00.000Z', type: 'OrderPlaced',
  data: { orderId: `o-${i % 7_000}`, customer: { name: `Customer ${i}` }, lines: [{ itemId: 'spaghetti', quantity: 1 + (i % 4), unitPriceCents: 1250 }] },
})));

/** Median ms of JSON.parse + JSON.stringify of a fixed 4 MB text, 7 runs after a warm-up. */
export function speedReference(): number {
  const times: number[] = [];
  for (let i = 0; i < 8; i++) {
    const start = performance.now();
    JSON.stringify(JSON.parse(TEXT));
    if (i > 0) times.push(performance.now() - start);
  }
  return median(times);
}
