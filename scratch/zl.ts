import * as Y from 'yjs';
import * as zlib from 'node:zlib';
import { docOf, logOf } from '../bench/support/events';
const log = logOf(20_000);
const update = Y.encodeStateAsUpdate(docOf(log));
const json = JSON.stringify([...log.website, ...log.replicated]);
console.log('update', update.length, 'json', json.length);
for (const level of [1, 3, 6]) {
  const times: number[] = []; let size = 0;
  for (let i = 0; i < 5; i++) { const t = performance.now(); size = zlib.deflateRawSync(update, { level }).length; times.push(performance.now() - t); }
  const inf: number[] = []; const c = zlib.deflateRawSync(update, { level });
  for (let i = 0; i < 5; i++) { const t = performance.now(); zlib.inflateRawSync(c); inf.push(performance.now() - t); }
  times.sort((a, b) => a - b); inf.sort((a, b) => a - b);
  console.log({ level, size, ratio: (size / json.length).toFixed(3), deflateMs: times[2]!.toFixed(1), inflateMs: inf[2]!.toFixed(1) });
}
