/**
 * Sign-in attempts per client address in a sliding minute, in memory: a brake on password guessing
 * from one address. Account lockout (stored with the user) stops guessing spread over many addresses.
 */
export class LoginThrottle {
  private readonly attempts = new Map<string, number[]>();

  constructor(
    private readonly limit = 10,
    private readonly windowMs = 60_000,
  ) {}

  /** Records an attempt and says whether it is allowed. */
  allow(client: string, nowMs: number): boolean {
    const recent = (this.attempts.get(client) ?? []).filter((t) => nowMs - t < this.windowMs);
    if (recent.length >= this.limit) {
      this.attempts.set(client, recent);
      return false;
    }
    recent.push(nowMs);
    this.attempts.set(client, recent);
    if (this.attempts.size > 10_000) this.prune(nowMs);
    return true;
  }

  private prune(nowMs: number): void {
    for (const [client, times] of this.attempts) {
      if (times.every((t) => nowMs - t >= this.windowMs)) this.attempts.delete(client);
    }
  }
}
