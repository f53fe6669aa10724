// Heartbeats (sync-server/heartbeats.ts): a sync socket the server has sent nothing for an
// interval gets one, a busy one none, each connection one on joining; the stock y-websocket
// client takes them as nothing. Real server on port 0, stock clients and a raw socket.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as decoding from 'lib0/decoding';
import type { WebSocket } from 'ws';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import { HEARTBEAT_FRAME, HEARTBEAT_INTERVAL_MS, HEARTBEAT_SILENCE_INTERVALS, MessageType, SyncMessageType } from '../../sync-server/shared/protocol';
import { encodeAwarenessMessage } from '../../sync-server/sync-messages';
import {
  CLERK, closedAfterEach, MANAGER, placedBy, rawSync, synced, waitForDoc, withTimeout,
  type Device, type TestServer,
} from './helpers';
import { api, startApp } from '../support/app';

const closed = closedAfterEach(CLERK);
const start = (heartbeatIntervalMs: number) => closed.start({ heartbeatIntervalMs });

async function syncedDevice(ts: TestServer, actor = CLERK): Promise<Device> {
  const d = closed.device(ts, actor);
  await synced(d);
  return d;
}

const isHeartbeat = (data: Uint8Array) => Buffer.compare(Buffer.from(data), Buffer.from(HEARTBEAT_FRAME)) === 0;

/** Every frame the device's current socket receives from now on, with when it arrived. */
function tap(device: Device) {
  const frames: { at: number; heartbeat: boolean }[] = [];
  let wanted = { count: Infinity, resolve: () => {} };
  (device.provider.ws as unknown as WebSocket).on('message', (data: Buffer) => {
    frames.push({ at: performance.now(), heartbeat: isHeartbeat(new Uint8Array(data)) });
    if (heartbeats() >= wanted.count) wanted.resolve();
  });
  const heartbeats = () => frames.filter((f) => f.heartbeat).length;
  const until = (count: number, ms: number) => withTimeout(new Promise<void>((resolve) => {
    wanted = { count, resolve };
    if (heartbeats() >= count) resolve();
  }), ms, `${count} heartbeats`);
  return { frames, heartbeats, until, since: performance.now() };
}

describe('the heartbeat frame', () => {
  it("is y-protocols' awareness update naming no clients, and applying it changes and emits nothing", () => {
    const doc = new Y.Doc();
    const awareness = new awarenessProtocol.Awareness(doc);
    expect(HEARTBEAT_FRAME).toEqual(encodeAwarenessMessage(awarenessProtocol.encodeAwarenessUpdate(awareness, [])));
    const other = new awarenessProtocol.Awareness(new Y.Doc());
    other.setLocalState({ user: 'someone' });
    awarenessProtocol.applyAwarenessUpdate(awareness, awarenessProtocol.encodeAwarenessUpdate(other, [other.clientID]), 'peer');
    const before = JSON.stringify([...awareness.getStates()]);
    const emitted: string[] = [];
    awareness.on('change', () => emitted.push('change'));
    awareness.on('update', () => emitted.push('update'));
    const decoder = decoding.createDecoder(HEARTBEAT_FRAME);
    expect(decoding.readVarUint(decoder)).toBe(MessageType.awareness);
    awarenessProtocol.applyAwarenessUpdate(awareness, decoding.readVarUint8Array(decoder), 'server');
    expect(emitted).toEqual([]);
    expect(JSON.stringify([...awareness.getStates()])).toBe(before);
    awareness.destroy();
    other.destroy();
  });
});

describe('heartbeats on sync sockets', () => {
  it('greet each connection with one, right after the sync step 1 (long before an interval)', async () => {
    const ts = await start(60_000);
    const raw = rawSync(ts, ts.token(CLERK));
    await raw.opened;
    await withTimeout((async () => { while (!raw.received.some(isHeartbeat)) await new Promise((r) => setTimeout(r, 10)); })(), 5_000, 'the greeting');
    const kinds = raw.received.map((m) => (isHeartbeat(m) ? 'heartbeat' : m[0] === MessageType.sync && m[1] === SyncMessageType.step1 ? 'step1' : String(m[0])));
    expect(kinds).toEqual(['step1', 'heartbeat']);
    raw.ws.close();
  });

  it("reach an idle connection within the interval, and the stock client's doc and awareness do not change", async () => {
    const intervalMs = 300;
    const ts = await start(intervalMs);
    const quiet = await syncedDevice(ts);
    const frames = tap(quiet);
    const stateVector = Y.encodeStateVector(quiet.doc);
    const states = JSON.stringify([...quiet.provider.awareness.getStates()]);
    const changes: string[] = [];
    quiet.doc.on('update', () => changes.push('doc update'));
    quiet.provider.awareness.on('change', () => changes.push('awareness change'));
    quiet.provider.awareness.on('update', () => changes.push('awareness update'));

    await frames.until(5, 10_000);
    expect(frames.frames.every((f) => f.heartbeat)).toBe(true); // nothing else was said
    const arrivals = [frames.since, ...frames.frames.map((f) => f.at)];
    const gaps = arrivals.slice(1).map((at, i) => at - arrivals[i]!);
    // Never a silence the apps' watchdog takes for a dead link; none sooner than a quiet interval (timer slack aside).
    expect(Math.max(...gaps)).toBeLessThan(HEARTBEAT_SILENCE_INTERVALS * intervalMs);
    expect(Math.min(...gaps.slice(1))).toBeGreaterThan(0.8 * intervalMs);
    expect(changes).toEqual([]);
    expect(Y.encodeStateVector(quiet.doc)).toEqual(stateVector);
    expect(JSON.stringify([...quiet.provider.awareness.getStates()])).toBe(states);
    expect(quiet.provider.wsconnected && quiet.provider.synced).toBe(true);
  });

  it('do not go to a connection that is sent updates more often than the interval', async () => {
    const intervalMs = 400;
    const ts = await start(intervalMs);
    const writer = await syncedDevice(ts, MANAGER);
    const watcher = await syncedDevice(ts, CLERK);
    const frames = tap(watcher);
    const started = performance.now();
    let written = 0;
    while (performance.now() - started < 4 * intervalMs) { // each write as soon as the last one arrived
      writer.push(placedBy(MANAGER));
      written++;
      await waitForDoc(watcher.doc, (doc) => doc.getArray('replicated').length === written, 5_000, `relay ${written}`);
    }
    expect(written).toBeGreaterThan(10);
    expect(frames.heartbeats()).toBe(0);
    await frames.until(1, 5_000); // and once the writes stop, the quiet socket gets its heartbeat
  });
});

describe('the served pages', () => {
  it('name the heartbeat interval, for the apps\' watchdog: the default, or the one configured', async () => {
    const distDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fo-dist-'));
    for (const page of ['manager', 'clerk']) fs.writeFileSync(path.join(distDir, `${page}.html`), `<html><head><title>${page}</title></head><body></body></html>`);
    for (const [syncOptions, named] of [[{}, HEARTBEAT_INTERVAL_MS], [{ heartbeatIntervalMs: 1_234 }, 1_234]] as const) {
      const test = await startApp({ distDir, syncOptions });
      try {
        for (const page of ['/manager', '/clerk']) expect((await api(test, 'GET', page)).body).toContain(`<meta name="sync-heartbeat-ms" content="${named}">`);
      } finally {
        await test.close();
      }
    }
  });
});
