// The main thread's side of the staging worker: one request at a time, each with a
// wall-clock bound. A request that runs past its bound terminates the worker (the only
// way to stop a busy JS thread); a fresh worker starts, and every room's shadow is
// rebuilt lazily from its live doc on its next request ("missing" → reset → retry).
import { Worker } from 'node:worker_threads';
import { READY, type StagingRequest, type StagingResult, type WorkerEnvelope, type WorkerReply } from './staging-protocol.js';
import type { StageVerdict, Writer } from './validate-update.js';

export class StagingTimeoutError extends Error {
  constructor(ms: number) {
    super(`checking the update took longer than ${ms} ms`);
    this.name = 'StagingTimeoutError';
  }
}

export class StagingUnavailableError extends Error {
  constructor(why: string) {
    super(`the staging worker is unavailable: ${why}`);
    this.name = 'StagingUnavailableError';
  }
}

interface Job {
  envelope: WorkerEnvelope;
  timeoutMs: number;
  resolve: (result: StagingResult) => void;
  reject: (err: Error) => void;
}

const ENTRY = new URL('./staging-worker-entry.mjs', import.meta.url);
const STARTUP_TIMEOUT_MS = 30_000;

export class StagingClient {
  private worker: Worker | undefined;
  private workerReady = false;
  private startupTimer: NodeJS.Timeout | undefined;
  private readyWaiters: { resolve: () => void; reject: (err: Error) => void }[] = [];
  private readonly queue: Job[] = [];
  private current: { job: Job; timer: NodeJS.Timeout } | undefined;
  private nextId = 1;
  private closed = false;

  constructor(
    private readonly opts: { timeoutMs: number; resetTimeoutMs?: number; log: (message: string, err?: unknown) => void },
  ) {}

  /** Starts the worker; rejects if it cannot start (e.g. no TypeScript loader available). */
  start(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.readyWaiters.push({ resolve, reject });
      if (!this.worker) this.spawn();
    });
  }

  /** `liveState` gives the live doc's full state, should the worker need to rebuild the shadow. */
  async stage(room: string, update: Uint8Array, writer: Writer, liveState: () => Uint8Array): Promise<StageVerdict> {
    const result = await this.withShadow(room, { op: 'stage', room, update, writer }, liveState);
    if (result.op !== 'stage' || !('verdict' in result)) throw new Error('staging worker: unexpected answer to stage');
    return result.verdict;
  }

  /** The live doc took `update` without a check here (the server's own append, or another
   *  server process's): the shadow follows, much cheaper than rebuilding it from the whole
   *  doc. Dropped if that fails. Requests run in order, so a later check sees it. */
  async follow(room: string, update: Uint8Array): Promise<void> {
    if (this.closed) return;
    await this.request({ op: 'follow', room, update }, this.resetTimeout()).catch(() => this.drop(room));
  }

  /** The shadow no longer equals the live doc (or the room is gone): forget it. */
  async drop(room: string): Promise<void> {
    if (!this.closed) await this.request({ op: 'drop', room }, this.resetTimeout()).catch(() => undefined);
  }

  async close(): Promise<void> {
    this.closed = true;
    const error = new StagingUnavailableError('closed');
    this.queue.splice(0).forEach((job) => job.reject(error));
    this.current?.job.reject(error);
    this.current = undefined;
    await this.stopWorker();
  }

  private async withShadow(room: string, request: StagingRequest, liveState: () => Uint8Array): Promise<StagingResult> {
    const first = await this.request(request, this.opts.timeoutMs);
    if (!('missing' in first)) return first;
    await this.request({ op: 'reset', room, state: liveState() }, this.resetTimeout());
    const second = await this.request(request, this.opts.timeoutMs);
    if ('missing' in second) throw new StagingUnavailableError('the shadow vanished right after a reset');
    return second;
  }

  private request(request: StagingRequest, timeoutMs: number): Promise<StagingResult> {
    if (this.closed) return Promise.reject(new StagingUnavailableError('closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ envelope: { id: this.nextId++, request }, timeoutMs, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    if (this.closed || this.current || this.queue.length === 0) return;
    if (!this.worker) return this.spawn();
    if (!this.workerReady) return;
    const job = this.queue.shift()!;
    // On expiry, look once more after pending I/O: if this thread itself was blocked (a big
    // encode, a room loading), the answer may be sitting in the queue behind the timer.
    const expire = () => setImmediate(() => this.onTimeout(job));
    this.current = { job, timer: setTimeout(expire, job.timeoutMs) };
    this.worker.postMessage(job.envelope);
  }

  private onReply(reply: WorkerReply): void {
    const current = this.current;
    if (!current || current.job.envelope.id !== reply.id) return;
    clearTimeout(current.timer);
    this.current = undefined;
    if (reply.ok) current.job.resolve(reply.result);
    else current.job.reject(new Error(`staging worker: ${reply.error}`));
    this.pump();
  }

  private onTimeout(job: Job): void {
    if (this.current?.job !== job) return;
    this.current = undefined;
    this.opts.log(`staging request ${job.envelope.request.op} for ${job.envelope.request.room} timed out; restarting the worker`);
    void this.stopWorker();
    job.reject(new StagingTimeoutError(job.timeoutMs));
    this.pump(); // spawns a fresh worker; its shadows are rebuilt on demand
  }

  private spawn(): void {
    const worker = new Worker(ENTRY);
    this.worker = worker;
    this.workerReady = false;
    this.startupTimer = setTimeout(() => this.onWorkerFailure(worker, new Error('did not start in time')), STARTUP_TIMEOUT_MS);
    worker.on('message', (message: WorkerReply | typeof READY) => {
      if (worker !== this.worker) return;
      if (message === READY) return this.onReady();
      this.onReply(message);
    });
    worker.on('error', (err) => this.onWorkerFailure(worker, err));
    worker.on('exit', (code) => this.onWorkerFailure(worker, new Error(`exited with code ${code}`)));
  }

  private onReady(): void {
    clearTimeout(this.startupTimer);
    this.workerReady = true;
    this.readyWaiters.splice(0).forEach((w) => w.resolve());
    this.pump();
  }

  /** A crash after start fails the request in hand and respawns; a failure to start fails everything waiting. */
  private onWorkerFailure(worker: Worker, err: Error): void {
    if (worker !== this.worker || this.closed) return;
    const wasReady = this.workerReady;
    this.opts.log('staging worker failed', err);
    void this.stopWorker();
    const error = new StagingUnavailableError(err.message);
    this.current?.job.reject(error);
    if (this.current) clearTimeout(this.current.timer);
    this.current = undefined;
    if (!wasReady) {
      this.queue.splice(0).forEach((job) => job.reject(error));
      this.readyWaiters.splice(0).forEach((w) => w.reject(error));
    }
    this.pump();
  }

  private async stopWorker(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    this.workerReady = false;
    clearTimeout(this.startupTimer);
    if (worker) await worker.terminate().catch(() => undefined);
  }

  private resetTimeout(): number {
    return this.opts.resetTimeoutMs ?? Math.max(60_000, this.opts.timeoutMs);
  }
}
