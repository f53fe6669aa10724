// Convergence under chaos, at the sync level, in the spirit of Yjs's tests/testHelper.js:
// several clerk devices and a manager (their events from the seeded generator), website
// orders over HTTP, and the REAL server (createApp on port 0). A seeded PRNG decides, step
// by step, who writes, which queued frame arrives next (server→device frames in any order),
// duplicates, drops (a dropped device→server frame breaks the connection, as a lost TCP
// segment would; a dropped server→device frame is just lost until the next resync),
// disconnects, reloads from the local store, and server restarts. After every delivery the
// harness waits on message 100 until the server has processed it, so a seed replays the
// same schedule. (Not bit-for-bit: the server's own clientID and website order ids are drawn
// by the server, so concurrent website/device elements may land in another order.)
import { Projection } from '../../../domain';
import { generateDeviceStreams, Random } from '../../support/generator';
import { snapshot } from '../../support/snapshot';
import { SimDevice } from './sim-device';
import { docView, SimServer, type ServerView, type StorageKind } from './sim-server';

export interface ChaosOptions {
  seed: number;
  /** Scheduling steps before the final heal (default 300). */
  steps?: number;
  /** Orders in the generated device streams (default 30). */
  orders?: number;
  storage?: StorageKind;
  /** Small, so that compaction runs during the chaos (default 40). */
  compactEvery?: number;
  /** Also restart the server at this step, whatever the PRNG says. */
  restartAt?: number;
}

export interface ChaosReport {
  seed: number;
  steps: number;
  faults: Record<Fault, number>;
  /** Device events written plus website orders accepted: each checked on every replica. */
  eventsChecked: number;
  replicas: number;
}

type Fault = 'duplicate' | 'dropToServer' | 'dropToDevice' | 'reorder' | 'disconnect' | 'reload' | 'restart' | 'websiteRetry';

const CUSTOMERS = ['Ada', 'Bo', 'Cas', 'Dee', 'Eli', 'Fé'];
const ITEMS = ['lemonade', 'lemonade', 'tiramisu', 'spaghetti', 'veggie', 'nope'];

export async function runChaos(options: ChaosOptions): Promise<ChaosReport> {
  const chaos = new Chaos(options);
  try {
    await chaos.run();
    return chaos.report();
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new Error(`chaos seed ${options.seed} failed (replay with SEED=${options.seed}): ${message}`, { cause: err });
  } finally {
    await chaos.dispose();
  }
}

class Chaos {
  private readonly random: Random;
  private readonly server: SimServer;
  private readonly devices: SimDevice[];
  private readonly accepted = new Set<string>();
  private readonly faults: Record<Fault, number> = {
    duplicate: 0, dropToServer: 0, dropToDevice: 0, reorder: 0, disconnect: 0, reload: 0, restart: 0, websiteRetry: 0,
  };
  private nextClientId = 1_000;
  private stepsRun = 0;

  constructor(private readonly options: ChaosOptions) {
    this.random = new Random(options.seed);
    this.server = new SimServer(options.storage ?? 'memory', options.compactEvery ?? 40);
    const streams = generateDeviceStreams({ seed: options.seed, orders: options.orders ?? 30, faults: 0, corrections: true });
    this.devices = streams.devices.map((actor, i) => new SimDevice(actor, streams.perDevice[i]!, this.clientId()));
  }

  async run(): Promise<void> {
    await this.server.start();
    const steps = this.options.steps ?? 300;
    for (; this.stepsRun < steps || this.devices.some((d) => d.remaining > 0); this.stepsRun++) {
      if (this.stepsRun === this.options.restartAt) await this.restart();
      await this.step();
    }
    await this.heal();
    this.check(await this.server.view());
    await this.checkStoredWebsiteModel();
  }

  /** A clean stop stores the website's read model of the room the check loaded; after the
   *  restart it must cover the log and answer exactly as the reloaded projection does. */
  private async checkStoredWebsiteModel(): Promise<void> {
    await this.server.restart();
    const { stored, live } = await this.server.websiteAnswers();
    if (!stored) throw new Error('no stored website read model covers the log after a clean restart');
    if (!same(stored, live)) throw new Error("the stored website read model answers differently from the server's projection");
  }

  report(): ChaosReport {
    const written = this.devices.reduce((sum, d) => sum + d.written.length, 0);
    return { seed: this.options.seed, steps: this.stepsRun, faults: { ...this.faults }, eventsChecked: written + this.accepted.size, replicas: this.devices.length + 2 };
  }

  async dispose(): Promise<void> {
    for (const d of this.devices) d.destroy();
    await this.server.close().catch(() => {});
  }

  // ---- one step ----

  private async step(): Promise<void> {
    const r = this.random.next();
    const d = this.random.pick(this.devices);
    if (r < 0.2) return this.write(d);
    if (r < 0.45) return this.deliverToServer(d);
    if (r < 0.7) return this.deliverToDevice(d);
    if (r < 0.78) return this.websiteOrder();
    if (r < 0.86) return d.connected ? undefined : this.connect(d);
    if (r < 0.9) return this.count('disconnect', d.connected) ? d.disconnect() : undefined;
    if (r < 0.93) return this.reload(d);
    if (r < 0.94) return this.restart();
    return undefined; // a quiet tick: time passes, nothing arrives
  }

  private write(d: SimDevice): void {
    if (d.remaining > 0) d.write(this.random.int(1, 3));
  }

  private async deliverToServer(d: SimDevice): Promise<void> {
    if (d.outbox.length === 0) return;
    if (this.random.chance(0.04)) {
      this.count('dropToServer', true);
      return d.disconnect(); // the frame is lost and the connection with it
    }
    const times = this.count('duplicate', this.random.chance(0.08)) ? 2 : 1;
    d.sendNext(times);
    await this.barrier(d);
  }

  private deliverToDevice(d: SimDevice): void {
    if (d.inbox.length === 0) return;
    const index = this.count('reorder', this.random.chance(0.25) && d.inbox.length > 1) ? this.random.int(0, d.inbox.length - 1) : 0;
    if (this.count('dropToDevice', this.random.chance(0.04))) return d.receive(index, 0);
    d.receive(index, this.count('duplicate', this.random.chance(0.08)) ? 2 : 1);
  }

  private async websiteOrder(): Promise<void> {
    const key = `chaos-${this.options.seed}-${this.stepsRun}`;
    const body = {
      customer: { name: this.random.pick(CUSTOMERS) },
      lines: [{ itemId: this.random.pick(ITEMS), quantity: this.random.int(1, 3) }],
      idempotencyKey: key,
    };
    const first = await this.server.order(body);
    if (first.orderId) this.accepted.add(first.orderId);
    if (this.count('websiteRetry', this.random.chance(0.2))) {
      const again = await this.server.order(body); // the customer's browser retried
      if (again.orderId !== first.orderId) throw new Error(`idempotency key ${key}: ${first.orderId} then ${again.orderId}`);
    }
    await this.barrier();
  }

  private async connect(d: SimDevice): Promise<void> {
    await d.connect(this.server.wsUrl, this.server.token(d.actor));
    await this.barrier(d);
  }

  private async reload(d: SimDevice): Promise<void> {
    this.count('reload', true);
    await d.reload(this.random.chance(0.7) ? d.doc.clientID : this.clientId());
  }

  private async restart(): Promise<void> {
    this.count('restart', true);
    const closing = this.devices.filter((d) => d.connected).map((d) => d.whenClosed());
    await this.server.restart();
    await Promise.all(closing);
  }

  /** `first` (the one that just sent) first: its answer means the server relayed its frame
   *  to the others' sockets before their own 100 was even sent. With no `first`, anyone may
   *  have sent: one pass makes sure the server processed every device's frames (a compressed
   *  frame can leave its socket after another device's later 100), a second that every relay
   *  those caused is queued before each device's answer. */
  private async barrier(first?: SimDevice): Promise<void> {
    if (first) await first.barrierWait();
    else for (const d of this.devices) await d.barrierWait();
    for (const d of this.devices) if (d !== first) await d.barrierWait();
  }

  private count(fault: Fault, happened: boolean): boolean {
    if (happened) this.faults[fault]++;
    return happened;
  }

  private clientId(): number {
    return this.nextClientId++;
  }

  // ---- the end ----

  /** Everyone reconnects and every frame arrives, until no queue holds anything. */
  private async heal(): Promise<void> {
    for (const d of this.devices) await d.disconnect();
    for (const d of this.devices) await this.connect(d);
    for (let round = 0; this.devices.some((d) => d.outbox.length + d.inbox.length > 0); round++) {
      if (round > 50) throw new Error('the network did not go quiet after 50 healing rounds');
      for (const d of this.devices) while (d.outbox.length > 0) d.sendNext();
      await this.barrier();
      for (const d of this.devices) while (d.inbox.length > 0) d.receive(0);
    }
  }

  private check(server: ServerView): void {
    const problems: string[] = this.devices.flatMap((d) => d.unexpectedCloses);
    const expect = (ok: boolean, what: string) => ok || problems.push(what);
    expect(!server.pending, 'the server doc has pending structs');
    expect(sameDoc(server.stored, server), 'the doc rebuilt from storage differs from the live one');
    const folded = snapshot(Projection.fold(server.website, server.replicated));
    expect(same(server.projection, folded), "the server's projection differs from a full fold of its doc");
    for (const d of this.devices) {
      const view = docView(d.doc);
      expect(!view.pending, `${d.actor.deviceId} has pending structs`);
      expect(sameDoc(view, server), `${d.actor.deviceId}'s doc differs from the server's`);
      expect(same(snapshot(d.projection.projection), folded), `${d.actor.deviceId}'s projection differs from the server's`);
    }
    problems.push(...exactlyOnce(server, this.devices.flatMap((d) => d.written), this.accepted));
    if (problems.length > 0) throw new Error(problems.join('; '));
  }
}

function exactlyOnce(server: ServerView, written: string[], accepted: Set<string>): string[] {
  const problems: string[] = [];
  const replicated = countBy(server.replicated.map((e) => (e as { id: string }).id));
  for (const id of written) if (replicated.get(id) !== 1) problems.push(`event ${id} is on the server ${replicated.get(id) ?? 0} times`);
  const placed = server.website.filter((e) => (e as { type: string }).type === 'OrderPlaced');
  const orders = countBy(placed.map((e) => (e as { data: { orderId: string } }).data.orderId));
  for (const id of accepted) if (orders.get(id) !== 1) problems.push(`website order ${id} (201) is on the server ${orders.get(id) ?? 0} times`);
  if (orders.size !== accepted.size) problems.push(`the website log holds ${orders.size} orders, ${accepted.size} were accepted`);
  return problems;
}

function countBy(values: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return counts;
}

function sameDoc(a: ReturnType<typeof docView>, b: ReturnType<typeof docView>): boolean {
  return same(a.website, b.website) && same(a.replicated, b.replicated) && same([...a.stateVector].sort(), [...b.stateVector].sort());
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
