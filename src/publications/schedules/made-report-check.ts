import { SosError } from '../../platform/errors.js';
import type { MadeReport, ReportFormat } from './report-maker.js';

const contentTypeOf = { pdf: 'application/pdf', html: 'text/html' } as const;

/**
 * A file name safe in a Content-Disposition header and on any disk: letters, digits, dots, dashes
 * and underscores only, at most 120 characters, ending with the format's extension.
 */
export function safeReportFileName(fileName: string, format: ReportFormat): string {
  const stem = fileName
    .replace(/\.(pdf|html?)$/i, '')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(0, 110);
  return `${stem || 'weekly-report'}.${format}`;
}

/**
 * Checks what the injected maker returned before it is archived and mailed: bytes, and the content
 * type of the format asked for (a PDF schedule must never mail an HTML page). Returns the file name
 * made safe.
 */
export function checkMadeReport(made: MadeReport, format: ReportFormat): MadeReport {
  if (!(made.bytes instanceof Uint8Array) || made.bytes.byteLength === 0) {
    throw new SosError('INTERNAL', 'The report maker returned an empty file');
  }
  if (made.contentType !== contentTypeOf[format]) {
    throw new SosError(
      'INTERNAL',
      `The report maker returned ${made.contentType} for a ${format} report (expected ${contentTypeOf[format]})`,
    );
  }
  return { ...made, fileName: safeReportFileName(made.fileName, format) };
}
