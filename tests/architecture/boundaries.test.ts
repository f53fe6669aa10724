// The import rules the architecture relies on, checked on the sources:
// - Solid components (.tsx) never touch Yjs: client/device/ turns the document into stores.
// - The website's pages load no Yjs and no sync code (customers never see the document).
// - Only sync-server/transport.ts imports ws and node:http.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const YJS_IMPORT = /from\s+['"](yjs|y-[\w-]+|lib0[^'"]*)['"]/;
const TRANSPORT_IMPORT = /from\s+['"](ws|node:http|http|node:https)['"]/;

function files(dir: string, ext: RegExp): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? files(join(dir, entry.name), ext) : ext.test(entry.name) ? [join(dir, entry.name)] : [],
  );
}
const name = (file: string) => relative(ROOT, file);
const read = (file: string) => readFileSync(file, 'utf8');

describe('architecture boundaries', () => {
  const components = files(join(ROOT, 'client'), /\.tsx$/);
  const website = files(join(ROOT, 'client', 'order'), /\.tsx?$/);
  const server = files(join(ROOT, 'sync-server'), /\.(ts|mjs)$/);

  it('finds the sources it checks', () => {
    expect(components.length).toBeGreaterThan(10);
    expect(website.length).toBeGreaterThan(3);
    expect(server.length).toBeGreaterThan(20);
  });

  it.each(components.map((f) => [name(f), f]))('%s does not import Yjs', (_n, file) => {
    expect(read(file)).not.toMatch(YJS_IMPORT);
  });

  it.each(website.map((f) => [name(f), f]))('%s (website) imports nothing of the devices', (_n, file) => {
    expect(read(file)).not.toMatch(YJS_IMPORT);
    expect(read(file)).not.toMatch(/from\s+['"][./]*\/(device|device-ui|clerk|manager)\//);
  });

  it('only sync-server/transport.ts imports ws and node:http', () => {
    expect(server.filter((f) => TRANSPORT_IMPORT.test(read(f))).map(name)).toEqual(['sync-server/transport.ts']);
  });

  it('the patterns catch a violation', () => {
    expect("import * as Y from 'yjs';").toMatch(YJS_IMPORT);
    expect("import { WebsocketProvider } from 'y-websocket';").toMatch(YJS_IMPORT);
    expect("import { WebSocketServer } from 'ws';").toMatch(TRANSPORT_IMPORT);
    expect("import type { Fdoc } from '../device/fundraiser-doc';").toMatch(/from\s+['"][./]*\/(device|device-ui|clerk|manager)\//);
  });
});
