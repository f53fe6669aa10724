// A server in its own process, so its CPU can be read alone (process.cpuUsage counts every
// thread, the staging worker included): `app` is this product, `stock` is the stock Yjs
// server (@y/websocket-server's setupWSConnection on node:http, in memory). The parent talks
// over IPC: it receives { url, tokens } once listening, then asks for 'cpu' or 'stop'.
import http from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

type Ask = { type: 'cpu' } | { type: 'stop' };
const send = (message: unknown) => process.send!(message);

async function startApp(): Promise<() => Promise<void>> {
  const { createApp } = await import('../../sync-server/app');
  const dir = mkdtempSync(join(tmpdir(), 'fo-bench-child-'));
  const app = await createApp({
    port: 0, host: '127.0.0.1', dataDir: dir, demoPassword: 'bench', orderRateLimit: 0, log: () => {},
    // The bench opens hundreds of sockets from one address and writes faster than one device may.
    syncOptions: { limits: { maxConnectionsPerIp: 10_000, messagesPerSecond: 100_000, messageBurst: 100_000 } },
  });
  const token = (role: 'manager' | 'clerk') => app.server.tokens.issue({ sub: role, role }).token;
  send({ type: 'ready', url: app.url.replace(/\/$/, ''), tokens: { manager: token('manager'), clerk: token('clerk') } });
  return async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  };
}

async function startStock(): Promise<() => Promise<void>> {
  const { WebSocketServer } = await import('ws');
  const { setupWSConnection } = (await import('@y/websocket-server/utils')) as { setupWSConnection: (conn: unknown, req: unknown) => void };
  const server = http.createServer((_req, res) => res.end('ok'));
  const wss = new WebSocketServer({ server });
  wss.on('connection', (conn, req) => setupWSConnection(conn, req));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  send({ type: 'ready', url: `http://127.0.0.1:${port}`, tokens: {} });
  return async () => {
    for (const client of wss.clients) client.terminate();
    await new Promise((resolve) => server.close(resolve));
  };
}

const stop = await (process.argv[2] === 'stock' ? startStock() : startApp());
process.on('message', (ask: Ask) => {
  if (ask.type === 'cpu') send({ type: 'cpu', usage: process.cpuUsage() });
  if (ask.type === 'stop') void stop().finally(() => process.exit(0));
});
process.on('disconnect', () => process.exit(0));
