// Device-side helpers for the bench: events re-signed as a given staff member (so the
// server's checks pass), and stock y-websocket clients in Node whose wire bytes are counted.
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { parseLogEntry } from '../../domain';
import type { Actor } from '../../domain';

/** Valid device events from a generated log, written as `actor` (types the role may write only). */
export function eventsAs(values: readonly unknown[], actor: Actor, count: number): unknown[] {
  const out: unknown[] = [];
  for (const value of values) {
    if (out.length >= count) break;
    if (typeof value !== 'object' || value === null) continue;
    const event = { ...(value as Record<string, unknown>), actor, id: `${actor.deviceId}-${out.length}-${(value as { id?: string }).id}` };
    if (parseLogEntry('replicated', event).ok) out.push(event);
  }
  if (out.length < count) throw new Error(`only ${out.length} of ${count} events could be written as ${actor.role}`);
  return out;
}

export interface CountedDevice {
  doc: Y.Doc;
  provider: WebsocketProvider;
  /** Bytes read and written on the TCP socket: frames, compressed or not, and the upgrade. */
  wire(): { down: number; up: number };
  destroy(): void;
}

export function connectDevice(url: string, fid: string, token: string | undefined, doc = new Y.Doc()): CountedDevice {
  const provider = new WebsocketProvider(`${url.replace(/^http/, 'ws')}/sync`, fid, doc, {
    ...(token ? { params: { token } } : {}),
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  });
  let last = { down: 0, up: 0 };
  const wire = () => {
    const socket = (provider.ws as unknown as { _socket?: { bytesRead: number; bytesWritten: number } } | null)?._socket;
    if (socket) last = { down: socket.bytesRead, up: socket.bytesWritten };
    return last;
  };
  return { doc, provider, wire, destroy: () => (provider.destroy(), doc.destroy()) };
}
