import type { ReportWeek } from '../weekly/report-week.js';
import type { Audience } from '../weekly/weekly-report.js';

/** An email's subject and plain-text body. */
export interface MailText {
  subject: string;
  body: string;
}

/** Who a report is for, as the subject names them. */
const audienceLabel: Record<Audience, string> = {
  internal: 'internal',
  partner: 'partners',
  public: 'public',
};

/** Who may see a report, for the line that asks not to forward it; public reports need none. */
const keepWithin: Record<Audience, string | null> = {
  internal: "This report is for the health department's analysts only. Do not forward it to anyone else.",
  partner:
    'This report is for the partner organizations it was sent to (public safety and harm reduction). Do not forward it beyond them.',
  public: null,
};

/** Whom a report was made for, in the body's first sentence. */
const madeFor: Record<Audience, string> = {
  internal: "for the health department's analysts",
  partner: 'for partner organizations',
  public: 'as published for the public',
};

const formatName = { pdf: 'a PDF file', html: 'an HTML page' } as const;

/**
 * The email that carries a weekly report: the week, the place and the audience in the subject; what
 * is attached in the body, and, for internal and partner reports, a line saying it must not be
 * forwarded beyond its audience (the figures are less suppressed than the public ones).
 */
export function reportMailText(input: {
  jurisdictionName: string;
  week: Pick<ReportWeek, 'label' | 'first' | 'last'>;
  audience: Audience;
  format: 'pdf' | 'html';
  fileName: string;
}): MailText {
  const { jurisdictionName, week, audience } = input;
  const lines = [
    `Attached is the weekly overdose report of ${jurisdictionName} for MMWR week ${week.label} (Sunday ${week.first} to Saturday ${week.last}), ${madeFor[audience]}, as ${formatName[input.format]}: ${input.fileName}.`,
    '',
    'Small counts are hidden in it as the audience requires; a hidden count is shown as "<k".',
  ];
  const caution = keepWithin[audience];
  if (caution) lines.push('', caution);
  lines.push('', 'Sent by SOS on its report schedule. Reply to the health department to stop receiving it.');
  return {
    subject: `Weekly overdose report ${week.label} — ${jurisdictionName} (${audienceLabel[audience]})`,
    body: `${lines.join('\n')}\n`,
  };
}
