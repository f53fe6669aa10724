// `npm start` ends here: configuration from the environment, then serve until a signal.
import { createApp } from './app';
import { configFromEnv } from './config';

const parsed = configFromEnv(process.env);
if (!parsed.ok) {
  console.error(parsed.message);
  process.exit(1);
}
const config = parsed.config;

const app = await createApp(config);
console.log(`Fundraiser Orders is running (data in ${config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : config.dataDir}${app.seeded ? '; seeded the demo fundraiser' : ''}):`);
console.log(`  website  ${app.url}/order/demo`);
// The default password is the README's, so say it; one set in the environment is not echoed.
const password = process.env['DEMO_PASSWORD'] ? 'the one in DEMO_PASSWORD' : `"${config.demoPassword}"`;
console.log(`  manager  ${app.url}/manager   (user manager, password ${password})`);
console.log(`  clerk    ${app.url}/clerk     (user clerk, the same password)`);
// Unset, it is the machine's zone, most often UTC: a treasurer would read every time an hour off.
console.log(`  the CSVs' times are in ${config.timeZone}${process.env['TIME_ZONE'] ? '' : ' (this machine\'s zone: set TIME_ZONE to the club\'s, e.g. Europe/Brussels)'}`);

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
