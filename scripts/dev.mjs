// `npm run dev`: the server (restarted by tsx on change) and Vite with hot reload, which
// proxies /api and /sync to it. Open the URL Vite prints.
import { spawn } from 'node:child_process';

const children = [
  spawn(process.execPath, ['--import', 'tsx', '--watch', 'sync-server/main.ts'], { stdio: 'inherit', env: { ...process.env, SERVE_DIST: '0' } }),
  spawn(process.execPath, ['node_modules/vite/bin/vite.js'], { stdio: 'inherit' }),
];
const stop = (signal) => children.forEach((child) => child.kill(signal));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => stop(signal));
for (const child of children) child.on('exit', (code) => { stop('SIGTERM'); process.exit(code ?? 0); });
