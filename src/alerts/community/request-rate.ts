import { SosError } from '../../platform/errors.js';

/**
 * A per-client budget of requests in a fixed window, in this server's memory: enough to stop one
 * client flooding the public form or the SMS webhook (each request writes rows and may send a message).
 * Several servers each keep their own, which multiplies the budget but keeps the bound.
 */
export class RequestRate {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
  ) {}

  /** Counts a request of `client` at `now`; RATE_LIMITED (429) past the window's budget. */
  take(client: string, now: number): void {
    const window = this.windows.get(client);
    if (!window || now - window.start >= this.windowMs) {
      // Old windows go when the map grows, so a flood of addresses cannot hold memory.
      if (this.windows.size > 10_000) this.prune(now);
      this.windows.set(client, { start: now, count: 1 });
      return;
    }
    window.count += 1;
    if (window.count > this.limit)
      throw new SosError('RATE_LIMITED', 'Too many requests from this address: try again in a minute');
  }

  private prune(now: number): void {
    for (const [client, window] of this.windows) {
      if (now - window.start >= this.windowMs) this.windows.delete(client);
    }
  }
}
