import type { Database } from '../../platform/database.js';
import type { Keyring } from '../../platform/keyring.js';
import {
  clearFailureCounts,
  deleteFailureCountsBefore,
  forgiveFailure,
  readFailureCount,
  replaceFailureCount,
} from './sign-in-throttle-repository.js';
import { blockedUntil, type ThrottlePolicy, withFailure } from './sign-in-throttle-rule.js';

/** What failed sign-ins are counted against: a client address, an email (known or not), a device. */
export interface ThrottleSubject {
  kind: 'address' | 'account' | 'device';
  value: string;
}

const MINUTE = 60_000;

/**
 * The policies per kind. An address may fail more often than an account (an office shares one
 * address); an account's and a device's waits stop at 15 minutes, so guessing gets about four tries
 * an hour while the owner, on a device that signed in before, is not held up at all.
 */
export const throttlePolicies: Readonly<Record<ThrottleSubject['kind'], ThrottlePolicy>> = {
  address: { freeFailures: 10, firstDelayMs: MINUTE, maxDelayMs: 15 * MINUTE, forgetAfterMs: 60 * MINUTE },
  account: {
    freeFailures: 5,
    firstDelayMs: MINUTE,
    maxDelayMs: 15 * MINUTE,
    forgetAfterMs: 24 * 60 * MINUTE,
  },
  device: { freeFailures: 5, firstDelayMs: MINUTE, maxDelayMs: 15 * MINUTE, forgetAfterMs: 24 * 60 * MINUTE },
};
const LONGEST_MEMORY_MS = Math.max(...Object.values(throttlePolicies).map((p) => p.forgetAfterMs));

/** Counts failed sign-ins per subject in the database and says when an attempt must wait. */
export class SignInThrottle {
  constructor(
    private readonly db: Database,
    private readonly keyring: Keyring,
  ) {}

  /** The stored key of a subject: its kind and a keyed hash of its value, never the value itself. */
  private keyOf(subject: ThrottleSubject): string {
    const hash = this.keyring.keyedHashes('sign-in throttle', subject.value)[0] as Buffer;
    return `${subject.kind}:${hash.toString('base64url')}`;
  }

  /**
   * Counts the attempt as a failure of every subject before its password is checked, so that many
   * attempts sent at once cannot outrun the count. Returns null when it may go on, or the time until
   * which one of the subjects must wait (and then counts nothing).
   */
  async claimAttempt(subjects: readonly ThrottleSubject[], now: Date): Promise<Date | null> {
    const claimed: string[] = [];
    for (const subject of subjects) {
      const key = this.keyOf(subject);
      const policy = throttlePolicies[subject.kind];
      for (;;) {
        const count = await readFailureCount(this.db, key);
        const until = blockedUntil(count, policy, now);
        if (until) {
          for (const done of claimed) await forgiveFailure(this.db, done);
          return until;
        }
        if (await replaceFailureCount(this.db, key, count, withFailure(count, policy, now))) break;
      }
      claimed.push(key);
    }
    return null;
  }

  /**
   * After a correct password: the account's and the device's failures are forgotten; the address
   * only gets its attempt back, since a success proves nothing about the other attempts from it.
   */
  async attemptSucceeded(subjects: readonly ThrottleSubject[], now: Date): Promise<void> {
    for (const subject of subjects) {
      if (subject.kind === 'address') await forgiveFailure(this.db, this.keyOf(subject));
    }
    const forgotten = subjects.filter((s) => s.kind !== 'address').map((s) => this.keyOf(s));
    if (forgotten.length > 0) await clearFailureCounts(this.db, forgotten);
    await deleteFailureCountsBefore(this.db, new Date(now.getTime() - LONGEST_MEMORY_MS));
  }
}
