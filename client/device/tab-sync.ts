// Tabs of a device app on one device see each other's work at once.
//
// Two tabs (a stray second tab, a home-screen copy) share the device's IndexedDB, but each
// holds its own Y.Doc: without this, a check-in in one tab was not in the other, which still
// offered "Check in" and could take the same cash again, and whose "0 not on the server" was
// false while the other tab held unsynced work. So each tab posts the update of every command
// it writes on a BroadcastChannel, and applies what the others post (each stores it too: the
// writing tab may close before its own write reaches IndexedDB). Both apps use this rather
// than the stock provider's own channel: that one closes with the provider (the clerk's
// connects only for a sync, the manager's disconnects when the network goes), so offline,
// when tabs most need it, it was silent.
import * as Y from 'yjs';
import { TAB_ORIGIN, isCommandOrigin } from './origins';

export function channelName(fid: string): string {
  return `fundraiser-orders:tabs:${fid}`;
}

/** Starts sharing; returns the stop. Without BroadcastChannel (old browsers) it does nothing. */
export function shareWritesWithTabs(fid: string, doc: Y.Doc): () => void {
  if (typeof BroadcastChannel === 'undefined') return () => {};
  const channel = new BroadcastChannel(channelName(fid));
  const post = (update: Uint8Array, origin: unknown) => {
    if (isCommandOrigin(origin)) channel.postMessage(update);
  };
  channel.onmessage = (message: MessageEvent<unknown>) => applyFromTab(doc, message.data);
  doc.on('update', post);
  return () => {
    doc.off('update', post);
    channel.close();
  };
}

/** A message from another tab is input like any other: only an update's bytes are applied, and
 *  one that does not decode is dropped (that tab's own copy keeps it, and its sync sends it). */
function applyFromTab(doc: Y.Doc, data: unknown): void {
  if (!(data instanceof Uint8Array)) return;
  try {
    Y.applyUpdate(doc, data, TAB_ORIGIN);
  } catch (err) {
    console.warn('an update from another tab did not apply', err);
  }
}
