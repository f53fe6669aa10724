// The website's reads of a fundraiser whose room is not loaded come from the read model the
// room stored when it was unloaded, and answer exactly what the loaded room answered; anything
// stored after it (a website order, a device's change) or a damaged record sends the read to
// the room. Real product on port 0, stock y-websocket client for the device.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { decide, Projection } from '../../domain';
import { WebsiteReads } from '../../sync-server/api/website-reads';
import { encodeReadModelRecord } from '../../sync-server/storage/doc-format';
import { api, device, MANAGER, startApp, until } from '../support/app';
import type { TestApp } from '../support/app';
import type { AppConfig } from '../../sync-server/app';
import { MemoryStorageAdapter } from '../../sync-server/storage/memory';
import { HoldingAdapter } from './storage-wrappers';

const IDLE_MS = 40;
let test: TestApp;
let logged: string[];
afterEach(() => test.close());

async function start(extra: Partial<AppConfig> = {}): Promise<TestApp> {
  logged = [];
  return startApp({ syncOptions: { idleUnloadMs: IDLE_MS }, log: (message) => void logged.push(message), ...extra });
}

const order = { customer: { name: 'Anna Berg' }, lines: [{ itemId: 'tiramisu', quantity: 2 }] };
const place = async () => (await api(test, 'POST', '/api/fundraisers/demo/orders', order)).body;
const catalog = async () => (await api(test, 'GET', '/api/fundraisers/demo')).body;
const readOrder = async (placed: { orderId: string; receipt: string }) =>
  (await api(test, 'GET', `/api/fundraisers/demo/orders/${placed.orderId}?receipt=${placed.receipt}`)).body;
const loaded = () => test.app.server.rooms.isLoaded('demo');
const loads = () => test.app.server.rooms.loadCount;
const tiramisuLeft = (body: { items: { itemId: string; available: number }[] }) => body.items.find((i) => i.itemId === 'tiramisu')!.available;

async function unloaded(): Promise<void> {
  await expect.poll(loaded, { timeout: 5_000, interval: IDLE_MS / 2 }).toBe(false);
}

describe('website reads of an unloaded fundraiser', () => {
  it('answer from the stored read model, as the loaded room did, without loading the room', async () => {
    test = await start();
    const placed = await place();
    const [liveCatalog, liveOrder] = [await catalog(), await readOrder(placed)];
    await unloaded();
    expect(await test.app.server.docStore.loadReadModel('demo')).toBeDefined();
    const loadsBefore = loads();
    expect(await catalog()).toEqual(liveCatalog);
    expect(await readOrder(placed)).toEqual(liveOrder);
    expect((await api(test, 'GET', `/api/fundraisers/demo/orders/${placed.orderId}?receipt=wrong`)).status).toBe(404);
    expect(loads()).toBe(loadsBefore);
  });

  it('that arrive together restore the stored model once', async () => {
    test = await start();
    const live = await catalog();
    await unloaded();
    const restores = vi.spyOn(test.app.server.docStore, 'loadReadModel');
    const loadsBefore = loads();
    const reads = new WebsiteReads(test.app.server.rooms, test.app.server.docStore, 1_000, () => {});
    const answers = await Promise.all(Array.from({ length: 8 }, () => reads.read('demo', (site) => site.catalog())));
    expect(answers).toEqual(Array.from({ length: 8 }, () => ({ websiteOpen: live.websiteOpen, items: live.items })));
    expect(restores).toHaveBeenCalledTimes(1);
    expect(loads()).toBe(loadsBefore);
  });

  it('made while the room is unloading wait for the model it stores, rather than load the room again', async () => {
    const storage = new HoldingAdapter(new MemoryStorageAdapter());
    test = await start({ storage });
    const live = await catalog();
    const held = storage.holdNextBatch();
    await held.reached; // the room is idling out: its read model's write is held
    const loadsBefore = loads();
    const reads = new WebsiteReads(test.app.server.rooms, test.app.server.docStore, 1_000, () => {});
    const reading = reads.read('demo', (site) => site.catalog());
    held.release();
    expect(await reading).toEqual({ websiteOpen: live.websiteOpen, items: live.items });
    expect(loads()).toBe(loadsBefore);
    expect(loaded()).toBe(false);
  });

  it('see an order placed after the model was stored: the room answers, then stores a newer model', async () => {
    test = await start();
    await place();
    await unloaded();
    const before = tiramisuLeft(await catalog());
    const second = await place();
    expect(tiramisuLeft(await catalog())).toBe(before - 2);
    await unloaded();
    const loadsBefore = loads();
    expect(tiramisuLeft(await catalog())).toBe(before - 2);
    expect((await readOrder(second)).orderNumber).toBe(second.orderNumber);
    expect(loads()).toBe(loadsBefore);
  });

  it("see a device's change once it is stored, and after a restart still come from the model", async () => {
    test = await start();
    await catalog();
    const manager = device(test, MANAGER);
    await until(manager.doc, () => manager.doc.getArray('website').length + manager.doc.getArray('replicated').length > 0);
    const projection = Projection.fold(manager.doc.getArray('website').toArray(), manager.doc.getArray('replicated').toArray());
    const close = decide({ type: 'SetWebsiteOrdering', open: false }, projection, { eventId: 'close-web', at: new Date().toISOString(), actor: MANAGER });
    if (!close.ok) throw new Error(close.error.message);
    manager.doc.transact(() => manager.doc.getArray('replicated').push(close.events));
    await expect.poll(async () => (await catalog()).websiteOpen).toBe(false);
    manager.destroy();
    await unloaded();
    expect((await catalog()).websiteOpen).toBe(false);
    test = await test.restart();
    expect((await catalog()).websiteOpen).toBe(false);
    expect(loads()).toBe(0);
  });

  it('go to the room where the stored model is damaged, and the room stores a sound one', async () => {
    test = await start();
    const placed = await place();
    const [liveCatalog, liveOrder] = [await catalog(), await readOrder(placed)];
    await unloaded();
    const { seq } = (await test.app.server.docStore.loadReadModel('demo'))!;
    const storage = test.app.server.storage;
    await storage.save(['readmodel', 'demo'], encodeReadModelRecord(new TextEncoder().encode('{"version":1,"cat'), seq));
    const loadsBefore = loads();
    expect(await catalog()).toEqual(liveCatalog);
    expect(loads()).toBe(loadsBefore + 1);
    expect(logged.some((m) => m.includes('read model is not usable'))).toBe(true);
    await unloaded();
    const sound = JSON.parse(new TextDecoder().decode((await test.app.server.docStore.loadReadModel('demo'))!.data));
    const orders = sound.orders.map((text: string, i: number) => (sound.ids[i] === placed.orderId ? text.replace(/"orderId":"[^"]+"/, '"orderId":"x"') : text));
    await storage.save(['readmodel', 'demo'], encodeReadModelRecord(new TextEncoder().encode(JSON.stringify({ ...sound, orders })), seq));
    expect(await readOrder(placed)).toEqual(liveOrder);
    expect(loads()).toBe(loadsBefore + 2);
  });
});
