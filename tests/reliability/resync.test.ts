// A device that wrote offline and writes again the moment its socket opens sends that edit
// before its sync step 2: the edit depends on changes the server does not have yet. That is
// not hostile (the chaos simulation found it: seed 1 failed with 4400, terminal for the stock
// client), so the server keeps nothing of it and asks with a sync step 1 instead; the step 2
// that answers brings everything. A connection that keeps doing it is sent away to retry later.
import { describe, expect, it } from 'vitest';
import * as decoding from 'lib0/decoding';
import * as Y from 'yjs';
import {
  closedAfterEach,
  captureUpdate, CLERK, CLERK_2, connectDevice, FID, ids, placedBy, rawSync, synced,
  updateFrame, waitForDoc, withTimeout, type RawClient,
} from '../server/helpers';

const { start, device, later } = closedAfterEach(CLERK);

describe('an update that depends on changes the server lacks', () => {
  it('from the stock client, written as the socket opens after offline edits: both edits arrive, no close', async () => {
    const ts = await start();
    const observer = device(ts, CLERK_2);
    await synced(observer);
    const doc = new Y.Doc();
    const offline = placedBy(CLERK);
    doc.getArray('replicated').push([offline]);
    const online = placedBy(CLERK);
    const closes: number[] = [];
    const d = connectDevice(ts, CLERK, { doc });
    later(() => d.destroy());
    d.provider.on('connection-close', (event: CloseEvent | null) => closes.push(event?.code ?? -1));
    d.provider.on('status', ({ status }: { status: string }) => status === 'connected' && doc.getArray('replicated').length === 1 && d.push(online));
    await waitForDoc(observer.doc, (o) => o.getArray('replicated').length === 2);
    expect(ids(observer.log())).toEqual(ids([offline, online]));
    expect(closes).toEqual([]);
  });

  it('is not stored; the server answers with a sync step 1, and the step 2 brings it', async () => {
    const { ts, local, dependents, raw } = await offlineClerk(1);
    const dependent = dependents[0]!;
    const asked = frameArrives(raw, isSyncStep1);
    raw.send(updateFrame(dependent));
    await asked;
    const stored = await ts.server.docStore.loadDoc(FID);
    expect(stored.updates).toHaveLength(0);
    raw.send(step2Frame(Y.encodeStateAsUpdate(local)));
    const observer = device(ts, CLERK_2);
    await waitForDoc(observer.doc, (o) => o.getArray('replicated').length === 2);
    expect(ids(observer.log())).toEqual(ids(local.getArray('replicated').toArray()));
  });

  it('asks once while its step 2 is on the way: many dependent updates before it, then the step 2 brings them all', async () => {
    const { ts, local, dependents, raw } = await offlineClerk(10);
    // The answer to message 100 comes after the step 1 the server sent when it joined us:
    // every step 1 counted from here on is a question about our updates.
    const joined = frameArrives(raw, (frame) => frame[0] === 100);
    raw.send(Uint8Array.of(100));
    await joined;
    let asked = 0;
    raw.ws.on('message', (data: Buffer) => isSyncStep1(new Uint8Array(data)) && asked++);
    for (const update of dependents) raw.send(updateFrame(update));
    raw.send(step2Frame(Y.encodeStateAsUpdate(local)));
    const observer = device(ts, CLERK_2);
    await waitForDoc(observer.doc, (o) => o.getArray('replicated').length === 11);
    expect(ids(observer.log())).toEqual(ids(local.getArray('replicated').toArray()));
    expect(asked).toBe(1); // one question for all ten
  });

  it('sends a connection whose step 2 answers keep depending on what the server lacks away with 4500 (retry later)', async () => {
    const { ts, dependents, raw } = await offlineClerk(1);
    const dependent = dependents[0]!;
    // An incomplete device: every answer to the server's question lacks the same change again.
    raw.ws.on('message', (data: Buffer) => isSyncStep1(new Uint8Array(data)) && raw.send(step2Frame(dependent)));
    raw.send(updateFrame(dependent));
    expect((await withTimeout(raw.closed, 5_000, 'close')).code).toBe(4500);
    expect((await ts.server.docStore.loadDoc(FID)).updates).toHaveLength(0);
  });
});

/**
 * A clerk whose copy holds one event the server lacks, with `count` updates written after it
 * (each depends on it), and a raw sync socket of that clerk, open.
 */
async function offlineClerk(count: number) {
  const ts = await start();
  const local = new Y.Doc();
  local.getArray('replicated').push([placedBy(CLERK)]);
  const dependents = Array.from({ length: count }, () => captureUpdate(local, () => local.getArray('replicated').push([placedBy(CLERK)])));
  const raw = rawSync(ts, ts.token(CLERK));
  await raw.opened;
  return { ts, local, dependents, raw };
}

function isSyncStep1(frame: Uint8Array): boolean {
  const decoder = decoding.createDecoder(frame);
  return decoding.readVarUint(decoder) === 0 && decoding.readVarUint(decoder) === 0;
}

function step2Frame(update: Uint8Array): Uint8Array {
  const frame = updateFrame(update);
  frame[1] = 1; // sync step 2 instead of update: the same payload
  return frame;
}

function frameArrives(raw: RawClient, predicate: (frame: Uint8Array) => boolean): Promise<void> {
  return withTimeout(new Promise<void>((resolve) => {
    raw.ws.on('message', (data: Buffer) => predicate(new Uint8Array(data)) && resolve());
  }), 5_000, 'a frame');
}
