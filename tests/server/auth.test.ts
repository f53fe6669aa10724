// Who may open a sync socket (4401/4403), logging in, and the built-in HTTP endpoints.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TokenAuthority } from '../../sync-server/auth';
import {
  addAccount, CLERK, connectDevice, MANAGER, PASSWORD, rawClient, rawSync, SECRET, startServer, synced, withTimeout,
  type TestServer,
} from './helpers';

let ts: TestServer;
beforeAll(async () => {
  ts = await startServer({ limits: { maxHttpBodyBytes: 1024 } });
  await addAccount(ts.server, 'tom', CLERK);
  await addAccount(ts.server, 'mia', MANAGER);
});
afterAll(() => ts.close());

async function closeCode(token: string | undefined, fid?: string): Promise<number> {
  const raw = rawSync(ts, token, fid);
  return (await withTimeout(raw.closed, 5_000, 'close')).code;
}

function post(path: string, body: string): Promise<Response> {
  return fetch(`${ts.server.url}${path}`, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
}

describe('opening a sync socket', () => {
  it('4401 without a token', async () => {
    expect(await closeCode(undefined)).toBe(4401);
  });

  it('4401 for a forged token', async () => {
    const [body] = ts.token(CLERK).split('.');
    const forged = new TokenAuthority('another-secret-another-secret-another').issue({ sub: CLERK.userId, role: 'clerk' }).token;
    expect(await closeCode(`${body}.AAAA`)).toBe(4401);
    expect(await closeCode(forged)).toBe(4401);
    expect(await closeCode('garbage')).toBe(4401);
  });

  it('4401 for an expired token', async () => {
    const yesterday = () => Date.now() - 48 * 3_600_000;
    const expired = new TokenAuthority(SECRET, undefined, yesterday).issue({ sub: CLERK.userId, role: 'clerk' }).token;
    expect(await closeCode(expired)).toBe(4401);
  });

  it('4403 for a role that may not sync', async () => {
    const website = ts.server.tokens.issue({ sub: 'someone', role: 'website' }).token;
    expect(await closeCode(website)).toBe(4403);
  });

  it('4403 for a fundraiser the token does not list', async () => {
    expect(await closeCode(ts.token(CLERK, { fids: ['other'] }))).toBe(4403);
  });

  it('lets a listed fundraiser through', async () => {
    const device = connectDevice(ts, CLERK, { token: ts.token(CLERK, { fids: ['demo'] }) });
    try {
      await synced(device);
    } finally {
      device.destroy();
    }
  });

  it('refuses a browser Origin that is neither this host nor allowed', async () => {
    const token = encodeURIComponent(ts.token(CLERK));
    const evil = rawClient(`${ts.wsUrl}/demo?token=${token}`, { origin: 'https://evil.example' });
    await expect(evil.opened).rejects.toThrow('HTTP 403');
    const own = rawClient(`${ts.wsUrl}/demo?token=${token}`, { origin: ts.server.url });
    await own.opened;
    own.ws.close();
  });
});

describe('POST /api/login', () => {
  it('answers a token that opens sync', async () => {
    const res = await post('/api/login', JSON.stringify({ username: 'tom', password: PASSWORD }));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { token: string; role: string; userId: string; expiresAt: string };
    expect(body).toMatchObject({ role: 'clerk', userId: CLERK.userId });
    const hours = (Date.parse(body.expiresAt) - Date.now()) / 3_600_000;
    expect(hours).toBeGreaterThan(8); // a clerk's lease outlives a shift
    const device = connectDevice(ts, CLERK, { token: body.token });
    try {
      await synced(device);
    } finally {
      device.destroy();
    }
  });

  it('gives a manager a shorter token', async () => {
    const res = await post('/api/login', JSON.stringify({ username: 'mia', password: PASSWORD }));
    const body = (await res.json()) as { role: string; expiresAt: string };
    expect(body.role).toBe('manager');
    expect((Date.parse(body.expiresAt) - Date.now()) / 3_600_000).toBeLessThanOrEqual(12);
  });

  it('401 bad_credentials for a wrong password or an unknown user', async () => {
    for (const body of [{ username: 'tom', password: 'nope' }, { username: 'nobody', password: PASSWORD }]) {
      const res = await post('/api/login', JSON.stringify(body));
      expect(res.status).toBe(401);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('bad_credentials');
    }
  });

  it('400 invalid_request with issues for a body that is not JSON or lacks fields', async () => {
    for (const body of ['{not json', JSON.stringify({ username: 'tom' })]) {
      const res = await post('/api/login', body);
      expect(res.status).toBe(400);
      const error = ((await res.json()) as { error: { code: string; issues: unknown[] } }).error;
      expect(error.code).toBe('invalid_request');
      expect(error.issues.length).toBeGreaterThan(0);
    }
  });

  it('413 too_large above the body limit', async () => {
    const res = await post('/api/login', JSON.stringify({ username: 'tom', password: 'x'.repeat(2_000) }));
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('too_large');
  });
});

describe('other HTTP', () => {
  it('GET /healthz', async () => {
    const res = await fetch(`${ts.server.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
  });

  it('404 not_found as JSON for an unknown path', async () => {
    const res = await fetch(`${ts.server.url}/nope`);
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_found');
  });
});
