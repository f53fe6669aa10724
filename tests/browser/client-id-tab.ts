// One tab of tests/browser/client-id-pool.test.ts, bundled into the page: a copy of the
// document loaded, its clientID chosen from the pool and its writes made as
// client/device/fundraiser-doc.ts makes them (chooseClientId, then pooledWrites).
import * as Y from 'yjs';
import { chooseClientId, ownClocksAhead, pooledWrites } from '../../client/device/client-id';
import type { OwnWrites } from '../../client/device/own-writes';

let doc: Y.Doc;
let writes: OwnWrites;
let written = 0;

export async function open(owner: string, state: readonly number[]): Promise<{ chosen: number; reused: boolean; lost: number[] }> {
  doc = new Y.Doc();
  if (state.length > 0) Y.applyUpdate(doc, Uint8Array.from(state));
  const stateOf = (id: number) => Y.getState(doc.store, id);
  const lost = ownClocksAhead(owner, stateOf).map((own) => own.clientId);
  const choice = await chooseClientId(owner, doc, stateOf);
  doc.clientID = choice.clientId;
  writes = pooledWrites(owner, doc, choice.clientId, () => {});
  return { chosen: choice.clientId, reused: choice.reused, lost };
}

export function write(count: number): void {
  const replicated = doc.getArray<unknown>('replicated');
  for (let i = 0; i < count; i++) writes.append(replicated, [{ id: `e-${doc.clientID}-${written++}` }], { kind: 'command' });
}

/** Each clientID in the order it wrote, with how many elements it wrote. */
export function writers(): { client: number; count: number }[] {
  const runs: { client: number; count: number }[] = [];
  for (let item = doc.getArray('replicated')._start; item; item = item.right) {
    const last = runs.at(-1);
    if (last?.client === item.id.client) last.count += item.length;
    else runs.push({ client: item.id.client, count: item.length });
  }
  return runs;
}

export function state(): number[] {
  return Array.from(Y.encodeStateAsUpdate(doc));
}
