// A device catching up after time offline receives many events at once: the sync socket
// negotiates permessage-deflate, so the JSON events cross the wire compressed.
import { afterEach, expect, it } from 'vitest';
import { CLERK, connectDevice, MANAGER, placedBy, startServer, synced, waitForDoc, type Device, type TestServer } from './helpers';

let server: TestServer | undefined;
const devices: Device[] = [];
afterEach(async () => {
  devices.splice(0).forEach((d) => d.destroy());
  await server?.close();
});

/** Bytes this client's TCP socket has read: what crossed the wire, headers and frames included. */
function bytesRead(device: Device): number {
  return (device.provider.ws as unknown as { _socket: { bytesRead: number } })._socket.bytesRead;
}

it('compresses a catch-up sync on the wire', async () => {
  server = await startServer();
  const manager = connectDevice(server, MANAGER);
  devices.push(manager);
  await synced(manager);
  const events = Array.from({ length: 400 }, () => placedBy(MANAGER));
  manager.doc.transact(() => manager.push(...events));

  const clerk = connectDevice(server, CLERK);
  devices.push(clerk);
  await waitForDoc(clerk.doc, () => clerk.log().length >= events.length, 10_000, 'the clerk catching up');

  expect((clerk.provider.ws as unknown as { extensions: string }).extensions).toContain('permessage-deflate');
  // Uncompressed, a Yjs update carries each event's JSON text plus item headers: about 0.9× of it.
  expect(bytesRead(clerk)).toBeLessThan(JSON.stringify(events).length / 3);
});
