// A device's answer to the server's sync step 1, split when it would not fit in one message.
// The stock provider answers with one sync step 2 holding everything the server lacks; after
// a long offline run (about 40k events) that is over the server's message limit, the server
// closes with 4413 and the stock provider does not reconnect: the device could never sync.
// Here such an answer goes as sync `update`s of whole writers (clientIDs) the server lacks
// anything of: a writer writes at most CLIENT_ID_RUN events (own-writes.ts), so one is small,
// and consecutive ones are packed up to the limit. Each update is complete on top of the ones
// before it (writers ordered so that what an item is inserted next to is sent first; the
// server checks each whole, and would otherwise ask again for the lot); then a sync step 2
// with the rest (the delete set), which marks the answer complete.
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import type { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { DEFAULT_LIMITS, MessageType, SyncMessageType } from '../../sync-server/shared/protocol';

/** Room left in a message for its framing (message and sync types, length prefix). */
const FRAME_SLACK = 64;

/** Makes `provider` split its answers to the server's sync step 1 past `maxBytes`. It answers
 *  step 1 itself (not through the handler it replaces): install it before any wrapper that
 *  watches sync messages (server-state.ts), so that the wrapper sees them all. */
export function splitLargeSyncAnswers(provider: WebsocketProvider, maxBytes = DEFAULT_LIMITS.maxMessageBytes): void {
  const stock = provider.messageHandlers[MessageType.sync]!;
  provider.messageHandlers[MessageType.sync] = (encoder, decoder, p, emitSynced, messageType) => {
    const peek = decoding.clone(decoder);
    if (decoding.readVarUint(peek) !== SyncMessageType.step1) return stock(encoder, decoder, p, emitSynced, messageType);
    const answer = syncAnswer(p.doc, decoding.readVarUint8Array(peek), maxBytes - FRAME_SLACK);
    encoding.writeVarUint(encoder, MessageType.sync);
    encoding.writeVarUint(encoder, SyncMessageType.step2);
    if (!answer.pieces) return encoding.writeVarUint8Array(encoder, answer.whole); // what the stock client sends
    for (const piece of answer.pieces) p.ws?.send(updateFrame(piece));
    encoding.writeVarUint8Array(encoder, Y.encodeStateAsUpdate(p.doc, Y.encodeStateVector(p.doc))); // only the delete set is left
  };
}

/** The answer to a server at `theirs`: whole if it fits in `maxBytes`, else in pieces of whole writers, in a dependable order. */
export function syncAnswer(doc: Y.Doc, theirs: Uint8Array, maxBytes: number): { whole: Uint8Array; pieces?: undefined } | { whole?: undefined; pieces: Uint8Array[] } {
  const whole = Y.encodeStateAsUpdate(doc, theirs);
  if (whole.byteLength <= maxBytes) return { whole };
  return { pieces: piecesOf(doc, theirs, maxBytes) };
}

function piecesOf(doc: Y.Doc, theirs: Uint8Array, maxBytes: number): Uint8Array[] {
  const server = Y.decodeStateVector(theirs);
  const ours = Y.decodeStateVector(Y.encodeStateVector(doc));
  const writers = [...ours].filter(([client, clock]) => clock > (server.get(client) ?? 0)).map(([client]) => client);
  const only = (clients: number[]) => Y.encodeStateAsUpdate(doc, Y.encodeStateVector(onlyMissing(ours, server, clients)));
  const alone = new Map(writers.map((client) => [client, only([client])]));
  const groups = orderByDependency(writers, (client) => dependencies(alone.get(client)!, client, server));
  // A group's size as the sum of its writers' own updates: a little over what they make together.
  const sized = groups.map((group) => ({ group, bytes: group.reduce((sum, client) => sum + alone.get(client)!.byteLength, 0) }));
  return packed(sized, maxBytes).map((pack) => (pack.length === 1 ? alone.get(pack[0]!)! : only(pack)));
}

/** A state vector that asks for exactly `clients`' structs the server lacks: every other writer at our clock. */
function onlyMissing(ours: Map<number, number>, server: Map<number, number>, clients: number[]): Map<number, number> {
  const wanted = new Set(clients);
  return new Map([...ours].map(([client, clock]) => [client, wanted.has(client) ? (server.get(client) ?? 0) : clock]));
}

/** Consecutive groups joined while their updates together stay under `maxBytes` (fewer messages, same order). */
function packed(groups: { group: number[]; bytes: number }[], maxBytes: number): number[][] {
  const packs: number[][] = [];
  let bytes = Infinity;
  for (const { group, bytes: size } of groups) {
    if (bytes + size > maxBytes) {
      packs.push([]);
      bytes = 0;
    }
    packs[packs.length - 1]!.push(...group);
    bytes += size;
  }
  return packs;
}

/** The other writers whose structs, missing on the server, the structs of `update` are placed next to. */
function dependencies(update: Uint8Array, client: number, server: Map<number, number>): Set<number> {
  const deps = new Set<number>();
  const note = (id: Y.ID | null) => {
    if (id && id.client !== client && id.clock >= (server.get(id.client) ?? 0)) deps.add(id.client);
  };
  for (const struct of Y.decodeUpdate(update).structs) {
    if (!(struct instanceof Y.Item)) continue;
    note(struct.origin);
    note(struct.rightOrigin);
    if (struct.parent instanceof Y.ID) note(struct.parent);
  }
  return deps;
}

/** Groups of writers in an order where each group's dependencies come before it (a cycle is one group). */
function orderByDependency(writers: number[], depsOf: (client: number) => Set<number>): number[][] {
  const deps = new Map(writers.map((client) => [client, depsOf(client)]));
  const done = new Set<number>();
  const groups: number[][] = [];
  while (done.size < writers.length) {
    const ready = writers.filter((c) => !done.has(c) && [...deps.get(c)!].every((d) => done.has(d) || !deps.has(d)));
    const group = ready.length > 0 ? ready.slice(0, 1) : writers.filter((c) => !done.has(c));
    group.forEach((c) => done.add(c));
    groups.push(group);
  }
  return groups;
}

function updateFrame(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.sync);
  syncProtocol.writeUpdate(encoder, update);
  return encoding.toUint8Array(encoder);
}
