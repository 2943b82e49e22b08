import type { Clock } from '../platform/clock.js';
import type { Database } from '../platform/database.js';
import type { Keyring } from '../platform/keyring.js';

/** What the outreach services need: the database, the clock and the keys of the persons vault. */
export interface OutreachDependencies {
  db: Database;
  clock: Clock;
  keyring: Keyring;
}
