// Keeps the read-model snapshot (read-model-store.ts) in step with the doc: once after the
// doc loaded, then 2 s after the last change has settled (in idle time where the browser has
// it), and at once when the page is hidden or left, so the next open can show it. Writing costs
// 0.1–0.2 s of main thread at 28k orders, in idle time, off the path of a tap. One at a time.
import type * as Y from 'yjs';
import type { IndexeddbPersistence } from 'y-indexeddb';
import type { Projection } from '../../domain';
import { writeSnapshot } from './read-model-store';

const SETTLE_MS = 2_000;

export interface SnapshotWriter {
  /** Snapshots written by this page so far. */
  readonly written: () => number;
  readonly onWritten: (listener: (count: number) => void) => () => void;
  /** Stops writing; resolves once a write already under way has finished (it holds the database open). */
  readonly dispose: () => Promise<void>;
}

export function keepSnapshot(persistence: IndexeddbPersistence, doc: Y.Doc, projection: Projection): SnapshotWriter {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let dirty = true;
  let writing: Promise<void> | undefined;
  let changedMeanwhile = false;
  let written = 0;
  let disposed = false;
  let idle: number | undefined;
  const listeners = new Set<(count: number) => void>();

  async function writeNow(): Promise<void> {
    clearTimeout(timer);
    if (disposed || !dirty || !persistence.db || writing) return;
    dirty = false;
    changedMeanwhile = false;
    writing = writeSnapshot(persistence.db, doc, projection, persistence._dbref).then((ok) => {
      if (!ok) return void (dirty = true); // e.g. another tab's write this doc lacks: again after the next change
      written++;
      for (const listener of listeners) listener(written);
    }, () => { dirty = true; }).finally(() => {
      writing = undefined;
      if (changedMeanwhile) soon();
    });
    await writing;
  }

  const whenIdle = () => {
    if (typeof requestIdleCallback !== 'function') return void writeNow();
    if (idle !== undefined) cancelIdleCallback(idle);
    idle = requestIdleCallback(() => void writeNow(), { timeout: SETTLE_MS });
  };
  const soon = () => {
    if (disposed) return;
    dirty = true;
    if (writing) changedMeanwhile = true;
    clearTimeout(timer);
    timer = setTimeout(whenIdle, SETTLE_MS);
  };
  const onHide = () => { if (document.visibilityState === 'hidden') void writeNow(); };
  const onLeave = () => void writeNow();

  doc.on('afterTransaction', soon);
  document.addEventListener('visibilitychange', onHide);
  window.addEventListener('pagehide', onLeave);
  whenIdle();
  return {
    written: () => written,
    onWritten: (listener) => (listeners.add(listener), () => listeners.delete(listener)),
    dispose: async () => {
      disposed = true;
      clearTimeout(timer);
      if (idle !== undefined && typeof cancelIdleCallback === 'function') cancelIdleCallback(idle);
      doc.off('afterTransaction', soon);
      document.removeEventListener('visibilitychange', onHide);
      window.removeEventListener('pagehide', onLeave);
      await writing?.catch(() => undefined);
    },
  };
}
