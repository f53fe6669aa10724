import fs from 'node:fs';
const target = process.argv[2] ?? 'MessagePort';
const snap = JSON.parse(fs.readFileSync('/tmp/heapB.heapsnapshot', 'utf8'));
const f = snap.snapshot.meta.node_fields as string[]; const w = f.length;
const ef = snap.snapshot.meta.edge_fields as string[]; const ew = ef.length;
const types = snap.snapshot.meta.node_types[0] as string[];
const etypes = snap.snapshot.meta.edge_types[0] as string[];
const nodes = snap.nodes as number[]; const edges = snap.edges as number[]; const strings = snap.strings as string[];
const nameOf = (ni: number) => `${types[nodes[ni + f.indexOf('type')]!]}:${strings[nodes[ni + f.indexOf('name')]!]!.slice(0, 50)}`;
const retainers = new Map<number, { from: number; edge: string }[]>();
let e = 0;
for (let ni = 0; ni < nodes.length; ni += w) {
  const count = nodes[ni + f.indexOf('edge_count')]!;
  for (let k = 0; k < count; k++, e += ew) {
    const to = edges[e + ef.indexOf('to_node')]!;
    const et = etypes[edges[e + ef.indexOf('type')]!]!;
    const en = edges[e + ef.indexOf('name_or_index')]!;
    const label = et === 'element' || et === 'hidden' ? `[${en}]` : String(strings[en] ?? en);
    if (et === 'weak') continue;
    (retainers.get(to) ?? retainers.set(to, []).get(to)!).push({ from: ni, edge: label });
  }
}
const targets = [];
for (let ni = 0; ni < nodes.length; ni += w) if (nameOf(ni) === `object:${target}`) targets.push(ni);
const paths = new Map<string, number>();
for (const t of targets) {
  let chain = nameOf(t); let cur = t;
  for (let d = 0; d < 6; d++) { const r = (retainers.get(cur) ?? [])[0]; if (!r) break; chain += ` <-${r.edge}- ${nameOf(r.from)}`; cur = r.from; }
  paths.set(chain, (paths.get(chain) ?? 0) + 1);
}
for (const [p, n] of [...paths].sort((a, b) => b[1] - a[1]).slice(0, 8)) console.log(n, p);
