import v8 from 'node:v8';
import fs from 'node:fs';
import { runChaos } from '../tests/reliability/support/chaos';
import { runHttpFuzz } from '../tests/reliability/support/fuzz-http';
const gc = (globalThis as { gc?: () => void }).gc!;
let seed = 5000;
const which = process.argv[2] ?? 'chaos';
const run = () => (which === 'http' ? runHttpFuzz(seed++, 500) : runChaos({ seed: seed++, steps: 600, orders: 50 }));
function counts(file: string): Map<string, { n: number; size: number }> {
  const snap = JSON.parse(fs.readFileSync(file, 'utf8'));
  const f = snap.snapshot.meta.node_fields as string[]; const w = f.length;
  const types = snap.snapshot.meta.node_types[0] as string[];
  const nodes = snap.nodes as number[]; const strings = snap.strings as string[];
  const m = new Map<string, { n: number; size: number }>();
  for (let i = 0; i < nodes.length; i += w) {
    const key = `${types[nodes[i + f.indexOf('type')]!]}:${strings[nodes[i + f.indexOf('name')]!]!.slice(0, 60)}`;
    const e = m.get(key) ?? { n: 0, size: 0 }; e.n++; e.size += nodes[i + f.indexOf('self_size')]!; m.set(key, e);
  }
  return m;
}
await run(); await run(); gc(); gc();
const a = v8.writeHeapSnapshot('/tmp/heapA.heapsnapshot');
for (let i = 0; i < 4; i++) await run();
gc(); gc();
const b = v8.writeHeapSnapshot('/tmp/heapB.heapsnapshot');
const ca = counts(a), cb = counts(b);
const diff = [...cb].map(([k, v]) => ({ k, dn: v.n - (ca.get(k)?.n ?? 0), ds: v.size - (ca.get(k)?.size ?? 0) })).sort((x, y) => y.ds - x.ds).slice(0, 25);
for (const d of diff) console.log(d.ds, d.dn, d.k);
process.exit(0);
