// A device moves to a fresh clientID every CLIENT_ID_RUN own events (client/device/own-writes.ts),
// offline or in the middle of a session. The server must take each new id from the device,
// bind it to the device's user (sync-server/client-bindings.ts), and keep every event; the
// stock provider must still connect after the move (its awareness announces [doc.clientID]).
import { afterEach, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { CLIENT_ID_RUN, OwnWrites, presenceFollows } from '../../client/device/own-writes';
import { CLERK, FID, ids, placedBy, startServer, waitForDoc, withTimeout, type TestServer } from './helpers';

let server: TestServer | undefined;
let provider: WebsocketProvider | undefined;
afterEach(async () => {
  provider?.destroy();
  await server?.close();
});

/** The device's write path as fundraiser-doc.ts builds it, on a stock provider. */
function clerkDevice(ts: TestServer) {
  const doc = new Y.Doc();
  const stock = new WebsocketProvider(ts.wsUrl, FID, doc, {
    connect: false, params: { token: ts.token(CLERK) },
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket, disableBc: true,
  });
  const writes = new OwnWrites(doc, (_from, to) => presenceFollows(stock.awareness, to));
  const replicated = doc.getArray<unknown>('replicated');
  const write = (count: number) => {
    for (let i = 0; i < count; i++) writes.append(replicated, [placedBy(CLERK)], { kind: 'command' });
  };
  return { doc, provider: stock, replicated, write };
}

const writers = (array: Y.Array<unknown>) => {
  const clients: number[] = [];
  for (let item = array._start; item; item = item.right) for (let i = 0; i < item.length; i++) clients.push(item.id.client);
  return [...new Set(clients)];
};

/** Resolves once the server's awareness holds a presence under `clientId`. */
function presenceUnder(awareness: Awareness, clientId: number, label: string): Promise<void> {
  return withTimeout(new Promise<void>((resolve) => {
    const check = () => awareness.getStates().has(clientId) && resolve();
    awareness.on('change', check);
    check();
  }), 5_000, label);
}

async function owners(ts: TestServer): Promise<Map<number, string>> {
  const rows = await ts.server.storage.loadRange(['clientid', FID]);
  return new Map(rows.map((row) => [Number(row.key[2]), new TextDecoder().decode(row.data)]));
}

it('takes every new clientID of a device, offline and mid-session, and binds each to its user', async () => {
  // Single-event updates at once, as a busy door would send them over a shift, without the rate limit cutting in.
  server = await startServer({ limits: { messageBurst: 10_000, messagesPerSecond: 10_000 } });
  const device = clerkDevice(server);
  provider = device.provider;
  device.provider.awareness.setLocalStateField('user', CLERK.userId);
  device.write(2 * CLIENT_ID_RUN + 100); // a shift offline: three ids
  expect(writers(device.replicated)).toHaveLength(3);

  device.provider.connect();
  const live = await server.server.rooms.use(FID, async (room) => {
    await waitForDoc(room.doc, (doc) => doc.getArray('replicated').length === 2 * CLIENT_ID_RUN + 100, 20_000, 'the offline events');
    // the presence moved with the id, so it was announced on connect under the id in use
    await presenceUnder(room.awareness, device.doc.clientID, 'the device presence');
    device.write(CLIENT_ID_RUN); // live: one more move, CLIENT_ID_RUN - 100 events in
    await waitForDoc(room.doc, (doc) => doc.getArray('replicated').length === 3 * CLIENT_ID_RUN + 100, 20_000, 'the live events');
    // the presence follows the live move at once (sent after the write that binds the new id),
    // not only at its next renewal
    await presenceUnder(room.awareness, device.doc.clientID, 'the presence under the live id');
    return room.doc.getArray<unknown>('replicated');
  });

  const used = writers(device.replicated);
  expect(used).toHaveLength(4);
  expect(writers(live)).toEqual(used);
  expect(ids(live.toArray())).toEqual(ids(device.replicated.toArray()));
  const bound = await owners(server);
  for (const client of used) expect(bound.get(client)).toBe(CLERK.userId);
  expect(server.logs.filter((line) => /refus/i.test(line))).toEqual([]);
});
