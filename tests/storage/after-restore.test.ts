// After a restore to an older backup, devices bring back website orders with numbers the
// restored sequence would hand out again: the tool moves each sequence past them.
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { advanceOrderNumbers } from '../../sync-server/after-restore';
import { DocStore } from '../../sync-server/storage/doc-store';
import { MemoryStorageAdapter } from '../../sync-server/storage/memory';
import { Records, recordOps } from '../../sync-server/storage/records';

function websiteOrder(n: number) {
  return {
    id: `ev-w-${n}`, type: 'OrderPlaced', at: new Date(0).toISOString(), actor: { role: 'website', userId: 'website', deviceId: 'server' },
    data: { orderId: `o-w-${n}`, orderNumber: `W-${n}`, customer: { name: `Customer ${n}` }, lines: [{ itemId: 'lemonade', quantity: 1, unitPriceCents: 250 }] },
  };
}

async function storeDoc(docStore: DocStore, fid: string, numbers: number[]): Promise<void> {
  const doc = new Y.Doc();
  doc.getArray('website').push(numbers.map(websiteOrder));
  await docStore.appendUpdate(fid, Y.encodeStateAsUpdate(doc));
}

describe('advanceOrderNumbers (after a restore)', () => {
  it('moves a sequence that fell behind the document past its highest W-n, and leaves one ahead alone', async () => {
    const storage = new MemoryStorageAdapter();
    const docStore = new DocStore(storage);
    await storeDoc(docStore, 'behind', [1, 2, 7]);
    await storeDoc(docStore, 'ahead', [1, 2]);
    await storage.saveBatch([recordOps.orderSeq('behind', 3), recordOps.orderSeq('ahead', 9)]);
    const fixes = await advanceOrderNumbers(storage);
    expect(fixes).toEqual(expect.arrayContaining([
      { fid: 'behind', highestInDoc: 7, next: 8, moved: true },
      { fid: 'ahead', highestInDoc: 2, next: 9, moved: false },
    ]));
    const records = new Records(storage);
    expect([await records.nextOrderNumber('behind'), await records.nextOrderNumber('ahead')]).toEqual([8, 9]);
  });

  it('skips `gap` numbers further: those handed out after the backup are in no restored record', async () => {
    const storage = new MemoryStorageAdapter();
    await storeDoc(new DocStore(storage), 'demo', [1, 2, 7]);
    await storage.saveBatch([recordOps.orderSeq('demo', 9)]); // the sequence was ahead of the document
    expect(await advanceOrderNumbers(storage, 1000)).toEqual([{ fid: 'demo', highestInDoc: 7, next: 1009, moved: true }]);
    expect(await new Records(storage).nextOrderNumber('demo')).toBe(1009);
  });
});
