// What a Room needs and offers, apart from the Room itself (room.ts).
import type * as Y from 'yjs';
import type { TxOrigin } from './origins.js';
import type { CatchUpBudget } from './catch-up-budget.js';
import type { SerialQueue } from './serial-queue.js';
import type { Limits } from './shared/protocol.js';
import type { StagingClient } from './staging-client.js';
import type { BatchOp, StorageAdapter } from './storage/adapter.js';
import type { DocStore } from './storage/doc-store.js';

export interface RoomDeps {
  docStore: DocStore;
  adapter: StorageAdapter;
  staging: StagingClient;
  limits: Limits;
  /** Shared by every room of the process: bounds the bytes their catch-up tails keep. */
  catchUpBudget: CatchUpBudget;
  /** Shared by every room of the process: the writes a room makes as it unloads, one at a time. */
  unloadWrites: SerialQueue;
  log: (message: string, err?: unknown) => void;
}

export type AppliedListener = (origin: TxOrigin, update: Uint8Array) => void;

/** What a caller of `exclusively` may do to the room while it holds the room's queue. */
export interface ExclusiveRoom {
  readonly doc: Y.Doc;
  appendWebsite(events: unknown[], extraOps?: readonly BatchOp[]): Promise<void>;
  /** Applies what other server processes stored since this room last looked (shared storage only). */
  catchUp(): Promise<void>;
}

export class RoomClosedError extends Error {
  constructor(fid: string) {
    super(`fundraiser ${fid} is being unloaded`);
    this.name = 'RoomClosedError';
  }
}
