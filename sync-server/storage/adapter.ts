// The server's storage boundary: a small bytes-level key/value interface (shaped like
// automerge-repo's StorageAdapter) so that policy (doc-store.ts, records.ts) is written
// once and every backend is held to the same contract by tests/storage/conformance.ts.
//
// Top-level key namespaces in use, so that new ones do not collide:
//   'doc', 'docs', 'quarantine', 'readmodel' → doc-store.ts
//   'acct', 'receipt', 'idem', 'orderseq' → records.ts

export type StorageKey = readonly string[];

export type BatchOp =
  | { op: 'save'; key: StorageKey; data: Uint8Array }
  | { op: 'remove'; key: StorageKey };

export interface StorageAdapter {
  /** The bytes at exactly `key`, or undefined. */
  load(key: StorageKey): Promise<Uint8Array | undefined>;
  /** Resolves only once the write is durable (survives a crash / power loss). */
  save(key: StorageKey, data: Uint8Array): Promise<void>;
  /** Removing a missing key is not an error. */
  remove(key: StorageKey): Promise<void>;
  /** `prefix` itself and every key below it (never a sibling like ['a','bc'] for ['a','b']),
   *  sorted element-wise by Unicode code point (= UTF-8 byte order). */
  loadRange(prefix: StorageKey): Promise<{ key: string[]; data: Uint8Array }[]>;
  /** The key loadRange(prefix) would list last, without reading any data; undefined if none. */
  lastKeyUnder(prefix: StorageKey): Promise<string[] | undefined>;
  removeRange(prefix: StorageKey): Promise<void>;
  /** Applied in order (a later op on the same key wins), atomically: all or nothing,
   *  durable on resolve. Every key is validated before anything is written. */
  saveBatch(ops: readonly BatchOp[]): Promise<void>;
  /** Idempotent. Any other call after close rejects. */
  close(): Promise<void>;
  /** Optional: why this adapter can no longer write, for good (undefined while it can). /healthz
   *  reports it, so that a supervisor restarts the process, which reloads from what is stored. */
  brokenReason?(): string | undefined;
}

export class InvalidKeyError extends Error {
  constructor(key: unknown, why: string) {
    super(`invalid storage key ${safeDescribe(key)}: ${why}`);
    this.name = 'InvalidKeyError';
  }
}

export class AdapterClosedError extends Error {
  constructor(what: string) {
    super(`${what} storage adapter is closed`);
    this.name = 'AdapterClosedError';
  }
}

/**
 * The storage did not answer in time or could not be reached (a stalled or unreachable
 * database). Retryable: nothing the caller was told about changed. A write that failed this
 * way MAY still have committed (the answer was lost, not the write): every write path must be
 * safe to retry (see docs/RELIABILITY.md, "A stalled database").
 */
export class StorageUnavailableError extends Error {
  /** Read by the HTTP transport: answer 503 (retry later), not 500. */
  readonly httpStatus = 503;
  constructor(what: string, cause: unknown) {
    super(`${what} storage is unavailable (${(cause as Error)?.message ?? String(cause)}); retry later`, { cause });
    this.name = 'StorageUnavailableError';
  }
}

/** Joins key parts in a flat string. It sorts below every allowed character, so comparing
 *  joined strings is the same as comparing keys element-wise (['a','b','x'] < ['a','b!']). */
export const KEY_SEP = '\u0001';
/** The character right after KEY_SEP: the exclusive upper bound of a prefix range. */
export const KEY_SEP_END = '\u0002';

// NUL and the separator are reserved; lone surrogates would be silently mangled into
// U+FFFD by UTF-8 backends (two distinct keys collapsing into one).
const FORBIDDEN = /[\u0000\u0001]/;
const LONE_SURROGATE = /\p{Cs}/u;

export function validateKey(key: StorageKey): void {
  if (!Array.isArray(key)) throw new InvalidKeyError(key, 'must be an array of strings');
  if (key.length === 0) throw new InvalidKeyError(key, 'must have at least one part');
  key.forEach((part: unknown, i) => {
    if (typeof part !== 'string') throw new InvalidKeyError(key, `part ${i} is not a string`);
    if (part.length === 0) throw new InvalidKeyError(key, `part ${i} is empty`);
    if (FORBIDDEN.test(part)) throw new InvalidKeyError(key, `part ${i} contains \\u0000 or \\u0001`);
    if (LONE_SURROGATE.test(part)) throw new InvalidKeyError(key, `part ${i} is not well-formed UTF-16`);
  });
}

export function validateOps(ops: readonly BatchOp[]): void {
  if (!Array.isArray(ops)) throw new TypeError('saveBatch expects an array of ops');
  for (const op of ops) {
    if (op.op !== 'save' && op.op !== 'remove') throw new TypeError(`saveBatch: unknown op ${safeDescribe(op)}`);
    validateKey(op.key);
    if (op.op === 'save') validateData(op.data);
  }
}

export function validateData(data: Uint8Array): void {
  if (!(data instanceof Uint8Array)) throw new TypeError('storage data must be a Uint8Array');
}

export function joinKey(key: StorageKey): string {
  validateKey(key);
  return key.join(KEY_SEP);
}

export function splitKey(joined: string): string[] {
  return joined.split(KEY_SEP);
}

/** True when `key` equals `prefix` or lies below it (element-wise, not string-wise). */
export function keyHasPrefix(key: StorageKey, prefix: StorageKey): boolean {
  return prefix.length <= key.length && prefix.every((part, i) => key[i] === part);
}

/** Orders strings by code point, i.e. as SQLite's BINARY collation orders their UTF-8. Plain
 *  `<` compares UTF-16 units, which puts U+10000.. (surrogates D800–DFFF) below U+E000–FFFF. */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return toCodePointRank(x) - toCodePointRank(y);
  }
  return a.length - b.length;
}

function toCodePointRank(unit: number): number {
  if (unit < 0xd800) return unit;
  return unit >= 0xe000 ? unit - 0x800 : unit + 0x2000; // surrogates move above E000–FFFF
}

export function compareKeys(a: StorageKey, b: StorageKey): number {
  return compareCodePoints(a.join(KEY_SEP), b.join(KEY_SEP));
}

const SEQ_WIDTH = 16;

/** Fixed width so that string order equals numeric order ('…0010' sorts after '…0009'). */
export function seqKey(n: number): string {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`seqKey: ${n} is not a non-negative safe integer`);
  return String(n).padStart(SEQ_WIDTH, '0');
}

export function parseSeqKey(part: string): number {
  if (!/^\d{16}$/.test(part)) throw new RangeError(`not a sequence key part: ${JSON.stringify(part)}`);
  return Number(part);
}

/** Runs tasks one after another per key (a promise chain per key), so that read-modify-write
 *  sequences such as "next sequence number" never interleave. A failed task does not
 *  break the chain for the tasks queued behind it. */
export class KeyedQueue {
  private readonly tails = new Map<string, Promise<void>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const prev = this.tails.get(key) ?? Promise.resolve();
    const result = prev.then(task);
    const tail = result.then(noop, noop);
    this.tails.set(key, tail);
    // Drop settled chains so the map does not grow with every key ever seen.
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }
}

function noop(): void {}

function safeDescribe(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** A committed update in some document's log, as announced to every process sharing storage. */
export interface CommittedUpdate {
  doc: string;
  seq: number;
}

/**
 * What several server processes sharing one store (PostgreSQL) need on top of
 * StorageAdapter to stay consistent with each other. Embedded backends have one process
 * and do not implement it; callers use `sharedStorage(adapter)` and skip the extra work.
 */
export interface SharedStorage {
  /**
   * Runs `fn` holding an exclusive lock on `name` across every process; reentrant within `fn`.
   * `detached`: never nest in a lock held by the caller — for work that may outlive the
   * caller's locked section (started, not awaited, inside it), e.g. a compaction.
   */
  withLock<T>(name: string, fn: () => Promise<T>, opts?: { detached?: boolean }): Promise<T>;
  /** For each prefix, the last key strictly below it (loadRange's order), without data. */
  lastKeysBelow(prefixes: readonly StorageKey[]): Promise<(string[] | undefined)[]>;
  /** The rows below `prefix` whose key sorts after `after` (which lies below `prefix`). */
  loadRangeAfter(prefix: StorageKey, after: StorageKey): Promise<{ key: string[]; data: Uint8Array }[]>;
  /** Tells the other processes, after the commit, that `update` is stored (best effort: may be lost). */
  announce(update: CommittedUpdate): void;
  /**
   * Calls `onUpdate` for doc updates other processes announce (always after their commit),
   * and `onResync` whenever announcements may have been missed (the channel dropped and came
   * back): the caller then compares sequence numbers with storage. Resolves once listening.
   */
  subscribeUpdates(onUpdate: (update: CommittedUpdate) => void, onResync: () => void): Promise<() => Promise<void>>;
}

export function sharedStorage(adapter: StorageAdapter): SharedStorage | undefined {
  const candidate = adapter as Partial<SharedStorage>;
  return typeof candidate.withLock === 'function' && typeof candidate.subscribeUpdates === 'function'
    ? (adapter as unknown as SharedStorage)
    : undefined;
}

/** Holds the cross-process lock `name` around `fn` when the storage is shared; else just runs
 *  `fn` (callers already serialize within their process with a KeyedQueue). */
export function withStorageLock<T>(adapter: StorageAdapter, name: string, fn: () => Promise<T>, opts?: { detached?: boolean }): Promise<T> {
  const shared = sharedStorage(adapter);
  return shared ? shared.withLock(name, fn, opts) : fn();
}
