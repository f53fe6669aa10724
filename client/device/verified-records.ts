// Which stored records' bytes this device has already seen decode, so that the damaged-record
// check (damaged-records.ts) decodes each record's bytes once, not on every open: their SHA-256,
// kept in y-indexeddb's `custom` store. Y.decodeUpdate is a function of the bytes and of the
// Yjs and lib0 code (named in the record), so bytes whose hash is listed decode as they did. A
// record changed in place, a new record, or another Yjs or lib0 has no listed hash and is
// decoded again; so is everything where WebCrypto is missing (not a secure context) or the
// list does not parse. Each hash is a fact about bytes, not about the store, so a list written
// while another tab changes the store stays true.
import { z } from 'zod';
import { version as lib0Version } from 'lib0/package.json';
import { version as yjsVersion } from 'yjs/package.json';

export const VERIFIED_KEY = 'verified-records';
const DECODER = `yjs@${yjsVersion} lib0@${lib0Version}`;
const VerifiedSchema = z.object({ decoder: z.string(), sha256: z.array(z.string().regex(/^[0-9a-f]{64}$/)) });

/** The hashes a stored list holds, if this decoder wrote it; none otherwise. */
export function verifiedHashes(stored: unknown): Set<string> {
  const parsed = VerifiedSchema.safeParse(stored);
  return parsed.success && parsed.data.decoder === DECODER ? new Set(parsed.data.sha256) : new Set();
}

/** The value to store for records with these hashes, all of which decoded. */
export function verifiedList(hashes: Iterable<string>): z.infer<typeof VerifiedSchema> {
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
