import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/database.js';
import type { Keyring } from '../../platform/keyring.js';
import type { AccessService } from '../access-service.js';
import type { PlainMailer } from '../invitations/invitation-mail.js';
import type { ProgramMembership } from './program-membership.js';

/** What the users administration, invitations and own passwords need. */
export interface PeopleDependencies {
  db: Database;
  clock: Clock;
  keyring: Keyring;
  /** Opens the session of a user who took up an invitation, as sign-in does. */
  access: AccessService;
  /** Mails invitations (SOS_SMTP_URL). */
  mailer: PlainMailer;
  /** The origin links point at (SOS_PUBLIC_URL); null: the origin the administrator's request came to. */
  publicUrl: string | null;
  /** Hours an invitation link stays good (SOS_INVITATION_HOURS). */
  invitationHours: number;
  programs: ProgramMembership;
}
