// The environment is a boundary too: a typo in PORT should stop the start with a clear
// message, not serve on NaN.
import { resolve } from 'node:path';
import { z } from 'zod';
import type { AppConfig } from './app';
import { currencyFromCode } from './currency-config';
import type { Currency } from './shared/currency';
import { environmentTimeZone, knownTimeZone } from './shared/time-zone';

const millis = z.coerce.number().int().min(1).max(3_600_000);

const Env = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(8080),
  HOST: z.string().trim().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().trim().min(1).default('./data'),
  DEMO_PASSWORD: z.string().min(1).default('demo'),
  ORDER_RATE_LIMIT: z.coerce.number().int().min(0).default(30),
  ALLOWED_ORIGINS: z.string().default('').transform((list) => list.split(',').map((o) => o.trim()).filter(Boolean)),
  SERVE_DIST: z.enum(['0', '1']).default('1'),
  CURRENCY: z.string().default('EUR').transform((code, ctx): Currency => {
    const currency = currencyFromCode(code);
    if (!currency) ctx.addIssue({ code: 'custom', message: `"${code}" is not a currency with cents; give its ISO 4217 code, e.g. EUR, GBP, USD, CHF` });
    return currency ?? { code, symbol: code };
  }),
  // Unset: the server's own zone (TZ), read when the configuration is, so a test may set TZ.
  TIME_ZONE: z.string().optional().transform((name, ctx): string => {
    if (name === undefined) return environmentTimeZone();
    const zone = knownTimeZone(name);
    if (!zone) ctx.addIssue({ code: 'custom', message: `"${name}" is not a time zone this server knows; give an IANA name, e.g. Europe/Brussels, America/New_York, UTC` });
    return zone ?? name;
  }),
  TRUSTED_PROXIES: z.string().default('').transform((list) => list.split(',').map((a) => a.trim()).filter(Boolean)),
  DATABASE_URL: z.string().trim().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL').optional(),
  // How long to wait for PostgreSQL (defaults and why: storage/postgres-timeouts.ts).
  DATABASE_STATEMENT_TIMEOUT_MS: millis.optional(),
  DATABASE_LOCK_WAIT_MS: millis.optional(),
  DATABASE_CONNECT_TIMEOUT_MS: millis.optional(),
  DATABASE_LISTEN_CHECK_MS: millis.optional(),
});

export type ConfigResult = { ok: true; config: AppConfig } | { ok: false; message: string };

export function configFromEnv(env: Record<string, string | undefined>): ConfigResult {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = Env.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    return { ok: false, message: `invalid configuration:\n${lines.join('\n')}` };
  }
  const e = parsed.data;
  return {
    ok: true,
    config: {
      port: e.PORT, host: e.HOST, dataDir: resolve(e.DATA_DIR), demoPassword: e.DEMO_PASSWORD, orderRateLimit: e.ORDER_RATE_LIMIT, currency: e.CURRENCY, timeZone: e.TIME_ZONE,
      ...(e.SERVE_DIST === '1' ? { distDir: resolve('dist') } : {}),
      ...(e.DATABASE_URL ? { databaseUrl: e.DATABASE_URL } : {}),
      ...databaseTimeouts(e),
      ...syncOptions(e.ALLOWED_ORIGINS, e.TRUSTED_PROXIES),
    },
  };
}

function databaseTimeouts(e: z.infer<typeof Env>): Pick<AppConfig, 'databaseTimeouts'> {
  const given = {
    statementTimeoutMs: e.DATABASE_STATEMENT_TIMEOUT_MS, lockWaitMs: e.DATABASE_LOCK_WAIT_MS,
    connectTimeoutMs: e.DATABASE_CONNECT_TIMEOUT_MS, listenCheckMs: e.DATABASE_LISTEN_CHECK_MS,
  };
  const set = Object.fromEntries(Object.entries(given).filter(([, ms]) => ms !== undefined));
  return Object.keys(set).length > 0 ? { databaseTimeouts: set } : {};
}

function syncOptions(allowedOrigins: string[], trustedProxies: string[]): Pick<AppConfig, 'syncOptions'> {
  if (allowedOrigins.length === 0 && trustedProxies.length === 0) return {};
  return {
    syncOptions: {
      ...(allowedOrigins.length > 0 ? { allowedOrigins } : {}),
      ...(trustedProxies.length > 0 ? { trustedProxies } : {}),
    },
  };
}
