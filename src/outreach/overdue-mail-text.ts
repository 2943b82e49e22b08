import type { OutreachMail } from './outreach-mailer.js';

/** Where a case opens in the dashboard: case ids only, never a name, so a forwarded email names nobody. */
export function caseLink(siteUrl: string, caseId: string): string {
  return `${siteUrl.replace(/\/+$/, '')}/outreach/cases/${caseId}`;
}

/** A case named in an email: its id and when it was (or is) due. */
export interface MailedCase {
  id: string;
  dueAt: Date;
}

/** The most cases an email links to (a first run over a long backlog would otherwise list thousands). */
export const LINKED_CASES = 50;

const caseLines = (siteUrl: string, cases: readonly MailedCase[]) =>
  [
    ...cases.slice(0, LINKED_CASES).map((c) => `- ${caseLink(siteUrl, c.id)} (due ${c.dueAt.toISOString()})`),
    ...(cases.length > LINKED_CASES ? [`- and ${cases.length - LINKED_CASES} more on the queue`] : []),
  ].join('\n');

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** The coordinator's email: cases of her program past their response window with the survivor not yet reached. */
export function escalationMail(
  to: string,
  programName: string,
  cases: readonly MailedCase[],
  siteUrl: string,
): OutreachMail {
  const counted = plural(cases.length, 'case', 'cases');
  return {
    to,
    subject: `${programName}: ${counted} past the response window`,
    body: [
      `${counted} of ${programName} ${cases.length === 1 ? 'is' : 'are'} past the response window, with the survivor not yet reached:`,
      '',
      caseLines(siteUrl, cases),
      '',
      'Open each case in SOS to assign it or follow it up. This email names no one on purpose.',
    ].join('\n'),
  };
}

/** The assigned worker's reminder: her cases due within the reminder's horizon, survivor not yet reached. */
export function reminderMail(
  to: string,
  cases: readonly MailedCase[],
  horizonHours: number,
  siteUrl: string,
): OutreachMail {
  const counted = plural(cases.length, 'case', 'cases');
  return {
    to,
    subject: `${counted} assigned to you due within ${horizonHours} hours`,
    body: [
      `${counted} assigned to you ${cases.length === 1 ? 'reaches' : 'reach'} the end of the response window within ${horizonHours} hours:`,
      '',
      caseLines(siteUrl, cases),
      '',
      'Open each case in SOS to record your next attempt. This email names no one on purpose.',
    ].join('\n'),
  };
}
