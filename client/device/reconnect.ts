// Reconnecting with full jitter. When a server goes away, every device it held reconnects at
// once; y-websocket's own backoff is deterministic (100 ms · 2^n, capped), so they would all
// come back in lockstep, on the same instance behind the load balancer. The provider reads
// `maxBackoffTime` right after asking `shouldReconnect`, and waits min(100 ms · 2^n, it):
// setting it to a random fraction of that bound makes the wait uniform in [0, bound].
import type { WebsocketProvider } from 'y-websocket';

/** For WebsocketProvider's `shouldReconnect` option. Close codes 44xx stay final, as by default. */
export function jitteredReconnect(capMs: number, random: () => number = Math.random) {
  return (event: { code: number }, provider: WebsocketProvider): boolean => {
    if (event.code >= 4400 && event.code < 4500) return false;
    const bound = Math.min(capMs, 100 * 2 ** provider.wsUnsuccessfulReconnects);
    provider.maxBackoffTime = Math.max(1, Math.round(random() * bound));
    return true;
  };
}
