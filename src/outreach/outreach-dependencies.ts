import type { Clock } from '../platform/clock.js';
import type { Database } from '../platform/database.js';
import type { Keyring } from '../platform/keyring.js';
import type { OutreachMailer } from './outreach-mailer.js';

/** What the outreach services need: the database, the clock, the keys of the persons vault and the mailer. */
export interface OutreachDependencies {
  db: Database;
  clock: Clock;
  keyring: Keyring;
  /** Sends the module's emails (break-the-glass notices); without it none is sent. */
  mailer?: OutreachMailer;
}
