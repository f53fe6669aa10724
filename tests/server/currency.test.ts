// The club's currency (CURRENCY): checked at start, named in every served page (where the
// apps read it) and in the website's catalog. Amounts stay cents; only the sign changes.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { configFromEnv } from '../../sync-server/config';
import { currencyFromCode } from '../../sync-server/currency-config';
import { currencyMetaTag } from '../../sync-server/page-head';
import { api, startApp, type TestApp } from '../support/app';

describe('CURRENCY', () => {
  it('names a currency with cents by its ISO code, in any case', () => {
    expect(currencyFromCode('gbp')).toEqual({ code: 'GBP', symbol: '£' });
    expect(currencyFromCode(' CHF ')).toEqual({ code: 'CHF', symbol: 'CHF' });
    expect(currencyFromCode('EUR')).toEqual({ code: 'EUR', symbol: '€' });
  });

  it('refuses a code no one knows, and one without cents (amounts are stored in cents)', () => {
    expect(currencyFromCode('XYZ')).toBeUndefined();
    expect(currencyFromCode('JPY')).toBeUndefined();
    expect(currencyFromCode('euro')).toBeUndefined();
  });

  it('is EUR when unset; a bad one stops the start with a message naming the variable', () => {
    expect(configFromEnv({}).ok && (configFromEnv({}) as { config: { currency: unknown } }).config.currency).toEqual({ code: 'EUR', symbol: '€' });
    const bad = configFromEnv({ CURRENCY: 'JPY' });
    expect(!bad.ok && bad.message).toMatch(/CURRENCY: "JPY" is not a currency with cents/);
  });

  it('escapes what it writes into a page', () => {
    expect(currencyMetaTag({ code: 'ABC', symbol: '"<&' }, 'm')).toBe('<meta name="m" content="ABC" data-symbol="&quot;&lt;&amp;">');
  });
});

describe('a server counting in pounds', () => {
  const apps: TestApp[] = [];
  afterAll(() => Promise.all(apps.map((app) => app.close())));

  it('names GBP in the catalog, and in the head of every page it serves', async () => {
    const distDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fo-dist-'));
    for (const page of ['order', 'manager', 'clerk']) fs.writeFileSync(path.join(distDir, `${page}.html`), `<html><head><title>${page}</title></head><body></body></html>`);
    const test = await startApp({ currency: { code: 'GBP', symbol: '£' }, distDir });
    apps.push(test);
    expect((await api(test, 'GET', '/api/fundraisers/demo')).body).toMatchObject({ id: 'demo', currency: 'GBP' });
    for (const page of ['/order/demo', '/manager', '/clerk']) {
      const { body } = await api(test, 'GET', page);
      expect(body).toMatch(/<head>.*<meta name="fundraiser-currency" content="GBP" data-symbol="£">.*<\/head>/);
    }
  });

  it('is EUR in the catalog when none is configured', async () => {
    const test = await startApp();
    apps.push(test);
    expect((await api(test, 'GET', '/api/fundraisers/demo')).body.currency).toBe('EUR');
  });
});
