/** How many failed sign-ins a key may have before each further attempt waits, and how long. */
export interface ThrottlePolicy {
  /** Failures allowed with no wait. */
  freeFailures: number;
  /** The wait after the first failure past the free ones; each further failure doubles it. */
  firstDelayMs: number;
  /** The longest wait, so that the real owner of an account is never shut out for long. */
  maxDelayMs: number;
  /** Failures are forgotten once none happened for this long. */
  forgetAfterMs: number;
}

/** The failed sign-ins counted against one key (an address, an email, a device). */
export interface FailureCount {
  failures: number;
  lastFailureAt: Date;
}

/** Failures still counted at `now`: none once the last one is older than the policy remembers. */
function liveFailures(count: FailureCount | null, policy: ThrottlePolicy, now: Date): number {
  if (!count || now.getTime() - count.lastFailureAt.getTime() >= policy.forgetAfterMs) return 0;
  return count.failures;
}

/** Until when the key must wait before its next attempt, or null when it may try now. */
export function blockedUntil(count: FailureCount | null, policy: ThrottlePolicy, now: Date): Date | null {
  const failures = liveFailures(count, policy, now);
  if (!count || failures < policy.freeFailures) return null;
  const delay = Math.min(policy.maxDelayMs, policy.firstDelayMs * 2 ** (failures - policy.freeFailures));
  const until = new Date(count.lastFailureAt.getTime() + delay);
  return until > now ? until : null;
}

/** The count after one more failure at `now`. */
export function withFailure(count: FailureCount | null, policy: ThrottlePolicy, now: Date): FailureCount {
  return { failures: liveFailures(count, policy, now) + 1, lastFailureAt: now };
}
