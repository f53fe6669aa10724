// `npm start` ends here: configuration from the environment, then serve until a signal.
import { resolve } from 'node:path';
import { createApp } from './app';

const config = {
  port: Number(process.env.PORT ?? 8080),
  host: process.env.HOST ?? '127.0.0.1',
  dataDir: resolve(process.env.DATA_DIR ?? './data'),
  demoPassword: process.env.DEMO_PASSWORD ?? 'demo',
  orderRateLimit: Number(process.env.ORDER_RATE_LIMIT ?? 30),
  ...(process.env.SERVE_DIST === '0' ? {} : { distDir: resolve('dist') }),
};

const app = await createApp(config);
console.log(`Fundraiser Orders is running (data in ${config.dataDir}${app.seeded ? '; seeded the demo fundraiser' : ''}):`);
console.log(`  website  ${app.url}/order/demo`);
console.log(`  manager  ${app.url}/manager   (user manager, password from DEMO_PASSWORD)`);
console.log(`  clerk    ${app.url}/clerk     (user clerk)`);

let stopping = false;
async function stop(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: finishing what was accepted, then exiting`);
  await app.close();
  process.exit(0);
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
