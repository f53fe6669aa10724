// Every way to be refused at the sync door (no token, forged, expired, a role that may not
// sync, another fundraiser's token, a cross-site Origin) receives nothing of the document and
// leaves nothing stored, even when the refused client sends an update the moment it can.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TokenAuthority } from '../../sync-server/auth';
import {
  CLERK, CLERK_2, connectDevice, FID, placedBy, rawClient, SECRET, startServer, synced, updateFrame, waitForDoc, withTimeout,
  captureUpdate, type Device, type TestServer,
} from '../server/helpers';
import * as Y from 'yjs';

let ts: TestServer;
let witness: Device;
const secretEvent = placedBy(CLERK, { data: { orderId: 'o-secret', orderNumber: 'S-1', customer: { name: 'Private Person', email: 'pp@example.org' }, lines: [{ itemId: 'waffle', quantity: 1, unitPriceCents: 350 }] } });

beforeAll(async () => {
  ts = await startServer();
  witness = connectDevice(ts, CLERK_2);
  await synced(witness);
  const writer = connectDevice(ts, CLERK);
  writer.push(secretEvent);
  await waitForDoc(witness.doc, (doc) => doc.getArray('replicated').length === 1);
  writer.destroy();
});
afterAll(async () => {
  witness.destroy();
  await ts.close();
});

const yesterday = () => Date.now() - 48 * 3_600_000;
const doors: { name: string; token: () => string | undefined; code: number; fid?: string; origin?: string }[] = [
  { name: 'no token', token: () => undefined, code: 4401 },
  { name: 'a forged token', token: () => new TokenAuthority('another-secret-another-secret-another').issue({ sub: CLERK.userId, role: 'clerk' }).token, code: 4401 },
  { name: 'a tampered token', token: () => `${ts.token(CLERK).split('.')[0]}.AAAA`, code: 4401 },
  { name: 'an expired token', token: () => new TokenAuthority(SECRET, undefined, yesterday).issue({ sub: CLERK.userId, role: 'clerk' }).token, code: 4401 },
  { name: 'a role that may not sync', token: () => ts.server.tokens.issue({ sub: 'someone', role: 'website' }).token, code: 4403 },
  { name: "another fundraiser's token", token: () => ts.token(CLERK, { fids: ['other'] }), code: 4403 },
];

describe('refused at the sync door', () => {
  it.each(doors)('$name: $code, no document bytes sent, nothing stored', async ({ token, code }) => {
    const t = token();
    const raw = rawClient(`${ts.wsUrl}/${FID}${t === undefined ? '' : `?token=${encodeURIComponent(t)}`}`);
    const intruder = intruderUpdate();
    raw.ws.once('open', () => {
      raw.send(updateFrame(intruder)); // as early as the client can
      raw.send(new Uint8Array([0, 0, 1, 0])); // and a sync step 1: "send me everything"
    });
    expect((await withTimeout(raw.closed, 5_000, 'close')).code).toBe(code);
    expect(raw.received).toEqual([]);
    await expectNothingStored();
  });

  it('a cross-site Origin: 403 before any socket, nothing stored', async () => {
    const raw = rawClient(`${ts.wsUrl}/${FID}?token=${encodeURIComponent(ts.token(CLERK))}`, { origin: 'https://evil.example' });
    await expect(raw.opened).rejects.toThrow('HTTP 403');
    expect(raw.received).toEqual([]);
    await expectNothingStored();
  });
});

/** A valid event by the token's user: it would be stored if the door let it through. */
function intruderUpdate(): Uint8Array {
  const doc = new Y.Doc();
  return captureUpdate(doc, () => doc.getArray('replicated').push([placedBy(CLERK, { id: 'intruder' })]));
}

async function expectNothingStored(): Promise<void> {
  const stored = await ts.server.docStore.loadDoc(FID);
  const rebuilt = new Y.Doc();
  for (const u of stored.updates) Y.applyUpdate(rebuilt, u);
  expect(rebuilt.getArray<{ id: string }>('replicated').toArray().map((e) => e.id)).toEqual([secretEvent.id]);
  // The witness has everything the server relayed so far; the intruder's event is not among it.
  expect(witness.doc.getArray<{ id: string }>('replicated').toArray().map((e) => e.id)).toEqual([secretEvent.id]);
}
