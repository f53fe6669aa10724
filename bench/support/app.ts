// The product on port 0 over a temp DATA_DIR (no rate limit), in this process, as the
// tests start it; plus a fundraiser's stored doc written straight into its DocStore.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Actor } from '../../domain';
import { createApp } from '../../sync-server/app';
import type { App, AppConfig } from '../../sync-server/app';

export const DEMO_PASSWORD = 'bench-demo-password';

export interface BenchApp {
  app: App;
  url: string;
  dir: string;
  token(actor: Pick<Actor, 'role' | 'userId'>): string;
  close(): Promise<void>;
}

export async function startApp(extra: Partial<AppConfig> = {}): Promise<BenchApp> {
  const dir = mkdtempSync(join(tmpdir(), 'fo-bench-'));
  const app = await createApp({
    port: 0, host: '127.0.0.1', dataDir: dir, demoPassword: DEMO_PASSWORD, orderRateLimit: 0, log: () => {}, ...extra,
  });
  return {
    app, url: app.url.replace(/\/$/, ''), dir,
    token: (actor) => app.server.tokens.issue({ sub: actor.userId, role: actor.role as 'manager' | 'clerk' }).token,
    close: async () => {
      await app.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
