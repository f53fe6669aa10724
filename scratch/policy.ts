import * as Y from 'yjs';
import { DocStore } from '../sync-server/storage/doc-store';
import { MemoryStorageAdapter } from '../sync-server/storage/memory';
import { logOf } from '../bench/support/events';
const store = new DocStore(new MemoryStorageAdapter());
const doc = new Y.Doc();
const updates: Uint8Array[] = [];
doc.on('update', (u: Uint8Array) => updates.push(u));
const events = logOf(7000).replicated.slice(0, 5000);
const at: number[] = [];
for (let i = 0; i < events.length; i++) {
  doc.getArray('replicated').push([events[i]]);
  const seq = await store.appendUpdate('f', updates.pop()!);
  if (store.needsCompaction('f', 2)) { at.push(seq); await store.compact('f', Y.encodeStateAsUpdate(doc), seq); }
}
console.log(events.length, 'updates; overdue compactions at', at);
