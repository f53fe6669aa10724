// Builds the apps once per test run (vite build → dist/), and reuses dist/ while it is newer
// than every source file that goes into it. Test files run in parallel workers, so the build is guarded
// by a lock directory (mkdir is atomic) and the others wait for it.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');
export const DIST = join(ROOT, 'dist');
const STAMP = join(DIST, '.built-at');
const LOCK = join(ROOT, 'node_modules', '.fundraiser-client-build.lock');

export async function ensureBuilt(): Promise<void> {
  for (let waited = 0; !isFresh(); waited += 200) {
    if (tryLock()) {
      try {
        if (!isFresh()) build();
      } finally {
        rmSync(LOCK, { recursive: true, force: true });
      }
      return;
    }
    if (waited > 120_000) throw new Error('waited two minutes for another worker to build the client');
    await new Promise((r) => setTimeout(r, 200));
  }
}

function build(): void {
  // The config leaves the Solid plugin out under vitest (tests compile no JSX): unset VITEST.
  const env = { ...process.env };
  delete env.VITEST;
  delete env.VITEST_WORKER_ID;
  delete env.VITEST_POOL_ID;
  delete env.NODE_ENV;
  const result = spawnSync(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], { cwd: ROOT, env, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`vite build failed:\n${result.stdout}\n${result.stderr}`);
  writeFileSync(STAMP, String(Date.now()));
}

function tryLock(): boolean {
  try {
    mkdirSync(LOCK);
    return true;
  } catch {
    // a lock older than three minutes was left by a killed run
    if (existsSync(LOCK) && Date.now() - statSync(LOCK).mtimeMs > 180_000) rmSync(LOCK, { recursive: true, force: true });
    return false;
  }
}

function isFresh(): boolean {
  if (!existsSync(STAMP)) return false;
  const builtAt = statSync(STAMP).mtimeMs;
  // the bundles also hold domain/ and sync-server/shared/
  const sources = ['client', 'domain', 'sync-server/shared'].map((dir) => newestMtime(join(ROOT, dir)));
  return Math.max(...sources, statSync(join(ROOT, 'vite.config.ts')).mtimeMs) < builtAt;
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}
