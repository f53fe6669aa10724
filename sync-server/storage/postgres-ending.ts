// Closing connections to a database that may not answer.
//
// pg says goodbye politely: it sends Terminate and waits for the database to close the socket.
// In a partition (or with a frozen server) that close never comes, so a server shutting down
// would wait until the OS gave up on the connection (minutes). These helpers wait at most a
// bound, then destroy the sockets: the database ends those sessions when it notices, exactly as
// for a connection that timed out (postgres-timeouts.ts).
import type pg from 'pg';

/** pg keeps the socket on the client's connection; its types do not name it. */
function destroySocket(client: pg.ClientBase): void {
  (client as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream?.destroy();
}

/** Resolves when `ending` does, or after `ms`, having called `giveUp` first. */
async function within(ms: number, ending: Promise<unknown>, giveUp: () => void): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<void>((resolve) => {
    timer = setTimeout(() => (giveUp(), resolve()), ms);
  });
  try {
    await Promise.race([ending.then(() => undefined, () => undefined), late]);
  } finally {
    clearTimeout(timer);
  }
}

/** A pool that knows its open connections, so that its end can be bounded. */
export function trackConnections(pool: pg.Pool): (ms: number) => Promise<void> {
  const open = new Set<pg.PoolClient>();
  pool.on('connect', (client) => open.add(client));
  pool.on('remove', (client) => open.delete(client));
  return (ms) => within(ms, pool.end(), () => open.forEach(destroySocket));
}

/** Ends one client, destroying its socket if the database does not close it within `ms`. */
export function endClientWithin(client: pg.Client, ms: number): Promise<void> {
  return within(ms, client.end(), () => destroySocket(client));
}
