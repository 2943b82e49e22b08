import { z } from 'zod';
import type { OutreachMail, OutreachMailer } from './outreach-mailer.js';

/** The outbox topic of the notices: written after the glass breaks, sent (and retried) by the outbox. */
export const GLASS_NOTICE_TOPIC = 'outreach.glass_notice';

/** What the privacy contact is told of a broken glass: who, which case, why, until when. */
export interface GlassNotice {
  to: string;
  programName: string;
  caseId: string;
  readerName: string;
  readerEmail: string | null;
  reason: string;
  expiresAt: Date;
}

/**
 * The notice to a program's privacy contact that a coordinator of another program broke the glass on
 * one of its cases. It names the case by id only and carries nothing of the survivor.
 */
export function glassNoticeMail(notice: GlassNotice): OutreachMail {
  const reader = notice.readerEmail ? `${notice.readerName} <${notice.readerEmail}>` : notice.readerName;
  return {
    to: notice.to,
    subject: `${notice.programName}: break-the-glass read of case ${notice.caseId}`,
    body: [
      `A coordinator of another program broke the glass to read a case of ${notice.programName}.`,
      '',
      `Who: ${reader}`,
      `Case: ${notice.caseId}`,
      `Reason given: ${notice.reason}`,
      `Access until: ${notice.expiresAt.toISOString()}`,
      '',
      "The read is in the jurisdiction's audit log (purpose: emergency). If it was not justified, take it up with",
      'the coordinator and your administrator.',
    ].join('\n'),
  };
}

/** A notice as the outbox stores it (JSON: the expiry as an ISO time). */
const storedNotice = z.object({
  to: z.string(),
  programName: z.string(),
  caseId: z.string(),
  readerName: z.string(),
  readerEmail: z.string().nullable(),
  reason: z.string(),
  expiresAt: z.iso.datetime({ offset: true }),
});

/**
 * Sends a notice taken from the outbox; a refused send throws, so the outbox tries again later.
 * Without an SMTP server there is no one to send it through: it is logged and dropped (the audit
 * log keeps the break).
 */
export async function sendGlassNotice(mailer: OutreachMailer, payload: unknown): Promise<void> {
  const notice = storedNotice.parse(payload);
  if (!mailer.configured) {
    console.error(`break-the-glass notice to ${notice.to} not sent: SOS_SMTP_URL is not set`);
    return;
  }
  await mailer.send(glassNoticeMail({ ...notice, expiresAt: new Date(notice.expiresAt) }));
}
