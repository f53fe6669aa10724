import fs from 'node:fs';
function counts(file: string) {
  const snap = JSON.parse(fs.readFileSync(file, 'utf8'));
  const f = snap.snapshot.meta.node_fields as string[]; const w = f.length;
  const types = snap.snapshot.meta.node_types[0] as string[];
  const nodes = snap.nodes as number[]; const strings = snap.strings as string[];
  const m = new Map<string, number>();
  for (let i = 0; i < nodes.length; i += w) {
    if (types[nodes[i + f.indexOf('type')]!] !== 'object') continue;
    const key = strings[nodes[i + f.indexOf('name')]!]!;
    m.set(key, (m.get(key) ?? 0) + 1);
  }
  return m;
}
const a = counts('/tmp/heapA.heapsnapshot'), b = counts('/tmp/heapB.heapsnapshot');
const rows = [...b].map(([k, n]) => [k, n - (a.get(k) ?? 0), n] as const).filter(([, d]) => d !== 0).sort((x, y) => y[1] - x[1]);
console.log(rows.slice(0, 40).map((r) => r.join(' ')).join('\n'));
