// Checking one device update before anything is stored. Runs inside the staging worker
// (staging-worker.ts), which gives it a wall-clock bound; see docs/THREAT_MODEL.md.
//
// Yjs cannot filter an untrusted update (its THREAT_MODEL.md says as much), so we do not
// try: the update is applied to a SHADOW doc that always equals the live one, the structs
// it added are inspected, and the whole update is accepted or refused. A refused update
// leaves the shadow dirty; the caller throws it away and rebuilds it from the live doc.
import * as Y from 'yjs';
import { mayWrite, MAX_EVENT_JSON_BYTES, parseLogEntry, type LogName } from '../domain/events.js';

export interface Writer {
  userId: string;
  role: 'manager' | 'clerk';
}

/** A clientID the update wrote with, and its clock in the shadow before the update. */
export interface StagedClient {
  client: number;
  before: number;
}

export type StageVerdict =
  | { ok: true; changed: false }
  | { ok: true; changed: true; update: Uint8Array; clients: StagedClient[]; events: number }
  | { ok: false; reason: string; incomplete?: true };

export const ROOTS: readonly LogName[] = ['website', 'replicated'];
const STAGING_ORIGIN = Object.freeze({ kind: 'staging' });
const MAX_JSON_DEPTH = 32;

export function createShadow(state?: Uint8Array): Y.Doc {
  const shadow = new Y.Doc();
  for (const root of ROOTS) shadow.getArray(root); // so an update can never "create" them
  if (state) Y.applyUpdate(shadow, state);
  return shadow;
}

/** Applies `update` to `shadow` and judges what it added. On refusal the shadow is dirty. */
export function stageDeviceUpdate(shadow: Y.Doc, update: Uint8Array, writer: Writer): StageVerdict {
  const rootsBefore = new Set(shadow.share.keys());
  const applied = applyCapturing(shadow, update);
  if ('error' in applied) return refuse(`malformed update: ${applied.error}`);
  // Not hostile: a device that wrote offline sends its next edit as soon as the socket opens,
  // before its sync step 2 (the answer to our step 1) has brought the edits it builds on.
  if (shadow.store.pendingStructs !== null) return { ok: false, reason: 'the update depends on changes the server does not have', incomplete: true };
  const structural = checkStructure(shadow, applied.transaction, rootsBefore);
  if (structural) return refuse(structural);
  if (!applied.update) return { ok: true, changed: false };
  const added = collectAdded(shadow, applied.transaction);
  if ('reason' in added) return refuse(added.reason);
  const eventProblem = added.values.map((value) => checkEvent(value, writer)).find((p) => p !== undefined);
  if (eventProblem) return refuse(eventProblem);
  return { ok: true, changed: true, update: applied.update, clients: added.clients, events: added.values.length };
}

function applyCapturing(shadow: Y.Doc, update: Uint8Array): { transaction: Y.Transaction; update?: Uint8Array } | { error: string } {
  const transactions: Y.Transaction[] = [];
  const onTransaction = (tr: Y.Transaction) => void transactions.push(tr);
  shadow.on('afterTransaction', onTransaction);
  try {
    const effective = captureUpdate(shadow, () => Y.applyUpdate(shadow, update, STAGING_ORIGIN));
    const [transaction] = transactions;
    if (!transaction || transactions.length > 1) return { error: 'unexpected transaction structure' };
    return effective ? { transaction, update: effective } : { transaction };
  } catch (err) {
    return { error: (err as Error)?.message ?? String(err) };
  } finally {
    shadow.off('afterTransaction', onTransaction);
  }
}

/** The effective update Yjs computes for the transaction: only what was actually new. */
function captureUpdate(shadow: Y.Doc, run: () => void): Uint8Array | undefined {
  let captured: Uint8Array | undefined;
  const onUpdate = (update: Uint8Array) => void (captured = update);
  shadow.on('update', onUpdate);
  try {
    run();
  } finally {
    shadow.off('update', onUpdate);
  }
  return captured;
}

function checkStructure(shadow: Y.Doc, tr: Y.Transaction, rootsBefore: Set<string>): string | undefined {
  if (shadow.store.pendingDs !== null) return 'the update deletes changes the server does not have';
  if ([...tr.deleteSet.clients.values()].some((ranges) => ranges.length > 0)) return 'the update deletes content';
  const newRoot = [...shadow.share.keys()].find((key) => !rootsBefore.has(key));
  if (newRoot !== undefined) return `the update creates a new root ${JSON.stringify(newRoot)}`;
  return undefined;
}

/** Walks the structs between beforeState and afterState of every clientID. */
function collectAdded(shadow: Y.Doc, tr: Y.Transaction): { values: unknown[]; clients: StagedClient[] } | { reason: string } {
  const replicated = shadow.getArray('replicated');
  const values: unknown[] = [];
  const clients: StagedClient[] = [];
  for (const [client, after] of tr.afterState) {
    const before = tr.beforeState.get(client) ?? 0;
    if (after <= before) continue;
    clients.push({ client, before });
    const problem = collectClient(shadow.store.clients.get(client) ?? [], before, after, replicated, values);
    if (problem) return { reason: problem };
  }
  return { values, clients };
}

function collectClient(structs: (Y.Item | Y.GC)[], before: number, after: number, replicated: Y.Array<unknown>, out: unknown[]): string | undefined {
  for (let i = Y.findIndexSS(structs, before); i < structs.length && structs[i]!.id.clock < after; i++) {
    const struct = structs[i]!;
    const problem = checkItem(struct, replicated);
    if (problem) return problem;
    // Yjs may have merged the new part into an older item of the same client: skip the old part.
    const offset = Math.max(0, before - struct.id.clock);
    out.push(...(struct as Y.Item).content.getContent().slice(offset));
  }
  return undefined;
}

function checkItem(struct: Y.Item | Y.GC, replicated: Y.Array<unknown>): string | undefined {
  if (!(struct instanceof Y.Item)) return 'the update carries garbage-collected content';
  if (struct.content instanceof Y.ContentType) return 'the update creates a nested shared type';
  if (struct.content instanceof Y.ContentDoc) return 'the update creates a subdocument';
  if (!(struct.content instanceof Y.ContentAny)) return `the update inserts ${struct.content.constructor.name}, not plain JSON`;
  if (struct.deleted) return 'the update inserts deleted content';
  if (struct.parentSub !== null) return 'the update sets a map key';
  if (struct.parent !== replicated) return 'the update writes outside the replicated log';
  return undefined;
}

function checkEvent(value: unknown, writer: Writer): string | undefined {
  if (!isPlainJson(value, 0)) return 'an inserted value is not plain JSON';
  if (Buffer.byteLength(JSON.stringify(value), 'utf8') > MAX_EVENT_JSON_BYTES) return 'an event is too large';
  const parsed = parseLogEntry('replicated', value);
  if (!parsed.ok) return `invalid event: ${parsed.reason}`;
  const { actor, type, id } = parsed.event;
  if (actor.role !== writer.role) return `event ${id}: actor.role ${actor.role} is not the token's role ${writer.role}`;
  if (actor.userId !== writer.userId) return `event ${id}: actor.userId is not the token's user`;
  if (!mayWrite(writer.role, type)) return `event ${id}: a ${writer.role} may not write ${type}`;
  return undefined;
}

// lib0's readAny can yield undefined, bigint, Uint8Array and, through a "__proto__" key, an
// object with a foreign prototype whose inherited fields a schema would happily read.
function isPlainJson(value: unknown, depth: number): boolean {
  if (depth > MAX_JSON_DEPTH) return false;
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every((v) => isPlainJson(v, depth + 1));
  if (typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype) return false;
  return Object.values(value).every((v) => isPlainJson(v, depth + 1));
}

function refuse(reason: string): StageVerdict {
  return { ok: false, reason };
}
