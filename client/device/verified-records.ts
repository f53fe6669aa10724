// Which stored records' bytes this device has already seen decode, so that the damaged-record
// check (damaged-records.ts) decodes each record's bytes once, not on every open: their SHA-256,
// kept in y-indexeddb's `custom` store. Y.decodeUpdate is a function of the bytes and of the
// Yjs and lib0 code (named in the record), so bytes whose hash is listed decode as they did. A
// record changed in place, a new record, or another Yjs or lib0 has no listed hash and is
// decoded again; so is everything where WebCrypto is missing (not a secure context) or the
// list does not parse. Each hash is a fact about bytes, not about the store, so a list written
// while another tab changes the store stays true.
//
// The stored list is checked by hand, not with zod: this file runs in the damaged-record worker,
// and zod doubled that worker's script (73 → 157 KB) and its start (≈35 → ≈60 ms per open).
// Anything but the exact shape is no list (nothing skipped).
import { version as lib0Version } from 'lib0/package.json';
import { version as yjsVersion } from 'yjs/package.json';

export const VERIFIED_KEY = 'verified-records';
const DECODER = `yjs@${yjsVersion} lib0@${lib0Version}`;
const SHA256_HEX = /^[0-9a-f]{64}$/;

export interface VerifiedList { decoder: string; sha256: string[] }

/** The hashes a stored list holds, if it is well formed and this decoder wrote it; none otherwise. */
export function verifiedHashes(stored: unknown): Set<string> {
  if (typeof stored !== 'object' || stored === null) return new Set();
  const { decoder, sha256 } = stored as Partial<Record<keyof VerifiedList, unknown>>;
  if (decoder !== DECODER || !Array.isArray(sha256)) return new Set();
  return sha256.every((hash) => typeof hash === 'string' && SHA256_HEX.test(hash)) ? new Set(sha256 as string[]) : new Set();
}

/** The value to store for records with these hashes, all of which decoded. */
export function verifiedList(hashes: Iterable<string>): VerifiedList {
  return { decoder: DECODER, sha256: [...new Set(hashes)] };
}

/** SHA-256 of each value, as hex; undefined without WebCrypto (then every record is decoded). */
export async function sha256Of(values: Uint8Array<ArrayBuffer>[]): Promise<string[] | undefined> {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) return undefined;
  return Promise.all(values.map(async (value) => hex(new Uint8Array(await subtle.digest('SHA-256', value)))));
}

function hex(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += byte.toString(16).padStart(2, '0');
  return text;
}
