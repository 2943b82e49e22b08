import { SosError } from '../../platform/errors.js';
import type { ReportWeek } from '../weekly/report-week.js';
import type { Audience } from '../weekly/weekly-report.js';

/** A report file as made: its bytes, what they are, and the name a reader saves them under. */
export interface MadeReport {
  bytes: Uint8Array;
  contentType: 'application/pdf' | 'text/html';
  fileName: string;
}

/** The formats a report is made in. */
export const reportFormats = ['pdf', 'html'] as const;

/** A report's format. */
export type ReportFormat = (typeof reportFormats)[number];

/**
 * Makes one jurisdiction's weekly report for one audience. Injected: the schedules, the archive and
 * the deliveries around it do not know how a report is drawn, and tests give a small fake.
 */
export type ReportMaker = (request: {
  jurisdictionId: string;
  week: ReportWeek;
  audience: Audience;
  format: ReportFormat;
}) => Promise<MadeReport>;

/** The maker used until a real one is given: every run fails with REPORT_MAKER_MISSING. */
export const missingReportMaker: ReportMaker = async () => {
  throw new SosError('REPORT_MAKER_MISSING');
};
