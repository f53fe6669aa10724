import * as Y from 'yjs'
for (const n of [2000, 5000, 10000, 20000]) {
  const ups = []
  for (let i=0;i<n;i++){ const d = new Y.Doc(); d.clientID = i+1; d.getArray('replicated').push([1]); ups.push(Y.encodeStateAsUpdate(d)) }
  const u = Y.mergeUpdates(ups)
  let t = Date.now(); const d = new Y.Doc(); Y.applyUpdate(d, u); console.log('one update', n, u.length, Date.now()-t, 'ms')
  t = Date.now(); const d2 = new Y.Doc(); for (const x of ups) Y.applyUpdate(d2, x); console.log('separate', n, Date.now()-t, 'ms')
  t = Date.now(); const d3 = new Y.Doc(); for (const x of ups.reverse()) Y.applyUpdate(d3, x); console.log('separate rev', n, Date.now()-t, 'ms')
}
