// y-protocols frames, as the stock y-websocket client writes and reads them.
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { MessageType, SyncMessageType } from './shared/protocol.js';

export type ClientMessage =
  | { kind: 'step1'; stateVector: Uint8Array }
  /** A sync step 2 (`answer`: it answers our step 1) or an update: both carry a Yjs update the client wants us to have. */
  | { kind: 'update'; update: Uint8Array; answer: boolean }
  | { kind: 'awareness'; update: Uint8Array }
  | { kind: 'queryAwareness' }
  | { kind: 'serverState' };

export class MalformedMessageError extends Error {
  override name = 'MalformedMessageError';
}

/** Throws MalformedMessageError for anything a stock client would not send. */
export function decodeClientMessage(data: Uint8Array): ClientMessage {
  try {
    const decoder = decoding.createDecoder(data);
    const type = decoding.readVarUint(decoder);
    if (type === MessageType.sync) return decodeSync(decoder);
    if (type === MessageType.awareness) return { kind: 'awareness', update: decoding.readVarUint8Array(decoder) };
    if (type === MessageType.queryAwareness) return { kind: 'queryAwareness' };
    if (type === MessageType.serverState) return { kind: 'serverState' };
    throw new MalformedMessageError(`unknown message type ${type}`);
  } catch (err) {
    if (err instanceof MalformedMessageError) throw err;
    throw new MalformedMessageError(`malformed message: ${(err as Error)?.message ?? String(err)}`);
  }
}

function decodeSync(decoder: decoding.Decoder): ClientMessage {
  const sub = decoding.readVarUint(decoder);
  const payload = decoding.readVarUint8Array(decoder);
  if (sub === SyncMessageType.step1) return { kind: 'step1', stateVector: payload };
  if (sub === SyncMessageType.step2 || sub === SyncMessageType.update) return { kind: 'update', update: payload, answer: sub === SyncMessageType.step2 };
  throw new MalformedMessageError(`unknown sync message type ${sub}`);
}

export function encodeSyncStep1(doc: Y.Doc): Uint8Array {
  return frame(MessageType.sync, SyncMessageType.step1, Y.encodeStateVector(doc));
}

/** Throws on a malformed state vector. */
export function encodeSyncStep2(doc: Y.Doc, stateVector: Uint8Array): Uint8Array {
  return frame(MessageType.sync, SyncMessageType.step2, Y.encodeStateAsUpdate(doc, stateVector));
}

export function encodeUpdateMessage(update: Uint8Array): Uint8Array {
  return frame(MessageType.sync, SyncMessageType.update, update);
}

/** The answer to a device's [serverState] question: what the server holds (and has stored). */
export function encodeServerStateMessage(doc: Y.Doc): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.serverState);
  encoding.writeVarUint8Array(encoder, Y.encodeStateVector(doc));
  return encoding.toUint8Array(encoder);
}

/** [101, epoch]: the fundraiser's epoch, told to a device that asked for it (epochs.ts). */
export function encodeEpochMessage(epoch: string): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.epoch);
  encoding.writeVarString(encoder, epoch);
  return encoding.toUint8Array(encoder);
}

export function encodeAwarenessMessage(awarenessUpdate: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.awareness);
  encoding.writeVarUint8Array(encoder, awarenessUpdate);
  return encoding.toUint8Array(encoder);
}

function frame(type: number, sub: number, payload: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, type);
  encoding.writeVarUint(encoder, sub);
  encoding.writeVarUint8Array(encoder, payload);
  return encoding.toUint8Array(encoder);
}
