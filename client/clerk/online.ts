// The browser's online/offline flag and a clock that ticks, as signals.
import { createSignal, onCleanup } from 'solid-js';

export function createOnline() {
  const [online, setOnline] = createSignal(navigator.onLine);
  const update = () => setOnline(navigator.onLine);
  window.addEventListener('online', update);
  window.addEventListener('offline', update);
  onCleanup(() => { window.removeEventListener('online', update); window.removeEventListener('offline', update); });
  return online;
}

export function createNow(everyMs = 10_000) {
  const [now, setNow] = createSignal(Date.now());
  const timer = setInterval(() => setNow(Date.now()), everyMs);
  onCleanup(() => clearInterval(timer));
  return now;
}
