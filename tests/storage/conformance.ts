// One contract, every backend: each StorageAdapter implementation runs exactly these tests
// (in the spirit of automerge-repo's runStorageAdapterTests). A behaviour the layers above
// rely on belongs here, not in a backend-specific test.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seqKey, type StorageAdapter, type StorageKey } from '../../sync-server/storage/adapter.js';

export interface AdapterFixture {
  adapter: StorageAdapter;
  /** Closes the adapter (close is idempotent) and removes whatever setup created. */
  teardown: () => Promise<void>;
}

export interface ConformanceOptions<F extends AdapterFixture> {
  /** For persistent backends: a fresh adapter over the same storage as `fixture`, opened
   *  after fixture.adapter was closed. Without it the persistence case is not registered. */
  reopen?: (fixture: F) => Promise<StorageAdapter>;
}

const bytes = (...values: number[]) => new Uint8Array(values);
const text = (s: string) => new TextEncoder().encode(s);
const keysOf = (rows: { key: string[] }[]) => rows.map((r) => r.key);

/** Deterministic, non-repeating-ish content, so a truncation or offset bug can't hide. */
function pattern(length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = 0, x = 2463534242; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

/** Deep toEqual walks a 1 MB array element by element (seconds); compare as buffers instead. */
function expectSameBytes(got: Uint8Array | undefined, want: Uint8Array): void {
  expect(got).toBeInstanceOf(Uint8Array);
  expect(got!.length).toBe(want.length);
  expect(Buffer.compare(got!, want)).toBe(0);
}

const INVALID_KEYS: [string, StorageKey][] = [
  ['empty key', []],
  ['empty part', ['a', '']],
  ['NUL in part', ['a', 'b\u0000c']],
  ['separator in part', ['a\u0001b']],
  ['lone surrogate', ['a', '\ud800']],
  ['non-string part', ['a', 7 as unknown as string]],
];

export function runStorageAdapterTests<F extends AdapterFixture>(
  name: string,
  setup: () => Promise<F>,
  opts: ConformanceOptions<F> = {},
): void {
  describe(`StorageAdapter conformance: ${name}`, () => {
    let fx: F;
    let a: StorageAdapter;
    beforeEach(async () => {
      fx = await setup();
      a = fx.adapter;
    });
    afterEach(async () => {
      await fx.teardown();
    });

    describe('load / save / remove', () => {
      it('load of a missing key is undefined', async () => {
        expect(await a.load(['nothing', 'here'])).toBeUndefined();
      });

      it('round-trips binary data, including every byte value', async () => {
        const all = new Uint8Array(256).map((_, i) => i);
        await a.save(['bin'], all);
        expect(await a.load(['bin'])).toEqual(all);
      });

      it('round-trips an empty array (distinct from missing)', async () => {
        await a.save(['empty'], new Uint8Array());
        const got = await a.load(['empty']);
        expect(got).toBeInstanceOf(Uint8Array);
        expect(got).toHaveLength(0);
      });

      it('round-trips 1 MB', async () => {
        const big = pattern(1024 * 1024);
        await a.save(['big'], big);
        expectSameBytes(await a.load(['big']), big);
      });

      it('stores the bytes of a subarray view, not its whole buffer', async () => {
        const view = bytes(9, 1, 2, 3, 9).subarray(1, 4);
        await a.save(['view'], view);
        expect(await a.load(['view'])).toEqual(bytes(1, 2, 3));
      });

      it('keeps its own copy: mutating the saved array later changes nothing', async () => {
        const data = bytes(1, 2, 3);
        await a.save(['copy'], data);
        data[0] = 99;
        expect(await a.load(['copy'])).toEqual(bytes(1, 2, 3));
      });

      it('overwrites', async () => {
        await a.save(['k'], bytes(1));
        await a.save(['k'], bytes(2, 2));
        expect(await a.load(['k'])).toEqual(bytes(2, 2));
      });

      it('removes, and removing a missing key is fine', async () => {
        await a.save(['k'], bytes(1));
        await a.remove(['k']);
        expect(await a.load(['k'])).toBeUndefined();
        await expect(a.remove(['k'])).resolves.toBeUndefined();
      });

      it('treats keys as exact: a prefix or extension is a different key', async () => {
        await a.save(['a', 'b'], bytes(1));
        expect(await a.load(['a'])).toBeUndefined();
        expect(await a.load(['a', 'b', 'c'])).toBeUndefined();
      });

      it('lands every one of many concurrent saves', async () => {
        const n = 200;
        await Promise.all(Array.from({ length: n }, (_, i) => a.save(['c', seqKey(i)], text(`v${i}`))));
        const rows = await a.loadRange(['c']);
        expect(rows).toHaveLength(n);
        rows.forEach((row, i) => expect(row).toEqual({ key: ['c', seqKey(i)], data: text(`v${i}`) }));
      });
    });

    describe('loadRange / removeRange', () => {
      it('returns the prefix itself and everything below it, but not string-prefix siblings', async () => {
        for (const key of [['a'], ['a', 'b'], ['a', 'b', 'x'], ['a', 'b', 'x', 'y'], ['a', 'bc'], ['ab'], ['b']]) {
          await a.save(key, text(key.join('/')));
        }
        const rows = await a.loadRange(['a', 'b']);
        expect(keysOf(rows)).toEqual([['a', 'b'], ['a', 'b', 'x'], ['a', 'b', 'x', 'y']]);
        expect(rows[1]!.data).toEqual(text('a/b/x'));
      });

      it('is empty for a prefix with nothing under it', async () => {
        await a.save(['a', 'bc'], bytes(1));
        expect(await a.loadRange(['a', 'b'])).toEqual([]);
      });

      it('sorts element-wise, not by the joined string', async () => {
        // '!' (0x21) sorts below '/' — a naive 'a/b' join would put ['a','b!'] first.
        for (const key of [['a', 'b!'], ['a', 'b', 'x'], ['a', 'b'], ['a', 'a', 'z']]) await a.save(key, bytes(0));
        expect(keysOf(await a.loadRange(['a']))).toEqual([['a', 'a', 'z'], ['a', 'b'], ['a', 'b', 'x'], ['a', 'b!']]);
      });

      it('sorts zero-padded sequence parts numerically', async () => {
        for (const n of [10, 2, 100, 1, 9]) await a.save(['s', seqKey(n)], bytes(n));
        const rows = await a.loadRange(['s']);
        expect(rows.map((r) => r.data[0])).toEqual([1, 2, 9, 10, 100]);
      });

      it('sorts by Unicode code point (UTF-8 byte order), including beyond the BMP', async () => {
        for (const part of ['😀', '\uffee', 'é', 'Z', 'a']) await a.save(['u', part], bytes(0));
        expect(keysOf(await a.loadRange(['u'])).map((k) => k[1])).toEqual(['Z', 'a', 'é', '\uffee', '😀']);
      });

      it('lastKeyUnder names the key loadRange lists last, in the same order, without siblings', async () => {
        expect(await a.lastKeyUnder(['a'])).toBeUndefined();
        for (const key of [['a', 'b!'], ['a', 'b', 'x'], ['a', 'b'], ['a', 'a', 'z'], ['ab']]) await a.save(key, bytes(0));
        expect(await a.lastKeyUnder(['a'])).toEqual(['a', 'b!']);
        expect(await a.lastKeyUnder(['a', 'b'])).toEqual(['a', 'b', 'x']);
        for (const n of [10, 2, 100, 9]) await a.save(['s', seqKey(n)], bytes(n));
        expect(await a.lastKeyUnder(['s'])).toEqual(['s', seqKey(100)]);
        await a.remove(['s', seqKey(100)]);
        expect(await a.lastKeyUnder(['s'])).toEqual(['s', seqKey(10)]);
        await a.save(['c'], bytes(1));
        expect(await a.lastKeyUnder(['c'])).toEqual(['c']);
        await expect(a.lastKeyUnder([''])).rejects.toThrow(/key/);
      });

      it('removeRange removes the prefix and below, and nothing else', async () => {
        for (const key of [['a'], ['a', 'b'], ['a', 'b', 'x'], ['a', 'bc'], ['b']]) await a.save(key, bytes(1));
        await a.removeRange(['a', 'b']);
        expect(keysOf(await a.loadRange(['a']))).toEqual([['a'], ['a', 'bc']]);
        expect(await a.load(['b'])).toEqual(bytes(1));
      });
    });

    describe('saveBatch', () => {
      it('applies saves and removes, in order (a later op on a key wins)', async () => {
        await a.save(['old'], bytes(1));
        await a.saveBatch([
          { op: 'save', key: ['x'], data: bytes(1) },
          { op: 'remove', key: ['old'] },
          { op: 'save', key: ['y'], data: bytes(1) },
          { op: 'remove', key: ['y'] },
          { op: 'save', key: ['x'], data: bytes(2) },
        ]);
        expect(await a.load(['x'])).toEqual(bytes(2));
        expect(await a.load(['old'])).toBeUndefined();
        expect(await a.load(['y'])).toBeUndefined();
      });

      it('accepts an empty batch', async () => {
        await expect(a.saveBatch([])).resolves.toBeUndefined();
      });

      it('is all or nothing: an invalid key anywhere rejects and writes nothing', async () => {
        await a.save(['keep'], bytes(7));
        const batch = a.saveBatch([
          { op: 'save', key: ['new'], data: bytes(1) },
          { op: 'remove', key: ['keep'] },
          { op: 'save', key: ['bad', ''], data: bytes(1) },
        ]);
        await expect(batch).rejects.toThrow(/key/);
        expect(await a.load(['new'])).toBeUndefined();
        expect(await a.load(['keep'])).toEqual(bytes(7));
      });
    });

    describe('invalid keys', () => {
      it.each(INVALID_KEYS)('rejects %s in every operation', async (_label, key) => {
        await expect(a.load(key)).rejects.toThrow(/key/);
        await expect(a.save(key, bytes(1))).rejects.toThrow(/key/);
        await expect(a.remove(key)).rejects.toThrow(/key/);
        await expect(a.loadRange(key)).rejects.toThrow(/key/);
        await expect(a.removeRange(key)).rejects.toThrow(/key/);
      });

      it('accepts parts with other control characters, spaces and non-ASCII', async () => {
        const key = ['\u0002', ' x ', 'ü😀', '\t'];
        await a.save(key, bytes(1));
        expect(keysOf(await a.loadRange(['\u0002']))).toEqual([key]);
      });
    });

    describe('close', () => {
      it('is idempotent, and other calls reject afterwards', async () => {
        await a.close();
        await expect(a.close()).resolves.toBeUndefined();
        await expect(a.load(['k'])).rejects.toThrow(/closed/);
        await expect(a.save(['k'], bytes(1))).rejects.toThrow(/closed/);
      });
    });

    const reopen = opts.reopen;
    if (reopen) {
      it('persists across close and reopen', async () => {
        await a.save(['p', 'one'], bytes(1));
        await a.save(['p', 'gone'], bytes(0));
        await a.saveBatch([
          { op: 'save', key: ['p', 'two'], data: pattern(4096) },
          { op: 'remove', key: ['p', 'gone'] },
        ]);
        await a.close();
        const again = await reopen(fx);
        try {
          const rows = await again.loadRange(['p']);
          expect(keysOf(rows)).toEqual([['p', 'one'], ['p', 'two']]);
          expect(rows[0]!.data).toEqual(bytes(1));
          expectSameBytes(rows[1]!.data, pattern(4096));
        } finally {
          await again.close();
        }
      });
    }
  });
}
