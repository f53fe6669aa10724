// A device back from offline is caught up from the updates the room applied (as stored and
// relayed), not re-encoded from the doc: it still gets everything, and what it wrote offline
// is checked, stored and applied as before.
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { MessageType, SyncMessageType } from '../../sync-server/shared/protocol';
import {
  closedAfterEach,
  CLERK, FID, ids, MANAGER, placedBy, rawSync, synced, waitForDoc, withTimeout,
  type RawClient, type TestServer,
} from './helpers';

const { start, device, later } = closedAfterEach(MANAGER);

/** The manager writes `batches` updates of 3 events; resolves once the room applied them all. */
async function gain(ts: TestServer, batches: number): Promise<unknown[]> {
  const manager = device(ts, MANAGER);
  await synced(manager);
  const written: unknown[] = [];
  for (let i = 0; i < batches; i++) {
    const events = [placedBy(MANAGER), placedBy(MANAGER), placedBy(MANAGER)];
    written.push(...events);
    manager.push(...events);
  }
  await ts.server.rooms.use(FID, (room) => waitForDoc(room.doc, (doc) => doc.getArray('replicated').length === written.length));
  return written;
}

function step1(stateVector: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.sync);
  encoding.writeVarUint(encoder, SyncMessageType.step1);
  encoding.writeVarUint8Array(encoder, stateVector);
  return encoding.toUint8Array(encoder);
}

/** Sync frames received up to and including the first sync step 2 (the server's own step 1 left out). */
async function catchUpFrames(raw: RawClient): Promise<{ sub: number; update: Uint8Array }[]> {
  const syncFrames = () => raw.received.map(readSync).filter((f) => f !== undefined && f.sub !== SyncMessageType.step1) as { sub: number; update: Uint8Array }[];
  const step2 = () => syncFrames().some((f) => f.sub === SyncMessageType.step2);
  await withTimeout(new Promise<void>((resolve) => {
    if (step2()) return resolve();
    raw.ws.on('message', () => step2() && resolve());
  }), 10_000, 'sync step 2');
  const frames = syncFrames();
  return frames.slice(0, frames.findIndex((f) => f.sub === SyncMessageType.step2) + 1);
}

function readSync(frame: Uint8Array): { sub: number; update: Uint8Array } | undefined {
  const decoder = decoding.createDecoder(frame);
  if (decoding.readVarUint(decoder) !== MessageType.sync) return undefined;
  const sub = decoding.readVarUint(decoder);
  return { sub, update: decoding.readVarUint8Array(decoder) };
}

/** The manager writes 4 batches; then a raw device that holds nothing asks with its step 1. */
async function catchUpFromNothing(ts: TestServer) {
  const written = await gain(ts, 4);
  const raw = rawSync(ts, ts.token(CLERK));
  later(() => raw.ws.close());
  await raw.opened;
  raw.send(step1(Y.encodeStateVector(new Y.Doc())));
  return { written, frames: await catchUpFrames(raw) };
}

describe('catch-up after a long offline run', () => {
  it('answers a sync step 1 with the applied updates the device lacks, in order, then a step 2', async () => {
    const { written, frames } = await catchUpFromNothing(await start());
    expect(frames.map((f) => f.sub)).toEqual([...Array(frames.length - 1).fill(SyncMessageType.update), SyncMessageType.step2]);
    expect(frames.length).toBeGreaterThan(1);
    const caughtUp = new Y.Doc();
    for (const f of frames) Y.applyUpdate(caughtUp, f.update);
    expect(caughtUp.store.pendingStructs).toBeNull();
    expect(ids(caughtUp.getArray('replicated').toArray())).toEqual(ids(written));
  });

  it('with the process-wide catch-up budget spent, answers from the doc: one step 2 that brings everything', async () => {
    const { written, frames } = await catchUpFromNothing(await start({ limits: { catchUpBytesTotal: 1 } }));
    expect(frames.map((f) => f.sub)).toEqual([SyncMessageType.step2]);
    const caughtUp = new Y.Doc();
    Y.applyUpdate(caughtUp, frames[0]!.update);
    expect(ids(caughtUp.getArray('replicated').toArray())).toEqual(ids(written));
  });

  it('a stock client with offline writes converges both ways', async () => {
    const ts = await start();
    const written = await gain(ts, 5);
    const offline = new Y.Doc();
    const own = [placedBy(CLERK), placedBy(CLERK)];
    for (const event of own) offline.getArray('replicated').push([event]);
    const clerk = device(ts, CLERK, offline);
    const all = written.length + own.length;
    await waitForDoc(clerk.doc, (doc) => doc.getArray('replicated').length === all);
    await ts.server.rooms.use(FID, (room) => waitForDoc(room.doc, (doc) => doc.getArray('replicated').length === all));
    const server = await ts.server.rooms.use(FID, async (room) => ids(room.doc.getArray('replicated').toArray()));
    expect(new Set(ids(clerk.log()))).toEqual(new Set(server));
    expect(new Set(server)).toEqual(new Set(ids([...written, ...own])));
  });
});
