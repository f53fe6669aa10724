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

  it('refuses a malformed value with a message naming the variable', () => {
    const result = configFromEnv({ PORT: 'abc', ORDER_RATE_LIMIT: '-1' });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toMatch(/PORT/);
    expect(!result.ok && result.message).toMatch(/ORDER_RATE_LIMIT/);
  });
});
