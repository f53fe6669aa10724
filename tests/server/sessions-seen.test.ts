// When each device session last synced, for the manager's Devices tab: noted at a socket's
// open and close, at most once per 30 s per session and fundraiser; GET /api/devices shows it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { SEEN_MIN_GAP_MS, SessionsSeen } from '../../sync-server/sessions-seen';
import { MemoryStorageAdapter } from '../../sync-server/storage/memory';
import type { BatchOp } from '../../sync-server/storage/adapter';
import { api, DEMO_PASSWORD, startApp, type TestApp } from '../support/app';
import { withTimeout } from './helpers';

class CountingAdapter extends MemoryStorageAdapter {
  batches = 0;
  override async saveBatch(ops: readonly BatchOp[]): Promise<void> {
    this.batches++;
    return super.saveBatch(ops);
  }
}

describe('SessionsSeen', () => {
  it('writes a sighting at most once per gap for one recorded session and fundraiser, and drops those of sessions gone', async () => {
    let now = Date.parse('2026-11-30T12:00:00Z');
    const adapter = new CountingAdapter();
    const seen = new SessionsSeen(adapter, async (jti) => jti !== 'unrecorded', () => {}, () => now);
    seen.seen('unrecorded', 'demo'); // a token no login recorded: not noted
    seen.seen('s1', 'demo');
    seen.seen('s1', 'demo'); // a flood of opens: one write
    seen.seen('s1', 'waffles');
    await expect.poll(() => adapter.batches).toBe(2);
    now += SEEN_MIN_GAP_MS;
    seen.seen('s1', 'demo');
    seen.seen('s2', 'demo');
    await expect.poll(() => adapter.batches).toBe(4);
    const all = await seen.all();
    expect(all.get('s1')).toEqual({ at: '2026-11-30T12:00:30.000Z', fid: 'demo' });
    await seen.keepOnly(new Set(['s2']));
    expect([...(await seen.all()).keys()]).toEqual(['s2']);
  });
});

describe('GET /api/devices, last seen', () => {
  let test: TestApp;
  beforeAll(async () => { test = await startApp(); });
  afterAll(() => test?.close());
  const login = async (username: string) => (await api(test, 'POST', '/api/login', { username, password: DEMO_PASSWORD })).body.token as string;
  const jtiOf = (token: string) => (JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString()) as { jti: string }).jti;

  it('shows when each session last opened a sync, and of which fundraiser (none before its first), and which are connected now', async () => {
    const manager = await login('manager');
    const clerk = await login('clerk');
    const devices = async () => (await api(test, 'GET', '/api/devices', undefined, { authorization: `Bearer ${manager}` })).body.devices as { jti: string; connected?: true; lastSeen?: { at: string; fid: string } }[];
    expect((await devices()).find((d) => d.jti === jtiOf(clerk))?.lastSeen).toBeUndefined();
    const before = Date.now();
    const doc = new Y.Doc();
    const provider = new WebsocketProvider(`${test.url.replace('http', 'ws')}/sync`, 'demo', doc, {
      params: { token: clerk }, WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket, disableBc: true,
    });
    await withTimeout(new Promise<void>((r) => provider.once('sync', () => r())), 10_000, 'sync');
    expect((await devices()).find((d) => d.jti === jtiOf(clerk))).toMatchObject({ connected: true });
    provider.destroy();
    doc.destroy();
    await expect.poll(async () => (await devices()).find((d) => d.jti === jtiOf(clerk))?.connected).toBeUndefined();
    await expect.poll(async () => (await devices()).find((d) => d.jti === jtiOf(clerk))?.lastSeen?.fid).toBe('demo');
    const seen = (await devices()).find((d) => d.jti === jtiOf(clerk))!.lastSeen!;
    expect(Date.parse(seen.at)).toBeGreaterThanOrEqual(before - 1_000);
  });
});
