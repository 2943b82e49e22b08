import type { Clock } from '../platform/clock.js';
import type { Database, Queryable } from '../platform/database.js';
import type { Keyring } from '../platform/keyring.js';

/** What the outreach services need: the database, the clock, the keys of the persons vault, the outbox's wake-up. */
export interface OutreachDependencies {
  db: Database;
  clock: Clock;
  keyring: Keyring;
  /** Wakes the outbox after events were committed (break-the-glass notices), so they leave at once. */
  outboxWritten?: () => void;
  /**
   * The coercive-acts register's counts of a program's acts in [from, to), for program metrics: handed
   * in by src/main, since outreach never imports the register.
   */
  countCoerciveActs?: (
    db: Queryable,
    jurisdictionId: string,
    programId: string,
    from: Date,
    to: Date,
  ) => Promise<{ warrant_check: number; arrest: number; involuntary_commitment_petition: number }>;
}
