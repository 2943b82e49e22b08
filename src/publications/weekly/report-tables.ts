/**
 * The report's figures laid out as the PDF prints them: the headline boxes, each breakdown and each
 * alert as a table of text. Pure, so what a reader sees (and what stays hidden) is tested without
 * drawing a page.
 */
import type { PdfTable } from './pdf-table.js';
import { changeText, countText, dayRangeText, momentText, rateText } from './report-text.js';
import type { ReportAlert, ReportBreakdown, WeeklyReport } from './weekly-report.js';

export interface HeadlineBox {
  label: string;
  value: string;
  caption: string;
}

/** Four boxes: this week, the four before, the change against them, the same week last year. */
export function headlineBoxes(report: WeeklyReport): HeadlineBox[] {
  const { headline: figures } = report;
  const previousMean =
    figures.previousFourWeeks === null ? null : Math.round((figures.previousFourWeeks / 4) * 10) / 10;
  return [
    {
      label: 'This week',
      value: countText(figures.total),
      caption:
        figures.fatal === undefined ? 'suspected overdoses' : `of which fatal: ${countText(figures.fatal)}`,
    },
    {
      label: 'Previous four weeks',
      value: countText(figures.previousFourWeeks),
      caption: previousMean === null ? 'weekly mean not shown' : `weekly mean ${previousMean.toFixed(1)}`,
    },
    {
      label: 'Change',
      value: changeText(figures.changeVsPreviousFourWeeks),
      caption: 'vs. previous weekly mean',
    },
    {
      label: 'Same week last year',
      value: countText(figures.sameWeekLastYear),
      caption: `change: ${changeText(figures.changeVsLastYear)}`,
    },
  ];
}

/** A breakdown: label, count and, when its rows have them, rates ("*" unreliable), then the total. */
export function breakdownTable(breakdown: ReportBreakdown): PdfTable {
  const withRates = breakdown.rows.some((row) => row.rate !== undefined);
  const unreliable = breakdown.rows.some(
    (row) => row.count !== null && row.rate != null && row.rateUnreliable,
  );
  return {
    title: breakdown.title,
    columns: withRates
      ? [
          { header: '', share: 0.56 },
          { header: 'Count', share: 0.2, align: 'right' },
          { header: 'Rate per 100,000', share: 0.24, align: 'right' },
        ]
      : [
          { header: '', share: 0.7 },
          { header: 'Count', share: 0.3, align: 'right' },
        ],
    rows: [
      ...breakdown.rows.map((row) => ({
        cells: [
          row.label,
          countText(row.count),
          // A hidden count hides its rate, whatever the row carries.
          ...(withRates ? [row.count === null ? '' : rateText(row.rate, row.rateUnreliable)] : []),
        ],
      })),
      { cells: ['Total', countText(breakdown.total), ...(withRates ? [''] : [])], bold: true },
    ],
    ...(unreliable ? { footnote: '* Fewer than 20 overdoses: the rate is unreliable.' } : {}),
  };
}

/** An alert, its window and status under the title, and what was done about it as rows. */
export function alertTable(alert: ReportAlert, report: WeeklyReport): PdfTable {
  const zone = report.jurisdiction.timeZone;
  return {
    title: `${alert.ruleName} — ${alert.placeName}`,
    subtitle:
      `Raised ${momentText(alert.raisedAt, zone)}; window ${dayRangeText(alert.windowStart, alert.windowEnd)}; ` +
      `${countText(alert.count)} overdoses; status: ${alert.status}.`,
    columns: [
      { header: 'When', share: 0.2 },
      { header: 'By', share: 0.18 },
      { header: 'Response', share: 0.22 },
      { header: 'Note', share: 0.4 },
    ],
    rows: alert.responses.length
      ? alert.responses.map((response) => ({
          cells: [momentText(response.at, zone), response.by, response.action, response.note ?? ''],
        }))
      : [{ cells: ['', '', 'No response recorded', ''] }],
  };
}
