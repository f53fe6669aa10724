// A seeded fuzzer for the sync socket (fast-check): random bytes, truncated and oversized
// y-protocols frames, huge varints, unknown message types, well-framed but malformed Yjs
// updates, tiny updates claiming huge struct counts, hostile awareness. Each case runs on its
// own authenticated socket, then asks message 100: the server must either close with one of
// the contract's codes or answer, within the time bound. Meanwhile two stock devices must
// keep syncing, and at the end the document may hold nothing but valid events.
import fc from 'fast-check';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { parseLogEntry } from '../../../domain/events';
import { CloseCode } from '../../../sync-server/shared/protocol';
import {
  awarenessFrame, captureUpdate, CLERK, CLERK_2, connectDevice, FID, placedBy, rawSync, startServer, synced,
  updateFrame, waitForDoc, withTimeout, type Device, type TestServer,
} from '../../server/helpers';

export const MAX_MESSAGE_BYTES = 64 * 1024;
/** A case must be closed or answered within this (the staging bound is 1 s here). */
const CASE_BOUND_MS = 8_000;
/** Codes the contract lets the server close a hostile socket with. 1009: ws' own cap at 2× the limit. */
const ALLOWED_CLOSES = new Set<number>([4400, 4413, 4500, 4529, CloseCode.messageTooBig]);

export interface SyncFuzzReport { seed: number; cases: number; closes: Record<string, number>; answered: number; healthChecks: number }

export async function runSyncFuzz(seed: number, runs: number): Promise<SyncFuzzReport> {
  const ts = await startServer({ limits: { maxMessageBytes: MAX_MESSAGE_BYTES, stagingTimeoutMs: 1_000, messageBurst: 1e6, messagesPerSecond: 1e6, syncOpensPerMinute: 1e6 } });
  const [a, b] = [connectDevice(ts, CLERK), connectDevice(ts, CLERK_2)];
  const report: SyncFuzzReport = { seed, cases: 0, closes: {}, answered: 0, healthChecks: 0 };
  try {
    await Promise.all([synced(a), synced(b)]);
    const base = baseUpdate();
    await fc.assert(fc.asyncProperty(fc.array(hostileFrame(base), { minLength: 1, maxLength: 3 }), async (frames) => {
      const outcome = await probe(ts, frames);
      report.cases++;
      if (outcome === 'answered') report.answered++;
      else report.closes[outcome] = (report.closes[outcome] ?? 0) + 1;
      if (report.cases % 25 === 0) await stillSyncing(a, b, report);
    }), { seed, numRuns: runs, endOnFailure: true });
    await stillSyncing(a, b, report);
    await onlyValidEvents(ts);
    return report;
  } finally {
    a.destroy();
    b.destroy();
    await ts.close();
  }
}

/** 'answered', or the close code; throws on a hang or a code outside the contract. */
async function probe(ts: TestServer, frames: Uint8Array[]): Promise<string> {
  const raw = rawSync(ts, ts.token(CLERK));
  await raw.opened;
  const answered = new Promise<string>((resolve) => raw.ws.on('message', (data: Buffer) => data[0] === 100 && resolve('answered')));
  for (const frame of frames) raw.send(frame);
  raw.send(new Uint8Array([100]));
  const closed = raw.closed.then(({ code }) => String(code));
  const outcome = await withTimeout(Promise.race([answered, closed]), CASE_BOUND_MS, `the server's answer to ${describe(frames)}`);
  if (outcome !== 'answered' && !ALLOWED_CLOSES.has(Number(outcome))) throw new Error(`closed ${outcome} after ${describe(frames)}`);
  raw.ws.terminate();
  return outcome;
}

async function stillSyncing(a: Device, b: Device, report: SyncFuzzReport): Promise<void> {
  const event = placedBy(CLERK) as { id: string };
  a.push(event);
  await waitForDoc(b.doc, (doc) => doc.getArray<{ id: string }>('replicated').toArray().some((e) => e.id === event.id), 10_000, 'a device edit during fuzzing');
  report.healthChecks++;
}

/** Whatever got through is a valid event by the token's user, in `replicated`, and stored. */
async function onlyValidEvents(ts: TestServer): Promise<void> {
  await ts.server.rooms.use(FID, async (room) => {
    const roots = [...room.doc.share.keys()].filter((k) => k !== 'website' && k !== 'replicated');
    if (roots.length > 0) throw new Error(`the doc gained roots ${roots.join(', ')}`);
    if (room.doc.getArray('website').length > 0) throw new Error('a device wrote to the website log');
    for (const value of room.doc.getArray('replicated').toArray()) {
      const parsed = parseLogEntry('replicated', value);
      if (!parsed.ok) throw new Error(`an invalid event was stored: ${JSON.stringify(value).slice(0, 200)}`);
      if (![CLERK.userId, CLERK_2.userId].includes(parsed.event.actor.userId)) throw new Error('an event names a user no token had');
    }
  });
}

// ---- what the fuzzer sends ----

function baseUpdate(): Uint8Array {
  const doc = new Y.Doc();
  return captureUpdate(doc, () => doc.getArray('replicated').push([placedBy(CLERK), placedBy(CLERK)]));
}

function hostileFrame(base: Uint8Array): fc.Arbitrary<Uint8Array> {
  const bytes = fc.uint8Array({ maxLength: 300 });
  return fc.oneof(
    bytes,
    bytes.map(updateFrame),
    fc.tuple(validFrame(base), fc.nat()).map(([frame, cut]) => frame.slice(0, cut % Math.max(1, frame.length))),
    fc.tuple(fc.constant(base), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 })).map(([u, flips]) => updateFrame(mutate(u, flips))),
    fc.tuple(fc.integer({ min: 4, max: 2 ** 31 }).filter((t) => t !== 100), bytes).map(([type, rest]) => concat(varUint(type), rest)),
    fc.tuple(fc.integer({ min: 0, max: 2 }), bytes).map(([sub, rest]) => concat(new Uint8Array([0, sub]), [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f], rest)),
    fc.tuple(fc.integer({ min: 2 ** 20, max: 2 ** 40 }), fc.uint8Array({ maxLength: 8 })).map(([count, rest]) => updateFrame(concat(varUint(1), varUint(count), rest))),
    fc.tuple(fc.integer({ min: 1, max: 2 ** 31 }), fc.integer({ min: 2 ** 20, max: 2 ** 40 }), fc.uint8Array({ maxLength: 8 }))
      .map(([client, structs, rest]) => updateFrame(concat(varUint(1), varUint(structs), varUint(client), varUint(0), rest))),
    fc.integer({ min: MAX_MESSAGE_BYTES + 1, max: 3 * MAX_MESSAGE_BYTES }).map((n) => updateFrame(new Uint8Array(n).fill(7))),
    hostileUpdate().map(updateFrame),
    fc.array(fc.record({ client: fc.nat(), clock: fc.nat(), state: fc.jsonValue({ maxDepth: 3 }) }), { maxLength: 5 }).map(awarenessFrame),
  );
}

function validFrame(base: Uint8Array): fc.Arbitrary<Uint8Array> {
  return fc.constantFrom(
    updateFrame(base),
    concat(new Uint8Array([0, 0]), varUint(2), new Uint8Array([0, 0])),
    awarenessFrame([{ client: 5, clock: 1, state: { name: 'x' } }]),
  );
}

/** Well-formed Yjs updates that do what a device may not. */
function hostileUpdate(): fc.Arbitrary<Uint8Array> {
  return fc.oneof(
    fc.jsonValue({ maxDepth: 3 }).map((v) => fresh((d) => d.getArray('replicated').push([v]))),
    fc.constant(0).map(() => fresh((d) => d.getArray('website').push([placedBy(CLERK)]))),
    fc.string().map((key) => fresh((d) => d.getMap(key || 'm').set('k', 1))),
    fc.constant(0).map(() => fresh((d) => d.getArray('replicated').push([placedBy(CLERK_2)]))),
    fc.constant(0).map(() => fresh((d) => d.getArray('replicated').push([new Uint8Array([1, 2])]))),
  );
}

function fresh(build: (doc: Y.Doc) => void): Uint8Array {
  const doc = new Y.Doc();
  return captureUpdate(doc, () => build(doc));
}

function mutate(update: Uint8Array, flips: [number, number][]): Uint8Array {
  const out = update.slice();
  for (const [at, value] of flips) out[at % out.length] = value;
  return out;
}

function varUint(n: number): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, n);
  return encoding.toUint8Array(encoder);
}

function concat(...parts: (Uint8Array | number[])[]): Uint8Array {
  return Uint8Array.from(parts.flatMap((p) => Array.from(p)));
}

function describe(frames: Uint8Array[]): string {
  return frames.map((f) => `[${Array.from(f.slice(0, 24)).join(',')}${f.length > 24 ? `,… ${f.length} bytes` : ''}]`).join(' ');
}
