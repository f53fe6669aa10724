// The server's own appends (website orders) switch to a fresh clientID every
// `serverClientRun` events: Yjs copies a writer's whole run on every append to it, so one
// endless run makes a long life of single-event appends quadratic. Each new id is bound to
// the server, so no device may ever write under it.
import { afterEach, expect, it } from 'vitest';
import * as Y from 'yjs';
import { SERVER_OWNER } from '../../sync-server/client-bindings';
import { FID, startServer, type TestServer } from './helpers';

let server: TestServer | undefined;
afterEach(async () => server?.close());

const WEBSITE = { role: 'website', userId: 'website', deviceId: 'server' };
const placed = (i: number) => ({
  id: `w-${i}`, type: 'OrderPlaced', at: '2026-11-20T18:00:00.000Z', actor: WEBSITE,
  data: { orderId: `o-${i}`, orderNumber: `W${i}`, customer: { name: `Customer ${i}` }, lines: [{ itemId: 'waffle', quantity: 1, unitPriceCents: 350 }] },
});

function writersOf(array: Y.Array<unknown>): number[] {
  const clients: number[] = [];
  for (let item = array._start; item; item = item.right) {
    for (let i = 0; i < item.length; i++) clients.push(item.id.client);
  }
  return clients;
}

it('writes website events in runs of serverClientRun per clientID, each bound to the server', async () => {
  server = await startServer({ limits: { serverClientRun: 3 } });
  const clients = await server.server.rooms.use(FID, async (room) => {
    for (let i = 0; i < 7; i++) await room.appendWebsite([placed(i)]);
    return writersOf(room.doc.getArray('website'));
  });
  const runs = [...new Set(clients)];
  expect(runs).toHaveLength(3);
  expect(runs.map((c) => clients.filter((x) => x === c).length)).toEqual([3, 3, 1]);
  const bindings = await server.server.storage.loadRange(['clientid', FID]);
  const owners = new Map(bindings.map((row) => [Number(row.key[2]), new TextDecoder().decode(row.data)]));
  for (const client of runs) expect(owners.get(client)).toBe(SERVER_OWNER);

  server = await server.restart();
  const after = await server.server.rooms.use(FID, async (room) => room.doc.getArray('website').toArray());
  expect(after).toEqual(Array.from({ length: 7 }, (_, i) => placed(i)));
});
