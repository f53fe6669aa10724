// Document epochs at the server: a device that names its epoch is told the fundraiser's epoch
// before anything else, and a device holding another epoch (the server's copy was restored and
// renewed) is closed with 4409 before a single sync message: nothing is merged either way.
import { spawnSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import * as decoding from 'lib0/decoding';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { MessageType } from '../../sync-server/shared/protocol';
import { CLERK, connectDevice, FID, ids, synced, placedBy, rawClient, startServer, withTimeout, type TestServer } from '../server/helpers';

let servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

/** A stock provider that sends `?epoch=` and records the epoch the server tells it. */
function epochDevice(ts: TestServer, epoch: string, doc = new Y.Doc()) {
  const provider = new WebsocketProvider(ts.wsUrl, FID, doc, {
    params: { token: ts.token(CLERK), epoch }, WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket, disableBc: true,
  });
  const told: string[] = [];
  provider.messageHandlers[MessageType.epoch] = (_encoder, decoder) => void told.push(decoding.readVarString(decoder));
  const closed = withTimeout(new Promise<number>((r) => provider.once('connection-close', (e: CloseEvent | null) => r(e?.code ?? -1))), 5_000, 'close');
  closed.catch(() => {});
  const synced = () => withTimeout(new Promise<void>((r) => (provider.synced ? r() : provider.once('sync', () => r()))), 10_000, 'sync');
  return { doc, provider, told, closed, synced };
}

function firstMessageTypes(ts: TestServer, epoch: string) {
  const raw = rawClient(`${ts.wsUrl}/${FID}?token=${encodeURIComponent(ts.token(CLERK))}&epoch=${encodeURIComponent(epoch)}`);
  return raw;
}

describe('document epochs', () => {
  it('tells a device the epoch first, before the sync step 1; stock clients are told nothing', async () => {
    const ts = await startServer();
    servers.push(ts);
    const raw = firstMessageTypes(ts, '');
    await raw.opened;
    await withTimeout((async () => { while (raw.received.length < 2) await new Promise((r) => setTimeout(r, 20)); })(), 5_000, 'two messages');
    const types = raw.received.map((m) => decoding.readVarUint(decoding.createDecoder(m)));
    expect(types.slice(0, 2)).toEqual([MessageType.epoch, MessageType.sync]);
    raw.ws.close();

    const asking = epochDevice(ts, '');
    await asking.synced();
    expect(asking.told).toEqual([await ts.server.epochs.get(FID)]);
    asking.provider.destroy();

    const stock = connectDevice(ts, CLERK); // no ?epoch=: the stock protocol, nothing extra
    const told: unknown[] = [];
    stock.provider.messageHandlers[MessageType.epoch] = () => void told.push('epoch');
    await synced(stock);
    expect(told).toEqual([]);
    stock.destroy();
  });

  it('refuses another epoch with 4409 before any exchange; the same epoch syncs', async () => {
    const ts = await startServer();
    servers.push(ts);
    const first = epochDevice(ts, '');
    await first.synced();
    const epoch = first.told[0]!;
    first.provider.destroy();

    // The server's copy is renewed (as after a restore); the device wrote offline meanwhile.
    await ts.server.epochs.renew(FID);
    const offline = new Y.Doc();
    offline.getArray('replicated').push([placedBy(CLERK)]);
    const stale = epochDevice(ts, epoch, offline);
    expect(await stale.closed).toBe(4409);
    expect(stale.provider.shouldConnect).toBe(false);
    expect(stale.told).toEqual([]);
    expect(stale.provider.synced).toBe(false);
    expect(ids(offline.getArray('replicated').toArray())).toHaveLength(1); // its data stays
    const onServer = await ts.server.rooms.use(FID, async (room) => room.doc.getArray('replicated').length);
    expect(onServer).toBe(0);

    const current = epochDevice(ts, await ts.server.epochs.get(FID));
    await current.synced();
    current.provider.destroy();
  });

  it('scripts/new-epoch.ts renews a restored data directory; devices of the old epoch are refused', async () => {
    let ts = await startServer();
    servers.push(ts);
    const before = epochDevice(ts, '');
    await before.synced();
    before.provider.destroy();
    await ts.close();
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/new-epoch.ts', ts.dir, FID], { encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`^${FID}: new epoch [A-Za-z0-9_-]+`));
    ts = await ts.restart();
    servers.push(ts);
    const stale = epochDevice(ts, before.told[0]!);
    expect(await stale.closed).toBe(4409);
    stale.provider.destroy();
  });
});
