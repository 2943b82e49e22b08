/**
 * Failed sign-ins per client address in a sliding minute, in memory: a brake on password guessing
 * from one address. Successful sign-ins do not count, so an office behind one address is not locked
 * out at the start of a shift. Account lockout (stored with the user) stops guessing spread over many
 * addresses.
 */
export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly limit = 10,
    private readonly windowMs = 60_000,
  ) {}

  /** Whether the address may try again now. */
  allow(client: string, nowMs: number): boolean {
    const recent = (this.failures.get(client) ?? []).filter((t) => nowMs - t < this.windowMs);
    if (recent.length === 0) this.failures.delete(client);
    else this.failures.set(client, recent);
    return recent.length < this.limit;
  }

  /** Records a failed attempt from the address. */
  recordFailure(client: string, nowMs: number): void {
    const recent = this.failures.get(client) ?? [];
    recent.push(nowMs);
    this.failures.set(client, recent);
    if (this.failures.size > 10_000) this.prune(nowMs);
  }

  private prune(nowMs: number): void {
    for (const [client, times] of this.failures) {
      if (times.every((t) => nowMs - t >= this.windowMs)) this.failures.delete(client);
    }
  }
}
