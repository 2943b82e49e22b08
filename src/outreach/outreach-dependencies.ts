import type { Clock } from '../platform/clock.js';
import type { Database } from '../platform/database.js';
import type { Keyring } from '../platform/keyring.js';

/** A program's coercive acts counted by kind, as the separate register counts them (never listed). */
export interface CoerciveActTally {
  warrant_check: number;
  arrest: number;
  involuntary_commitment_petition: number;
}

/**
 * The register's count of a program's coercive acts in [from, to), or null when it is unknown. Injected
 * by the composition root: outreach never imports the register (its rule), it only receives counts.
 */
export type CoerciveActCounts = (
  jurisdictionId: string,
  programId: string,
  from: Date,
  to: Date,
) => Promise<CoerciveActTally | null>;

/** The port until the register is wired: unknown (null), never a zero that would read as "none". */
export const coerciveActsUnknown: CoerciveActCounts = async () => null;

/** What the outreach services need: the database, the clock, the keys of the persons vault, the outbox's wake-up. */
export interface OutreachDependencies {
  db: Database;
  clock: Clock;
  keyring: Keyring;
  /** Wakes the outbox after events were committed (break-the-glass notices), so they leave at once. */
  outboxWritten?: () => void;
  /** The coercive-acts register's counts for program outcomes; unknown when absent. */
  coerciveActCounts?: CoerciveActCounts;
}
