// The apps' link watchdog (client/device/link-watchdog.ts) on a stock y-websocket provider in
// Node: a link frozen without a close (tests/support/freezable-proxy.ts, as dead wifi) is
// dropped once silent for 2.5 heartbeat intervals and comes back when the link does; a server
// that sends no heartbeats (@y/websocket-server, as an older server) is never judged by them.
import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { timingFor, watchLink } from '../../client/device/link-watchdog';
import { HEARTBEAT_SILENCE_INTERVALS } from '../../sync-server/shared/protocol';
import { startFreezableProxy, type FreezableProxy } from '../support/freezable-proxy';
import { CLERK, FID, startServer, withTimeout, type TestServer } from '../server/helpers';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function provider(url: string, token?: string): WebsocketProvider {
  const doc = new Y.Doc();
  const p = new WebsocketProvider(url, FID, doc, {
    ...(token ? { params: { token } } : {}),
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  });
  cleanups.push(() => (p.destroy(), doc.destroy()));
  return p;
}

const nextSync = (p: WebsocketProvider, ms: number) => withTimeout(new Promise<void>((resolve) => {
  const listener = (synced: boolean) => synced && (p.off('sync', listener), resolve());
  p.on('sync', listener);
}), ms, 'sync');

const nextClose = (p: WebsocketProvider, ms: number) => withTimeout(new Promise<{ code: number | undefined; at: number }>((resolve) => {
  p.once('connection-close', (event: CloseEvent | null) => resolve({ code: event?.code, at: performance.now() }));
}), ms, 'the connection dropped');

async function heartbeatServer(intervalMs: number): Promise<{ ts: TestServer; proxy: FreezableProxy }> {
  const ts = await startServer({ heartbeatIntervalMs: intervalMs });
  const proxy = await startFreezableProxy(ts.server.url);
  cleanups.push(() => ts.close(), () => proxy.close());
  return { ts, proxy };
}

/** A y-websocket server of the stock kind, which sends no heartbeats. */
async function stockServer(): Promise<string> {
  const { setupWSConnection } = (await import('@y/websocket-server/utils')) as { setupWSConnection: (conn: unknown, req: unknown) => void };
  const server = http.createServer((_req, res) => res.end('ok'));
  const wss = new WebSocketServer({ server });
  wss.on('connection', (conn, req) => setupWSConnection(conn, req));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise<void>((resolve) => {
    for (const client of wss.clients) client.terminate();
    server.close(() => resolve());
  }));
  return `ws://127.0.0.1:${(server.address() as { port: number }).port}`;
}

describe('the link watchdog', () => {
  it('drops a link frozen without a close after 2.5 heartbeat intervals of silence, and is back once it thaws', async () => {
    const intervalMs = 200;
    const { ts, proxy } = await heartbeatServer(intervalMs);
    const p = provider(proxy.via(ts.wsUrl), ts.token(CLERK));
    const stop = watchLink(p, timingFor(intervalMs));
    cleanups.push(stop);
    await nextSync(p, 10_000);
    const statuses: string[] = [];
    p.on('status', ({ status }: { status: string }) => statuses.push(status));

    const frozenAt = performance.now();
    proxy.freeze();
    const closed = await nextClose(p, 5_000); // y-websocket's own watchdog would wait 30 s
    expect(closed.code).toBe(1006);
    expect(closed.at - frozenAt).toBeGreaterThan(HEARTBEAT_SILENCE_INTERVALS * intervalMs - 1.2 * intervalMs); // the last heartbeat may have come just before
    expect(statuses[0]).toBe('disconnected');

    const back = nextSync(p, 10_000);
    proxy.thaw();
    await back;
    expect(p.wsconnected).toBe(true);
  });

  it('leaves a quiet connection to a server that sends no heartbeats alone', async () => {
    const intervalMs = 100; // silence allowed: 250 ms
    const p = provider(await stockServer());
    cleanups.push(watchLink(p, timingFor(intervalMs)));
    await nextSync(p, 10_000);
    const dropped = nextClose(p, 12 * HEARTBEAT_SILENCE_INTERVALS * intervalMs).then(() => 'dropped', () => 'kept');
    expect(await dropped).toBe('kept'); // twelve silences long, no message came and none was expected
    expect(p.wsconnected).toBe(true);
  });
});
