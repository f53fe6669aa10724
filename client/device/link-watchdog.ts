// Takes a silent link for a dead one. When venue wifi drops, a laptop moves out of range or a
// NAT forgets the connection, no close arrives: the socket looks open and y-websocket shows it
// connected until its own 30 s without a message, while website orders do not arrive and the
// manager's writes are not confirmed. The server sends a heartbeat to every socket it has sent
// nothing for an interval (sync-server/heartbeats.ts), so a silence of
// HEARTBEAT_SILENCE_INTERVALS intervals means the link is dead: the socket is closed as the
// browser reports a dropped connection (1006), the status leaves "connected" at once, and the
// provider reconnects with its jittered backoff (reconnect.ts).
//
// A connection is watched only once both hold:
// - a heartbeat arrived on it. A server that sends none (an older one, met in a rolling deploy or
//   a rollback) would otherwise be dropped every 12.5 s in a quiet fundraiser, and its silence
//   says nothing. The server greets each connection with one, so this costs no delay.
// - its first sync finished. No message counts until the whole of it has arrived, and a large
//   catch-up over slow wifi can take longer than the silence allowed: dropping it would start it
//   over and over. (A large live relay on a slow link may still be cut; the reconnect then
//   brings it as a catch-up, unwatched.) Until then y-websocket's 30 s hold.
import * as decoding from 'lib0/decoding';
import type { WebsocketProvider } from 'y-websocket';
import { z } from 'zod';
import { HEARTBEAT_INTERVAL_MS, HEARTBEAT_META, HEARTBEAT_SILENCE_INTERVALS, MessageType } from '../../sync-server/shared/protocol';

export interface WatchdogTiming {
  /** No message for longer than this on a watched connection: the link is dead. */
  silenceMs: number;
  /** How often that is looked at (1 s for the product's 5 s heartbeat). */
  checkEveryMs: number;
}

export function timingFor(heartbeatMs: number): WatchdogTiming {
  return { silenceMs: heartbeatMs * HEARTBEAT_SILENCE_INTERVALS, checkEveryMs: heartbeatMs / 5 };
}

const HeartbeatMs = z.coerce.number().int().min(10).max(3_600_000);

/** The heartbeat interval of the server that served this page (static.ts); the default elsewhere. */
export function pageHeartbeatMs(): number {
  if (typeof document === 'undefined') return HEARTBEAT_INTERVAL_MS;
  const named = HeartbeatMs.safeParse(document.querySelector(`meta[name="${HEARTBEAT_META}"]`)?.getAttribute('content') ?? undefined);
  return named.success ? named.data : HEARTBEAT_INTERVAL_MS;
}

/** Watches `provider`'s connections until the returned function is called. */
export function watchLink(provider: WebsocketProvider, timing: WatchdogTiming = timingFor(pageHeartbeatMs())): () => void {
  let heard = false; // a heartbeat arrived on the current connection
  const stopHearing = hearHeartbeats(provider, () => (heard = true));
  const onStatus = ({ status }: { status: string }) => { if (status !== 'connected') heard = false; };
  provider.on('status', onStatus);
  let lastTick = Date.now();
  const timer = setInterval(() => {
    const now = Date.now();
    // A late tick means the page itself was held up (a long task, a suspended tab, a laptop
    // waking): messages that waited meanwhile are delivered first; judge at the next tick.
    const late = now - lastTick > 2 * timing.checkEveryMs;
    lastTick = now;
    const silentFor = now - provider.wsLastMessageReceived; // y-websocket stamps it with Date.now()
    if (!late && heard && provider.wsconnected && provider.synced && silentFor > timing.silenceMs) dropDeadLink(provider, silentFor);
  }, timing.checkEveryMs);
  return () => {
    clearInterval(timer);
    provider.off('status', onStatus);
    stopHearing();
  };
}

/** Wraps the awareness handler: a heartbeat is an awareness update naming no clients. */
function hearHeartbeats(provider: WebsocketProvider, heard: () => void): () => void {
  const stock = provider.messageHandlers[MessageType.awareness]!;
  const wrapped: typeof stock = (encoder, decoder, p, emitSynced, messageType) => {
    if (namesNoClients(decoder)) heard();
    stock(encoder, decoder, p, emitSynced, messageType);
  };
  provider.messageHandlers[MessageType.awareness] = wrapped;
  return () => { if (provider.messageHandlers[MessageType.awareness] === wrapped) provider.messageHandlers[MessageType.awareness] = stock; };
}

function namesNoClients(decoder: decoding.Decoder): boolean {
  try {
    const update = decoding.readVarUint8Array(decoding.clone(decoder));
    return update.length === 1 && update[0] === 0;
  } catch {
    return false; // malformed: the stock handler says so
  }
}

/**
 * Hands the provider the close event a browser gives for a connection that dropped (1006):
 * y-websocket's own close handling then runs as for any close from the network (status
 * "disconnected", the socket closed, `shouldReconnect` asked, a reconnect after the backoff).
 * The socket's real close event would come only after the closing handshake timed out, as
 * nothing passes the dead link.
 */
function dropDeadLink(provider: WebsocketProvider, silentFor: number): void {
  const ws = provider.ws;
  if (!ws?.onclose) return;
  const init = { code: 1006, reason: `no message from the server for ${Math.round(silentFor / 100) / 10} s`, wasClean: false };
  const event = typeof CloseEvent === 'function' ? new CloseEvent('close', init) : (init as unknown as CloseEvent);
  ws.onclose.call(ws, event);
}
