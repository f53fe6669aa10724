// Resource abuse is capped: slow headers and slow bodies are cut, idle sockets from one
// address cannot pile up, one address cannot load fundraisers without end, and an awareness
// flood claims at most one presence entry and is then rate limited. (Whether memory returns
// to its baseline afterwards is measured by `npm run soak`, not here.)
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Limits } from '../../sync-server/shared/protocol';
import { awarenessFrame, CLERK, rawSync, startServer, withTimeout, type TestServer } from '../server/helpers';

let cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const fn of cleanup.reverse()) await fn();
  cleanup = [];
});

async function start(limits: Partial<Limits>): Promise<TestServer> {
  const ts = await startServer({ limits, idleUnloadMs: 60_000 });
  cleanup.push(() => ts.close());
  return ts;
}

function tcp(ts: TestServer): { socket: net.Socket; closed: Promise<void> } {
  const socket = net.connect(ts.server.port, '127.0.0.1');
  socket.on('error', () => {});
  cleanup.push(() => void socket.destroy());
  return { socket, closed: new Promise((resolve) => socket.once('close', () => resolve())) };
}

describe('slow clients', () => {
  it('a request whose headers never finish is cut', async () => {
    const ts = await start({ headersTimeoutMs: 400 });
    const slow = tcp(ts);
    slow.socket.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ');
    await withTimeout(slow.closed, 5_000, 'the server to cut slow headers');
    expect((await fetch(`${ts.server.url}/healthz`)).status).toBe(200);
  });

  it('a request whose body never finishes is cut', async () => {
    const ts = await start({ headersTimeoutMs: 400, requestTimeoutMs: 800 });
    const slow = tcp(ts);
    slow.socket.write('POST /api/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"user');
    await withTimeout(slow.closed, 5_000, 'the server to cut a slow body');
  });

  it('a client that hangs up mid-body is no failure: nothing is logged, and the server serves on', async () => {
    const ts = await start({});
    const gone = tcp(ts);
    // "Expect: 100-continue": the server says "continue" once the request is in its hands, so the
    // hang-up comes while it reads the body (not before it saw the request at all).
    const continued = new Promise((resolve) => gone.socket.once('data', resolve));
    gone.socket.write('POST /api/login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nExpect: 100-continue\r\nContent-Length: 100\r\n\r\n');
    expect(String(await continued)).toMatch(/^HTTP\/1\.1 100 Continue/);
    gone.socket.write('{"user');
    gone.socket.destroy();
    await gone.closed;
    expect((await fetch(`${ts.server.url}/healthz`)).status).toBe(200);
    await ts.close(); // waits for every request in flight, the aborted one's handling included
    expect(ts.logs.filter((line) => line.startsWith('HTTP '))).toEqual([]);
  });
});

describe('idle sockets from one address', () => {
  it('past the cap are cut at once, the rest when their headers time out; then the server serves again', async () => {
    const ts = await start({ maxSocketsPerIp: 20, headersTimeoutMs: 500 });
    const idle = Array.from({ length: 30 }, () => tcp(ts));
    await withTimeout(Promise.all(idle.map((s) => s.closed)), 8_000, 'every idle socket to be cut');
    expect((await fetch(`${ts.server.url}/healthz`)).status).toBe(200);
  });
});

describe('fundraisers requested by one address', () => {
  it('are capped per minute: past it the upgrade is refused with 429 and nothing more is loaded', async () => {
    const ts = await start({ syncOpensPerMinute: 30 });
    const token = ts.token(CLERK);
    const outcomes: string[] = [];
    for (let i = 0; i < 45; i++) {
      const raw = rawSync(ts, token, `fid-${i}`);
      outcomes.push(await raw.opened.then(() => 'open', (err: Error) => err.message));
      raw.ws.terminate();
    }
    expect(outcomes.filter((o) => o === 'open')).toHaveLength(30);
    expect(outcomes.slice(30)).toEqual(Array(15).fill('HTTP 429'));
    expect(ts.server.rooms.loaded().length).toBeLessThanOrEqual(30);
  });
});

describe('an awareness flood', () => {
  it('claims at most one presence entry for the connection, then is rate limited (4529)', async () => {
    const ts = await start({ messageBurst: 40, messagesPerSecond: 1 });
    const raw = rawSync(ts, ts.token(CLERK));
    await raw.opened;
    const many = Array.from({ length: 1_000 }, (_, i) => ({ client: 10_000 + i, clock: 1, state: { name: `ghost ${i}` } }));
    for (let i = 0; i < 60 && raw.ws.readyState === raw.ws.OPEN; i++) raw.send(awarenessFrame(many.map((e) => ({ ...e, clock: i + 1 }))));
    expect((await withTimeout(raw.closed, 5_000, 'rate limit')).code).toBe(4529);
    const states = await ts.server.rooms.use('demo', async (room) => room.awareness.getStates().size);
    expect(states).toBeLessThanOrEqual(1);
  });
});
