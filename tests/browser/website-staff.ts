// What a club's manager does to a fundraiser while a customer looks at the website, done as a
// real device: a stock y-websocket client in Node, logged in over HTTP, writing the events the
// domain's decide makes (payments, check-in, items, closing the website).
import { randomUUID } from 'node:crypto';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { Projection, decide } from '../../domain';
import { DEMO_PASSWORD } from './support';

export interface StaffDevice { act(command: Record<string, unknown>): void; close(): void }

export async function managerToken(base: string): Promise<string> {
  const login = await fetch(`${base}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'manager', password: DEMO_PASSWORD }) });
  return ((await login.json()) as { token: string }).token;
}

/** A manager's device on `fid`, resolved once its first sync is done. */
export async function managerDevice(base: string, fid: string): Promise<StaffDevice> {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(`${base.replace('http', 'ws')}/sync`, fid, doc, {
    params: { token: await managerToken(base) },
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  });
  await new Promise<void>((resolve) => provider.once('sync', () => resolve()));
  const actor = { role: 'manager', userId: 'manager', deviceId: 'website-test-manager' } as const;
  return {
    act(command) {
      const state = Projection.fold(doc.getArray('website').toArray(), doc.getArray('replicated').toArray());
      const decided = decide(command, state, { eventId: randomUUID(), at: new Date().toISOString(), actor });
      if (!decided.ok) throw new Error(`${String(command.type)} refused: ${decided.error.message}`);
      doc.transact(() => doc.getArray('replicated').push(decided.events), 'website-test-manager');
    },
    close: () => (provider.destroy(), doc.destroy()),
  };
}

/** A new fundraiser with the given items, its website open or closed. */
export async function fundraiserWith(base: string, fid: string, items: { itemId: string; name: string; priceCents: number; stock: number }[], open: boolean): Promise<StaffDevice> {
  const created = await fetch(`${base}/api/fundraisers`, {
    method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${await managerToken(base)}` },
    body: JSON.stringify({ id: fid, name: `Sale ${fid}` }),
  });
  if (created.status !== 201) throw new Error(`creating ${fid} answered ${created.status}`);
  const manager = await managerDevice(base, fid);
  for (const item of items) manager.act({ type: 'DefineItem', ...item });
  if (open) manager.act({ type: 'SetWebsiteOrdering', open: true });
  return manager;
}

export async function catalogOf(base: string, fid: string): Promise<{ websiteOpen: boolean; items: { itemId: string; available: number | null }[] }> {
  return (await fetch(`${base}/api/fundraisers/${fid}`)).json() as Promise<{ websiteOpen: boolean; items: { itemId: string; available: number | null }[] }>;
}
