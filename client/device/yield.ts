// Opening a big fundraiser holds the main thread in a few long phases (applying the stored
// log, folding it, replacing the snapshot's views). Between them the page gives the browser
// a turn: pending input is handled and a frame is painted, so what the clerk types into the
// search shows between phases rather than after the last one.

/** Resolves after the next frame is painted; in a hidden tab (no frames) after queued tasks. */
export function afterNextPaint(): Promise<void> {
  if (typeof document !== 'undefined' && document.visibilityState === 'hidden') return nextTask();
  return new Promise((resolve) => {
    const fallback = setTimeout(resolve, 100); // a tab hidden meanwhile gets no frames
    requestAnimationFrame(() => void nextTask().then(() => (clearTimeout(fallback), resolve())));
  });
}

/** A new task, behind input already queued; not throttled in hidden tabs as timers are. */
function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => (channel.port1.close(), resolve());
    channel.port2.postMessage(null);
  });
}
