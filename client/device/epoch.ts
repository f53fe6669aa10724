// The fundraiser's epoch on this device (sync-server/epochs.ts): kept in the same IndexedDB
// database as the copy it belongs to (a wiped copy has none and simply learns the current
// one), sent with every connection as `?epoch=`, and learned from the server's first message
// [101, epoch] when the device has none yet. When the server's copy is another epoch it closes
// with 4409 before any sync message, so this device's copy is never merged into it.
import * as decoding from 'lib0/decoding';
import type { IndexeddbPersistence } from 'y-indexeddb';
import type { WebsocketProvider } from 'y-websocket';
import { MessageType } from '../../sync-server/shared/protocol';

const EPOCH_KEY = 'epoch';
const EPOCH_PATTERN = /^[A-Za-z0-9_-]{8,64}$/;

export async function loadEpoch(persistence: IndexeddbPersistence): Promise<string | undefined> {
  const value: unknown = await persistence.get(EPOCH_KEY);
  return typeof value === 'string' && EPOCH_PATTERN.test(value) ? value : undefined;
}

/** Adopts the epoch the server tells a device that has none; never replaces one it holds. */
export function followEpoch(provider: WebsocketProvider, persistence: IndexeddbPersistence): void {
  provider.messageHandlers[MessageType.epoch] = (_encoder, decoder) => {
    const told = decoding.readVarString(decoder);
    const mine = provider.params['epoch'];
    if (mine === told || !EPOCH_PATTERN.test(told)) return;
    if (mine) return provider.disconnect(); // the server checks first; a different answer means: do not sync
    provider.params = { ...provider.params, epoch: told };
    void persistence.set(EPOCH_KEY, told);
  };
}
