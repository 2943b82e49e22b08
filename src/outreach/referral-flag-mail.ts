import type { OutreachMail } from './outreach-mailer.js';
import { caseLink, LINKED_CASES } from './overdue-mail-text.js';

/** A referral named in the coordinators' email: its case, the service and when it was made. */
export interface MailedReferral {
  caseId: string;
  serviceName: string;
  referredAt: Date;
}

/**
 * The coordinators' email about referrals no receiving organization answered within the program's
 * window: case links, service names and dates only, so a forwarded email names no one.
 */
export function unansweredReferralsMail(
  to: string,
  programName: string,
  answerDays: number,
  referrals: readonly MailedReferral[],
  siteUrl: string,
): OutreachMail {
  const counted = `${referrals.length} ${referrals.length === 1 ? 'referral' : 'referrals'}`;
  return {
    to,
    subject: `${programName}: ${counted} without an answer after ${answerDays} days`,
    body: [
      `${counted} of ${programName} ${referrals.length === 1 ? 'has' : 'have'} had no answer from the receiving organization within ${answerDays} days:`,
      '',
      ...referrals
        .slice(0, LINKED_CASES)
        .map(
          (r) => `- ${r.serviceName}, referred ${r.referredAt.toISOString()}: ${caseLink(siteUrl, r.caseId)}`,
        ),
      ...(referrals.length > LINKED_CASES ? [`- and ${referrals.length - LINKED_CASES} more`] : []),
      '',
      'Call the service, or refer the survivor elsewhere. This email names no one on purpose.',
    ].join('\n'),
  };
}
