// Messages between the main thread (staging-client.ts) and the staging worker
// (staging-worker.ts). The worker holds one shadow Y.Doc per loaded room.
import type { StageVerdict, Writer } from './validate-update.js';

export type StagingRequest =
  /** (Re)build the room's shadow from the live doc's full state. */
  | { op: 'reset'; room: string; state: Uint8Array }
  /** Forget the room's shadow (room unloaded, or shadow no longer equal to the live doc). */
  | { op: 'drop'; room: string }
  /** Apply an update the live doc already holds (the server's own append, or one stored by another server process), unchecked. */
  | { op: 'follow'; room: string; update: Uint8Array }
  | { op: 'stage'; room: string; update: Uint8Array; writer: Writer };

/** The worker has no shadow for the room (new worker, or dropped after a refusal). */
export interface Missing {
  missing: true;
}

export type StagingResult =
  | { op: 'reset' | 'drop' | 'follow'; done: true }
  | { op: 'stage'; verdict: StageVerdict }
  | ({ op: 'stage' } & Missing);

export type WorkerReply =
  | { id: number; ok: true; result: StagingResult }
  | { id: number; ok: false; error: string };

export type WorkerEnvelope = { id: number; request: StagingRequest };

/** Posted once by the worker when it is ready for requests. */
export const READY = 'staging-worker-ready';
