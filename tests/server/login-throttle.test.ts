// Failed logins slow a guesser: per address and name, and per address over all names; a
// success clears the name's count; the window passes. Unit tests take time as data; the last
// test runs against a real server on port 0.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LoginThrottle } from '../../sync-server/login-throttle';
import { PasswordGate } from '../../sync-server/password-gate';
import { api, DEMO_PASSWORD, startApp, type TestApp } from '../support/app';

const limits = { perName: 3, perAddress: 5, windowMs: 60_000, maxKeys: 4 };

describe('LoginThrottle', () => {
  it('lets an address try a name perName times, then asks it to wait out the window', () => {
    const throttle = new LoginThrottle(limits);
    for (let i = 0; i < 3; i++) {
      expect(throttle.waitMs('1.1.1.1', 'anna', 1_000 + i)).toBe(0);
      throttle.failed('1.1.1.1', 'anna', 1_000 + i);
    }
    expect(throttle.waitMs('1.1.1.1', 'anna', 2_000)).toBe(59_000); // the window began at the first failure
    expect(throttle.waitMs('1.1.1.1', 'ANNA', 2_000)).toBe(59_000); // names ignore case, as logins do
    expect(throttle.waitMs('2.2.2.2', 'anna', 2_000)).toBe(0); // elsewhere, anna is not locked out
    expect(throttle.waitMs('1.1.1.1', 'ben', 2_000)).toBe(0);
    expect(throttle.waitMs('1.1.1.1', 'anna', 61_000)).toBe(0); // the window passed
  });

  it('limits an address over all names, and a success clears only that name', () => {
    const throttle = new LoginThrottle(limits);
    for (const name of ['a', 'b', 'c', 'd']) throttle.failed('1.1.1.1', name, 0);
    throttle.failed('1.1.1.1', 'e', 0);
    expect(throttle.waitMs('1.1.1.1', 'zed', 10)).toBe(59_990);
    const other = new LoginThrottle(limits);
    for (let i = 0; i < 3; i++) other.failed('1.1.1.1', 'anna', 0);
    other.succeeded('1.1.1.1', 'anna');
    expect(other.waitMs('1.1.1.1', 'anna', 10)).toBe(0);
  });

  it('counts a try from its start: parallel tries, none answered yet, get perName between them; a success takes its try back', () => {
    const throttle = new LoginThrottle(limits);
    const waits = Array.from({ length: 5 }, () => throttle.attempt('1.1.1.1', 'anna', 0)); // a burst: no check has finished
    expect(waits.map((w) => w > 0)).toEqual([false, false, false, true, true]);
    const fresh = new LoginThrottle(limits);
    for (let i = 0; i < 5; i++) (fresh.attempt('1.1.1.1', `user-${i}`, 0), fresh.succeeded('1.1.1.1', `user-${i}`));
    expect(fresh.waitMs('1.1.1.1', 'someone', 0)).toBe(0); // good logins are no failures of the address
  });

  it('keeps at most maxKeys windows, dropping the oldest', () => {
    const throttle = new LoginThrottle(limits);
    for (let i = 0; i < 3; i++) throttle.failed('1.1.1.1', 'anna', 0);
    for (const ip of ['2.2.2.2', '3.3.3.3']) throttle.failed(ip, 'x', 0); // 4 more keys: anna's go first
    expect(throttle.waitMs('1.1.1.1', 'anna', 10)).toBe(0);
  });
});

describe('PasswordGate', () => {
  it('runs at most `running` checks at once, queues `queued` more in order, and turns away the rest', async () => {
    const gate = new PasswordGate({ running: 1, queued: 1 });
    const order: string[] = [];
    let release!: () => void;
    const first = gate.run(() => new Promise<string>((resolve) => (release = () => resolve('first'))));
    const second = gate.run(async () => (order.push('second ran'), 'second'));
    expect(await gate.run(async () => 'third')).toBeUndefined(); // not run: the queue is full
    expect(order).toEqual([]); // the second waits for the first
    release();
    expect([await first, await second]).toEqual(['first', 'second']);
    expect(await gate.run(async () => 'later')).toBe('later'); // the slot was given back
  });
});

describe('POST /api/login, throttled', () => {
  let test: TestApp;
  beforeAll(async () => { test = await startApp(); });
  afterAll(() => test?.close());
  const login = (username: string, password: string) => api(test, 'POST', '/api/login', { username, password });

  it('answers 429 with Retry-After after ten failures at one name, even to the right password; other names still answer', async () => {
    for (let i = 0; i < 10; i++) expect((await login('manager', `guess-${i}`)).status).toBe(401);
    const refused = await login('Manager', DEMO_PASSWORD);
    expect(refused.status).toBe(429);
    expect(refused.body.error).toMatchObject({ code: 'too_many_attempts', message: expect.stringMatching(/Try again in 15 minutes/) });
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(800);
    expect((await login('clerk', DEMO_PASSWORD)).status).toBe(200);
  });

  it('a burst of parallel guesses at one name gets ten password checks, not one per guess', async () => {
    const statuses = await Promise.all(Array.from({ length: 30 }, (_, i) => login('clerk', `burst-${i}`).then((r) => r.status)));
    expect(statuses.filter((s) => s === 401)).toHaveLength(10);
    expect(statuses.filter((s) => s === 429)).toHaveLength(20);
  });
});
