import * as Y from 'yjs';
import { attachProjection } from '../sync-server/shared/doc-projection';
import { docOf, logOf } from '../bench/support/events';
const log = logOf(100_000);
const update = Y.encodeStateAsUpdate(docOf(log));
const json = JSON.stringify([...log.website, ...log.replicated]);
for (let r = 0; r < 4; r++) {
  let t = performance.now();
  const parsed = JSON.parse(json); const m = new Map(); for (const e of parsed) { const k = e?.data?.orderId; if (k) { const l = m.get(k); l ? l.push(e) : m.set(k, [e]); } }
  const base = performance.now() - t;
  t = performance.now();
  const doc = new Y.Doc(); Y.applyUpdate(doc, update);
  const apply = performance.now() - t;
  t = performance.now();
  const p = attachProjection(doc);
  const fold = performance.now() - t;
  console.log({ base: base.toFixed(0), apply: apply.toFixed(0), fold: fold.toFixed(0), n: p.projection.size });
  doc.destroy();
}
