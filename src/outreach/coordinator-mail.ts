import { activeUserEmails } from '../access/users/user-directory.js';
import type { Queryable } from '../platform/database.js';
import type { OutreachMail, OutreachMailer } from './outreach-mailer.js';

/** The emails of a program's active coordinators: active members naming an active coordinator, sorted. */
export async function programCoordinatorEmails(
  db: Queryable,
  jurisdictionId: string,
  programId: string,
): Promise<string[]> {
  const members = await db.query<{ user_id: string }>(
    `select distinct user_id::text as user_id from outreach_program_members
     where jurisdiction_id = $1 and program_id = $2 and active and user_id is not null`,
    [jurisdictionId, programId],
  );
  const emails = await activeUserEmails(
    db,
    jurisdictionId,
    members.map((m) => m.user_id),
    ['outreach_coordinator'],
  );
  return [...emails.values()].sort();
}

/**
 * Sends every email it can and keeps the failures; returns how many left and failed. Without an SMTP
 * server nothing is sent and nothing failed: the dashboard's flags are then the only notice.
 */
export async function sendEachMail(
  mailer: OutreachMailer,
  mails: readonly OutreachMail[],
  failures: unknown[],
): Promise<{ sent: number; failed: number }> {
  let sent = 0;
  let failed = 0;
  if (!mailer.configured) return { sent, failed };
  for (const mail of mails) {
    try {
      await mailer.send(mail);
      sent++;
    } catch (error) {
      failures.push(error);
      failed++;
    }
  }
  return { sent, failed };
}
