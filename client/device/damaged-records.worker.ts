// Runs the damaged-record check (damaged-records.ts) off the page's main thread, so the list
// shown from a snapshot answers input while every stored record is decoded. One request per
// worker: { name } in, { ok, keys, decoded } or { ok: false, error } out.
import { setAsideDamaged } from './damaged-records';

const scope = self as unknown as { onmessage: ((event: MessageEvent) => void) | null; postMessage: (message: unknown) => void };

scope.onmessage = (event) => {
  const name = (event.data as { name?: unknown } | null)?.name;
  if (typeof name !== 'string') return scope.postMessage({ ok: false, error: 'no database name' });
  setAsideDamaged(name).then(
    (check) => scope.postMessage({ ok: true, ...check }),
    (error: unknown) => scope.postMessage({ ok: false, error: String((error as Error)?.message ?? error) }),
  );
};
