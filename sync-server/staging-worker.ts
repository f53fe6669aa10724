// The staging worker: holds a shadow of every loaded room and judges device updates on it.
// It runs on its own thread so that the main thread can put a wall-clock bound on a check
// (a crafted update can make Yjs integrate slowly) by terminating the worker.
import { parentPort } from 'node:worker_threads';
import * as Y from 'yjs';
import { READY, type StagingRequest, type StagingResult, type WorkerEnvelope, type WorkerReply } from './staging-protocol.js';
import { createShadow, stageDeviceUpdate } from './validate-update.js';

const shadows = new Map<string, Y.Doc>();

function handle(request: StagingRequest): StagingResult {
  switch (request.op) {
    case 'reset':
      replace(request.room, createShadow(request.state));
      return { op: 'reset', done: true };
    case 'drop':
      replace(request.room, undefined);
      return { op: 'drop', done: true };
    case 'follow':
      // No shadow yet: nothing to keep in step; it is built from the live doc when needed.
      if (shadows.has(request.room)) Y.applyUpdate(shadows.get(request.room)!, request.update);
      return { op: 'follow', done: true };
    case 'stage':
      return stage(request.room, request.update, request.writer);
  }
}

function stage(room: string, update: Uint8Array, writer: Extract<StagingRequest, { op: 'stage' }>['writer']): StagingResult {
  const shadow = shadows.get(room);
  if (!shadow) return { op: 'stage', missing: true };
  const verdict = stageDeviceUpdate(shadow, update, writer);
  // A refused update has touched the shadow: it no longer equals the live doc.
  if (!verdict.ok) replace(room, undefined);
  return { op: 'stage', verdict };
}

function replace(room: string, shadow: Y.Doc | undefined): void {
  shadows.get(room)?.destroy();
  if (shadow) shadows.set(room, shadow);
  else shadows.delete(room);
}

function reply(message: WorkerReply): void {
  parentPort!.postMessage(message);
}

parentPort!.on('message', ({ id, request }: WorkerEnvelope) => {
  try {
    reply({ id, ok: true, result: handle(request) });
  } catch (err) {
    reply({ id, ok: false, error: (err as Error)?.message ?? String(err) });
  }
});
// A cold worker checks its first updates many times slower (module init, JIT); do that
// once now, so the time bound measures the update and not the warm-up.
function warmUp(): void {
  const actor = { role: 'clerk', userId: 'warm-up', deviceId: 'warm-up' } as const;
  const events = Array.from({ length: 50 }, (_, i) => ({
    id: `warm-${i}`, type: 'OrderPlaced', at: new Date(0).toISOString(), actor,
    data: { orderId: `o-${i}`, orderNumber: `${i}`, customer: { name: 'Warm Up' }, lines: [{ itemId: 'i', quantity: 1, unitPriceCents: 1 }] },
  }));
  const source = new Y.Doc();
  source.getArray('replicated').push(events);
  const shadow = createShadow();
  stageDeviceUpdate(shadow, Y.encodeStateAsUpdate(source), { userId: 'warm-up', role: 'clerk' });
  shadow.destroy();
  source.destroy();
}

warmUp();
parentPort!.postMessage(READY);
