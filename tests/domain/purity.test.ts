// domain/ stays pure: no I/O, transport, UI, clock or randomness. Time and ids come in as data.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const DOMAIN = join(import.meta.dirname, '..', '..', 'domain');
const FORBIDDEN_IMPORT = /from\s+['"](yjs|y-[\w-]+|ws|solid-js[^'"]*|node:[\w/]+|fs|path|http|crypto|lib0[^'"]*)['"]|import\(\s*['"](?!\.)/;
const FORBIDDEN_GLOBAL = /\b(Date\.now|new Date|Math\.random|performance\.now|crypto\.|window\.|document\.|localStorage|indexedDB|fetch\(|process\.|setTimeout|setInterval)/;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  );
}

describe('domain purity', () => {
  const files = sourceFiles(DOMAIN);

  it('finds the domain sources', () => {
    expect(files.length).toBeGreaterThan(5);
  });

  it.each(files.map((file) => [file.slice(DOMAIN.length + 1), file]))('%s imports only zod and its siblings', (_name, file) => {
    const imports = [...readFileSync(file, 'utf8').matchAll(/from\s+['"]([^'"]+)['"]/g)].map((m) => m[1]);
    expect(imports.filter((spec) => spec !== 'zod' && !spec!.startsWith('./'))).toEqual([]);
    expect(readFileSync(file, 'utf8')).not.toMatch(FORBIDDEN_IMPORT);
  });

  it.each(files.map((file) => [file.slice(DOMAIN.length + 1), file]))('%s reads no clock, randomness or host API', (_name, file) => {
    const code = readFileSync(file, 'utf8').replace(/\/\/.*$/gm, '').replace(/\/\*[\s\S]*?\*\//g, '');
    expect(code).not.toMatch(FORBIDDEN_GLOBAL);
  });

  it('the checks catch a violation', () => {
    expect("import * as Y from 'yjs';").toMatch(FORBIDDEN_IMPORT);
    expect("import { readFile } from 'node:fs/promises';").toMatch(FORBIDDEN_IMPORT);
    expect('const t = Date.now();').toMatch(FORBIDDEN_GLOBAL);
    expect('const r = Math.random();').toMatch(FORBIDDEN_GLOBAL);
    expect('document.title = "x"').toMatch(FORBIDDEN_GLOBAL);
  });
});
