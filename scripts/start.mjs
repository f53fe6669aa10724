// `npm start`: build the apps, then run the server (TypeScript through tsx, no build step).
// Signals reach the server directly, so SIGTERM/SIGINT flush and exit cleanly.
import { spawn, spawnSync } from 'node:child_process';

if (process.env.SKIP_BUILD !== '1') {
  const build = spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
const server = spawn(process.execPath, ['--import', 'tsx', 'sync-server/main.ts'], { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
