import type { Actor } from '../../access/roles.js';
import type { Clock } from '../../platform/clock.js';
import type { Queryable } from '../../platform/database.js';
import type { AggregateCache } from '../../surveillance/aggregates/aggregate-cache.js';
import { findChromium, printHtmlToPdf } from './chromium-pdf.js';
import { renderWeeklyReportPdf } from './plain-pdf.js';
import { renderWeeklyReportHtml } from './report-html.js';
import { buildWeeklyReport, type WeeklyReportRequest } from './weekly-report-service.js';

/** A report file ready to save, send or archive. */
export interface WeeklyReportFile {
  bytes: Uint8Array;
  contentType: 'application/pdf' | 'text/html';
  fileName: string;
  /** How the PDF was made: Chromium's print, or the plain fallback when Chromium is absent. */
  engine: 'html' | 'chromium' | 'plain';
}

/** The formats a weekly report is written in. */
export type ReportFormat = 'pdf' | 'html';

/**
 * Builds a weekly report and writes it as HTML, or as PDF: printed by Chromium when the machine
 * has it (SOS_CHROMIUM or Debian's), else laid out by the pure-JavaScript fallback, so a server
 * without a browser still sends its reports.
 */
export async function makeWeeklyReportFile(
  db: Queryable,
  actor: Actor,
  request: WeeklyReportRequest & { format: ReportFormat },
  context: { clock: Clock; cache?: AggregateCache | undefined; chromium?: string | null | undefined },
): Promise<WeeklyReportFile> {
  const report = await buildWeeklyReport(db, actor, request, context);
  const fileName = `sos-weekly-${report.jurisdiction.shortName}-${report.week.label}-${report.audience}.${request.format}`;
  const html = renderWeeklyReportHtml(report);
  if (request.format === 'html') {
    return { bytes: new TextEncoder().encode(html), contentType: 'text/html', fileName, engine: 'html' };
  }
  const chromium = context.chromium === undefined ? findChromium() : context.chromium;
  if (chromium) {
    return {
      bytes: await printHtmlToPdf(html, chromium),
      contentType: 'application/pdf',
      fileName,
      engine: 'chromium',
    };
  }
  return {
    bytes: await renderWeeklyReportPdf(report),
    contentType: 'application/pdf',
    fileName,
    engine: 'plain',
  };
}
