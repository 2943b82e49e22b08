import type { OutreachMail } from './outreach-mailer.js';

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
