import { activeAnalystEmails } from '../../access/users/user-directory.js';
import type { Queryable } from '../../platform/database.js';
import { SosError } from '../../platform/errors.js';
import type { Audience } from '../weekly/weekly-report.js';
import { type RefusedRecipient, refusedInternalRecipients } from './internal-recipient-rule.js';
import { findInternalReportDomains } from './recipient-settings-repository.js';

/**
 * The recipients of a report for this audience that may not receive it now: for internal reports,
 * whoever is neither an active analyst of the jurisdiction nor in one of its allowlisted domains;
 * partner and public reports refuse no one (their content is fit for their readers).
 */
export async function refusedRecipients(
  db: Queryable,
  jurisdictionId: string,
  audience: Audience,
  recipients: readonly string[],
): Promise<RefusedRecipient[]> {
  if (audience !== 'internal' || recipients.length === 0) return [];
  const analystEmails = await activeAnalystEmails(db, jurisdictionId, recipients);
  const domains = await findInternalReportDomains(db, jurisdictionId);
  return refusedInternalRecipients(recipients, { analystEmails, domains });
}

/** Throws REPORT_RECIPIENT_NOT_ALLOWED naming every recipient the audience refuses, if any. */
export async function assertRecipientsAllowed(
  db: Queryable,
  jurisdictionId: string,
  audience: Audience,
  recipients: readonly string[],
): Promise<void> {
  const refused = await refusedRecipients(db, jurisdictionId, audience, recipients);
  if (refused.length === 0) return;
  const names = refused.map((r) => r.recipient);
  throw new SosError(
    'REPORT_RECIPIENT_NOT_ALLOWED',
    `Internal reports go only to active analysts of the jurisdiction or to its allowlisted domains; not allowed: ${names.join(', ')}`,
    { field: 'recipients', recipients: names },
  );
}
