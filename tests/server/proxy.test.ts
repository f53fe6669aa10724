// Behind a reverse proxy every client arrives from the proxy's address. A trusted proxy's
// X-Forwarded-For names the client, so per-address limits count clients, not the proxy;
// from anyone else the header is ignored (a client cannot pick its own address).
import { afterEach, describe, expect, it } from 'vitest';
import { api, startApp, type TestApp } from '../support/app';

let app: TestApp | undefined;
afterEach(() => app?.close());

const order = { customer: { name: 'Anna' }, lines: [{ itemId: 'spaghetti', quantity: 1 }] };
const from = (client: string) => ({ 'x-forwarded-for': `203.0.113.9, ${client}` });
const place = (client: string) => api(app!, 'POST', '/api/fundraisers/demo/orders', order, from(client)).then((r) => r.status);

describe('reverse proxy', () => {
  it('counts the website rate limit per forwarded client when the proxy is trusted', async () => {
    app = await startApp({ orderRateLimit: 1, syncOptions: { trustedProxies: ['127.0.0.1', '::ffff:127.0.0.1'] } });
    expect([await place('198.51.100.1'), await place('198.51.100.2'), await place('198.51.100.1')]).toEqual([201, 201, 429]);
  });

  it('ignores X-Forwarded-For from a peer that is not a trusted proxy', async () => {
    app = await startApp({ orderRateLimit: 1 });
    expect([await place('198.51.100.1'), await place('198.51.100.2')]).toEqual([201, 429]);
  });
});
