import { describe, expect, it } from 'vitest';
import { configFromEnv } from '../../sync-server/config';

describe('configuration from the environment', () => {
  it('uses the contract defaults when nothing is set', () => {
    const result = configFromEnv({});
    expect(result.ok && result.config).toMatchObject({ port: 8080, host: '127.0.0.1', demoPassword: 'demo', orderRateLimit: 30 });
  });

  it('reads every variable, ALLOWED_ORIGINS as a list', () => {
    const result = configFromEnv({ PORT: '0', ORDER_RATE_LIMIT: '0', ALLOWED_ORIGINS: 'https://a.example, https://b.example', SERVE_DIST: '0' });
    expect(result.ok && result.config).toMatchObject({ port: 0, orderRateLimit: 0, syncOptions: { allowedOrigins: ['https://a.example', 'https://b.example'] } });
    expect(result.ok && result.config.distDir).toBeUndefined();
  });

  it('reads DATABASE_URL and TRUSTED_PROXIES (scale-out behind a reverse proxy)', () => {
    const result = configFromEnv({ DATABASE_URL: 'postgres://fo@db.internal/orders', TRUSTED_PROXIES: '10.0.0.5, ::ffff:10.0.0.5' });
    expect(result.ok && result.config).toMatchObject({ databaseUrl: 'postgres://fo@db.internal/orders', syncOptions: { trustedProxies: ['10.0.0.5', '::ffff:10.0.0.5'] } });
    expect(configFromEnv({ DATABASE_URL: 'mysql://x' }).ok).toBe(false);
  });

  it('reads the database timeouts, and leaves unset ones to the adapter’s defaults', () => {
    const result = configFromEnv({ DATABASE_STATEMENT_TIMEOUT_MS: '5000', DATABASE_LOCK_WAIT_MS: '20000' });
    expect(result.ok && result.config.databaseTimeouts).toEqual({ statementTimeoutMs: 5000, lockWaitMs: 20000 });
    expect(configFromEnv({}).ok && (configFromEnv({}) as { config: object }).config).not.toHaveProperty('databaseTimeouts');
    const bad = configFromEnv({ DATABASE_CONNECT_TIMEOUT_MS: '0', DATABASE_LISTEN_CHECK_MS: 'soon' });
    expect(!bad.ok && bad.message).toMatch(/DATABASE_CONNECT_TIMEOUT_MS/);
    expect(!bad.ok && bad.message).toMatch(/DATABASE_LISTEN_CHECK_MS/);
  });

  it('refuses a malformed value with a message naming the variable', () => {
    const result = configFromEnv({ PORT: 'abc', ORDER_RATE_LIMIT: '-1' });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toMatch(/PORT/);
    expect(!result.ok && result.message).toMatch(/ORDER_RATE_LIMIT/);
  });
});
