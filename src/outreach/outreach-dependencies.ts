import type { Clock } from '../platform/clock.js';
import type { Database } from '../platform/database.js';
import type { Keyring } from '../platform/keyring.js';

/** What the outreach services need: the database, the clock, the keys of the persons vault, the outbox's wake-up. */
export interface OutreachDependencies {
  db: Database;
  clock: Clock;
  keyring: Keyring;
  /** Wakes the outbox after events were committed (break-the-glass notices), so they leave at once. */
  outboxWritten?: () => void;
}
