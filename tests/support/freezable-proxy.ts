// A TCP proxy in front of PostgreSQL that can freeze like a network partition: while frozen
// it forwards nothing (in both directions, or only the database's answers) and closes
// nothing: the sockets stay open and the bytes wait in the kernel's buffers, as
// unacknowledged packets would. Thawed, it forwards again, and a side that closed meanwhile
// is then cut on the other side too (as the peer's RST would arrive once the partition heals).
//
// Freezing only the answers, right after a given statement went through, is how a test
// makes a write commit while its client times out (the ambiguous outcome).
import net from 'node:net';

export type Frozen = 'no' | 'both' | 'answers';

export interface FreezableProxy {
  /** `url` with its host and port replaced by the proxy's. */
  via(url: string): string;
  freeze(what?: 'both' | 'answers'): void;
  /** Freezes the answers as soon as a statement containing `sqlFragment` has been forwarded. */
  freezeAnswersAfter(sqlFragment: string): void;
  thaw(): void;
  close(): Promise<void>;
}

interface Pair {
  client: net.Socket;
  server: net.Socket;
  closed: boolean;
}

export async function startFreezableProxy(targetUrl: string): Promise<FreezableProxy> {
  const target = new URL(targetUrl);
  const pairs = new Set<Pair>();
  let frozen: Frozen = 'no';
  let trigger: Buffer | undefined;
  const apply = () => {
    for (const { client, server } of pairs) {
      if (frozen === 'both') client.pause();
      if (frozen !== 'no') server.pause();
    }
  };
  const proxy = net.createServer((client) => {
    const server = net.connect(Number(target.port), target.hostname);
    const pair: Pair = { client, server, closed: false };
    pairs.add(pair);
    forward(client, server, () => frozen === 'both', (chunk) => {
      if (!trigger || !chunk.includes(trigger)) return;
      [trigger, frozen] = [undefined, 'answers'];
      apply();
    });
    forward(server, client, () => frozen !== 'no');
    const cut = () => {
      pair.closed = true;
      if (frozen === 'no') drop(pair, pairs);
    };
    for (const socket of [client, server]) socket.on('close', cut).on('error', () => undefined);
    apply();
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const port = (proxy.address() as net.AddressInfo).port;
  return {
    via: (url) => Object.assign(new URL(url), { hostname: '127.0.0.1', port: String(port) }).toString(),
    freeze: (what = 'both') => {
      frozen = what;
      apply();
    },
    freezeAnswersAfter: (sqlFragment) => {
      trigger = Buffer.from(sqlFragment);
    },
    thaw: () => {
      [frozen, trigger] = ['no', undefined];
      for (const pair of pairs) {
        if (pair.closed) drop(pair, pairs);
        else (pair.client.resume(), pair.server.resume());
      }
    },
    close: () => {
      for (const pair of pairs) drop(pair, pairs);
      return new Promise((resolve) => proxy.close(() => resolve()));
    },
  };
}

/** Copies `from` to `to`, with backpressure, never while `frozen()`; `seen` looks at each chunk after it is written. */
function forward(from: net.Socket, to: net.Socket, frozen: () => boolean, seen: (chunk: Buffer) => void = () => {}): void {
  from.on('data', (chunk: Buffer) => {
    const flushed = to.write(chunk);
    seen(chunk);
    if (flushed) return;
    from.pause();
    to.once('drain', () => frozen() || from.resume());
  });
}

function drop(pair: Pair, pairs: Set<Pair>): void {
  pairs.delete(pair);
  pair.client.destroy();
  pair.server.destroy();
}
