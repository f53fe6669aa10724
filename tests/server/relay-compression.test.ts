// What the server deflates: a catch-up (sync step 2) pays for its compression, a live relay
// to every connected device does not (one deflate per socket, one inflate per device), so a
// relay goes out as is unless it is very large. Seen on the wire through the RSV1 bit.
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { afterEach, expect, it } from 'vitest';
import { MessageType, RELAY_COMPRESS_MIN_BYTES, SyncMessageType } from '../../sync-server/shared/protocol';
import { CLERK, CLERK_2, connectDevice, FID, MANAGER, placedBy, startServer, synced, waitForDoc, type Device, type TestServer } from './helpers';
import { RawDeflateClient, type ServerFrame } from './raw-deflate-client';

let server: TestServer | undefined;
let raw: RawDeflateClient | undefined;
const devices: Device[] = [];
afterEach(async () => {
  raw?.close();
  devices.splice(0).forEach((d) => d.destroy());
  await server?.close();
});

/** A y-protocols sync frame of this sub-type. */
const syncOf = (type: number) => (frame: ServerFrame): boolean => {
  const decoder = decoding.createDecoder(frame.data);
  return decoding.readVarUint(decoder) === MessageType.sync && decoding.readVarUint(decoder) === type;
};

/** Sync step 1 of a device that has nothing yet: the server answers with everything. */
function emptyStep1(): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.sync);
  encoding.writeVarUint(encoder, SyncMessageType.step1);
  encoding.writeVarUint8Array(encoder, Uint8Array.of(0)); // empty state vector
  return encoding.toUint8Array(encoder);
}

it('deflates a catch-up but sends a live relay uncompressed, unless the relay is very large', async () => {
  server = await startServer();
  const manager = connectDevice(server, MANAGER);
  devices.push(manager);
  await synced(manager);
  manager.doc.transact(() => manager.push(...Array.from({ length: 100 }, () => placedBy(MANAGER))));
  const witness = connectDevice(server, CLERK_2); // has them from the server: the server has them
  devices.push(witness);
  await waitForDoc(witness.doc, () => witness.log().length === 100, 10_000, 'the server holding the first events');

  raw = await RawDeflateClient.open(`${server.wsUrl}/${FID}?token=${encodeURIComponent(server.token(CLERK))}`);
  expect(raw.extensions).toContain('permessage-deflate');
  expect(raw.extensions).toContain('server_no_context_takeover');
  raw.send(emptyStep1());
  // The catch-up ends with a step 2; the updates the room applied since it loaded may come
  // before it as they were applied (room-catch-up.ts). Every big frame of it is deflated.
  const catchUp = await raw.next(0, syncOf(SyncMessageType.step2), 10_000, 'the catch-up');
  const bigCatchUp = raw.frames.slice(0, catchUp.index + 1).filter((f) => f.data.byteLength > 1024);
  expect(bigCatchUp.length).toBeGreaterThan(0);
  expect(bigCatchUp.every((f) => f.compressed)).toBe(true);

  manager.doc.transact(() => manager.push(...Array.from({ length: 20 }, () => placedBy(MANAGER))));
  const relay = await raw.next(catchUp.index + 1, syncOf(SyncMessageType.update), 10_000, 'the relay');
  expect(relay.frame.data.byteLength).toBeGreaterThan(1024); // above the socket's compression threshold
  expect(relay.frame.data.byteLength).toBeLessThan(RELAY_COMPRESS_MIN_BYTES);
  expect(relay.frame.compressed).toBe(false);

  manager.doc.transact(() => manager.push(...Array.from({ length: 400 }, () => placedBy(MANAGER))));
  const bigRelay = await raw.next(relay.index + 1, syncOf(SyncMessageType.update), 10_000, 'the large relay');
  expect(bigRelay.frame.data.byteLength).toBeGreaterThanOrEqual(RELAY_COMPRESS_MIN_BYTES);
  expect(bigRelay.frame.compressed).toBe(true);
  expect(bigRelay.frame.wireBytes).toBeLessThan(bigRelay.frame.data.byteLength / 3);
});
