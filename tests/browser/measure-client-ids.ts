// How much every transaction costs as a document collects clientIDs (docs/CLIENT.md).
// Run: npx tsx tests/browser/measure-client-ids.ts
// A document where N past clientIDs each wrote one event; then 300 transactions that each
// append one event, as a device does, with the projection attached as on the devices.
import * as Y from 'yjs';
import { attachProjection } from '../../sync-server/shared/doc-projection';

function event(i: number, clientTag: string) {
  return {
    id: `e-${clientTag}-${i}`, type: 'OrderPlaced', at: '2026-05-01T18:00:00.000Z',
    actor: { role: 'clerk', userId: 'clerk', deviceId: 'dev-measure' },
    data: { orderId: `o-${clientTag}-${i}`, orderNumber: `C-${clientTag}-${i}`, customer: { name: `Guest ${i}` }, lines: [{ itemId: 'spaghetti', quantity: 1, unitPriceCents: 1200 }] },
  };
}

function docWithClients(count: number): Uint8Array {
  const doc = new Y.Doc();
  const replicated = doc.getArray('replicated');
  for (let client = 1; client <= count; client++) {
    doc.clientID = client;
    replicated.push([event(client, 'past')]);
  }
  return Y.encodeStateAsUpdate(doc);
}

function msPerTransaction(state: Uint8Array, withProjection: boolean, transactions = 300): number {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, state);
  const live = withProjection ? attachProjection(doc) : undefined;
  const replicated = doc.getArray('replicated');
  for (let i = 0; i < 20; i++) replicated.push([event(i, 'warm')]);
  const started = performance.now();
  for (let i = 0; i < transactions; i++) doc.transact(() => replicated.push([event(i, 'now')]), 'measure');
  const elapsed = performance.now() - started;
  live?.dispose();
  return elapsed / transactions;
}

console.log('past clientIDs | ms per transaction (Yjs only) | ms per transaction (with projection)');
for (const count of [1, 100, 1_000, 10_000]) {
  const state = docWithClients(count);
  const plain = msPerTransaction(state, false);
  const projected = msPerTransaction(state, true);
  console.log(`${String(count).padStart(14)} | ${plain.toFixed(3).padStart(29)} | ${projected.toFixed(3).padStart(36)}`);
}
