// One LISTEN connection per process: hears every doc update other processes commit. If the
// connection drops, announcements made meanwhile are lost for good, so after reconnecting
// it asks the caller to resync (compare sequence numbers with the table): a lost
// announcement can delay an update, never hide it.
//
// A dead database does not always close the connection (a partition, a frozen server): a
// LISTEN connection only reads, so it would wait forever. Every listenCheckMs it sends a
// `SELECT 1` bounded by the statement timeout; no answer in time counts as a lost connection
// (destroyed, then reconnect with backoff, then resync). TCP keepalive is on as well.
import pg from 'pg';
import { z } from 'zod';
import type { CommittedUpdate } from './adapter.js';
import { UPDATES_CHANNEL } from './postgres-schema.js';
import { endClientWithin } from './postgres-ending.js';
import { connectionConfig, type PostgresTimeouts } from './postgres-timeouts.js';

const Announcement = z.object({
  i: z.string().nullable(),
  d: z.string().min(1).nullable(),
  s: z.string().regex(/^\d{1,16}$/),
});

export interface ListenerOptions {
  connectionString: string;
  instanceId: string;
  onUpdate: (update: CommittedUpdate) => void;
  onResync: () => void;
  log: (message: string, err?: unknown) => void;
  timeouts: Required<PostgresTimeouts>;
}

const MAX_BACKOFF_MS = 5_000;

export class UpdateListener {
  private client: pg.Client | undefined;
  private stopped = false;
  private failures = 0;
  private retryTimer: NodeJS.Timeout | undefined;
  private checkTimer: NodeJS.Timeout | undefined;

  constructor(private readonly opts: ListenerOptions) {}

  /** Resolves once LISTEN is in place (the first time; later reconnects run on their own). */
  async start(): Promise<void> {
    await this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    clearInterval(this.checkTimer);
    const client = this.client;
    this.client = undefined;
    if (client) await endClientWithin(client, this.opts.timeouts.connectTimeoutMs); // a partition holds the goodbye back
  }

  private async connect(): Promise<void> {
    const client = new pg.Client(connectionConfig(this.opts.connectionString, this.opts.timeouts));
    client.on('notification', (msg) => this.receive(msg.payload));
    client.on('error', (err) => this.lost(client, err));
    client.on('end', () => this.lost(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${UPDATES_CHANNEL}`);
    } catch (err) {
      await client.end().catch(() => undefined);
      throw err;
    }
    if (this.stopped) return void (await client.end());
    this.client = client;
    this.failures = 0;
    this.watch(client);
  }

  /** Checks now and then that the database still answers on this connection (see top). */
  private watch(client: pg.Client): void {
    clearInterval(this.checkTimer);
    let checking = false; // one check at a time: a slow answer must not queue more behind it
    this.checkTimer = setInterval(() => {
      if (this.client !== client) return clearInterval(this.checkTimer);
      if (checking) return;
      checking = true;
      client.query('SELECT 1').then(() => (checking = false), (err: unknown) => this.lost(client, err));
    }, this.opts.timeouts.listenCheckMs);
    this.checkTimer.unref();
  }

  private receive(payload: string | undefined): void {
    let parsed: z.infer<typeof Announcement>;
    try {
      parsed = Announcement.parse(JSON.parse(payload ?? ''));
    } catch {
      return this.opts.onResync(); // unreadable: treat as "something changed somewhere"
    }
    if (parsed.i === this.opts.instanceId) return; // our own write: already applied here
    if (parsed.d === null) return this.opts.onResync();
    this.opts.onUpdate({ doc: parsed.d, seq: Number(parsed.s) });
  }

  private lost(client: pg.Client, err?: unknown): void {
    if (this.stopped || this.client !== client) return;
    this.client = undefined;
    clearInterval(this.checkTimer);
    this.opts.log('lost the PostgreSQL LISTEN connection; reconnecting', err);
    client.end().catch(() => undefined); // with a check in flight, pg destroys the socket rather than wait
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    // Full jitter: instances that lost the database together do not come back in lockstep.
    const delay = Math.random() * Math.min(MAX_BACKOFF_MS, 100 * 2 ** this.failures++);
    this.retryTimer = setTimeout(() => void this.reconnect(), delay);
    this.retryTimer.unref();
  }

  private async reconnect(): Promise<void> {
    try {
      await this.connect();
      if (!this.stopped) this.opts.onResync(); // announcements while we were away are gone
    } catch (err) {
      if (this.stopped) return;
      this.opts.log('reconnecting to PostgreSQL for LISTEN failed', err);
      this.scheduleReconnect();
    }
  }
}
