// Password checks (scrypt) run on libuv's small thread pool, which page file reads and
// WebSocket compression use too. A burst of logins (a flood of guesses from many addresses)
// must not take every thread: measured before this gate, 250 parallel guesses held page loads
// and honest logins for ≈40 s, and a sync socket's compression stalled until it dropped. So at
// most `running` checks run at once; up to `queued` more wait their turn, and beyond that a
// login is answered "busy" at once (503 with Retry-After) rather than held.
export const PASSWORD_CHECKS = { running: 2, queued: 64 };

export class PasswordGate {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limits = PASSWORD_CHECKS) {}

  /** Runs `check` when a slot is free; undefined (not run) when too many already wait. */
  async run<T>(check: () => Promise<T>): Promise<T | undefined> {
    if (this.active >= this.limits.running) {
      if (this.waiting.length >= this.limits.queued) return undefined;
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.active += 1;
    }
    try {
      return await check();
    } finally {
      const next = this.waiting.shift();
      if (next) next(); // the slot passes on: `active` stays
      else this.active -= 1;
    }
  }
}
