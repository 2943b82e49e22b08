import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { cliActor } from '../../access/roles.js';
import { SosError } from '../../platform/errors.js';
import { parseReportWeek } from '../../publications/weekly/report-week.js';
import { type Audience, audiences } from '../../publications/weekly/weekly-report.js';
import { makeWeeklyReportFile } from '../../publications/weekly/weekly-report-file.js';
import { type CliCommand, usageError } from './command-line.js';
import { withContext } from './command-support.js';

/** What a running server offers instead of `sos report weekly` on its data directory. */
const REPORT_INSTEAD =
  "While the server runs, make the report there: the dashboard's Reports page, or POST /api/v1/publications/schedules/:id/run.";

/**
 * sos report weekly: writes one jurisdiction's report of one MMWR week for an audience, as PDF or
 * HTML by the output file's extension. ID is a jurisdiction's id or short name.
 */
export const reportCommand: CliCommand = {
  usage:
    'sos report weekly --jurisdiction ID --week 2024-W05 --audience internal|partner|public --out FILE.pdf|FILE.html',
  run: runReport,
};

async function runReport(args: string[]): Promise<number> {
  const [subcommand, ...rest] = args;
  if (subcommand !== 'weekly') throw usageError('Name the subcommand: weekly');
  const { values } = parseArgs({
    args: rest,
    options: {
      jurisdiction: { type: 'string' },
      week: { type: 'string' },
      audience: { type: 'string' },
      out: { type: 'string' },
    },
  });
  const { jurisdiction, week, audience, out } = values;
  if (!jurisdiction || !week || !audience || !out)
    throw usageError('--jurisdiction, --week, --audience and --out are required');
  if (!audiences.includes(audience as Audience)) {
    throw new SosError(
      'VALIDATION_FAILED',
      `--audience must be one of ${audiences.join(', ')}, not "${audience}"`,
      {
        field: 'audience',
      },
    );
  }
  const format = out.toLowerCase().endsWith('.pdf')
    ? 'pdf'
    : out.toLowerCase().endsWith('.html')
      ? 'html'
      : null;
  if (!format)
    throw new SosError('VALIDATION_FAILED', `--out must end in .pdf or .html: ${out}`, { field: 'out' });
  const reportWeek = parseReportWeek(week);
  const file = await withContext({ command: 'report weekly', instead: REPORT_INSTEAD }, (context) =>
    makeWeeklyReportFile(
      context.readDb,
      cliActor,
      { jurisdiction, week: reportWeek, audience: audience as Audience, format },
      { clock: context.clock, cache: context.aggregateCache },
    ),
  );
  await writeFile(out, file.bytes);
  const how = file.engine === 'plain' ? ' (Chromium not found: plain PDF layout)' : '';
  console.log(
    `wrote ${out}: ${audience} report of ${reportWeek.label} (${reportWeek.first} to ${reportWeek.last}), ${file.bytes.length} bytes${how}`,
  );
  return 0;
}
