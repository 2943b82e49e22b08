import { parseArgs } from 'node:util';
import { PUBLIC_K } from '../../disclosure/primary-suppression.js';
import { readPublicationFiles } from '../../disclosure/publication-file.js';
import {
  type AuditReport,
  auditPublication,
  InconsistentPublicationError,
  shownSmallFigures,
} from '../../disclosure/suppression-auditor.js';
import { SosError } from '../../platform/errors.js';
import { type CliCommand, usageError } from './command-line.js';
import { wholeNumber } from './command-support.js';

/**
 * sos suppression check: reads published tables (CSV or JSON), tries to recover every hidden figure
 * from all their linear relations together (interval propagation and linear programming over every
 * equation at once), prints what it could narrow, and exits 1 when a hidden figure is narrowed inside
 * 1..k−1 or a small count (1..k−1) is shown outright, 0 when neither.
 *
 * Linear programming is on by default: propagation alone proves weaker bounds, and a weak lower bound
 * (at least 3) can flag a figure that all the equations together show is large (at least 23), so it
 * cannot be a small count at all. `--fast` skips it for very large inputs, flagging such figures too.
 */
export const suppressionCommand: CliCommand = {
  usage:
    'sos suppression check FILE.csv|FILE.json ... [--k 10] [--fast] [--json]   try to recover hidden figures of published tables',
  run: runSuppression,
};

async function runSuppression(args: string[]): Promise<number> {
  const [subcommand, ...rest] = args;
  if (subcommand !== 'check') throw usageError('Name the subcommand: check');
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      k: { type: 'string', default: String(PUBLIC_K) },
      fast: { type: 'boolean', default: false },
      // The default since linear programming joined; kept so that earlier scripts still run.
      exact: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
  });
  if (positionals.length === 0) throw usageError('Name at least one published table (CSV or JSON)');
  const k = wholeNumber('k', values.k, 2);
  const publication = await readPublicationFiles(positionals);
  let report: AuditReport;
  try {
    report = auditPublication(publication, k, { exact: !values.fast });
  } catch (error) {
    if (error instanceof InconsistentPublicationError) {
      throw new SosError('SUPPRESSION_FIGURES_INCONSISTENT', error.message, { equation: error.equation });
    }
    throw error;
  }
  const shownSmall = shownSmallFigures(publication, k);
  const passed = report.passed && shownSmall.length === 0;
  const tables = publication.tables.map((table) => {
    const hidden = report.hidden.filter((finding) => finding.table === table.name);
    return {
      name: table.name,
      hidden: hidden.map(({ row, column, lo, hi, exposed }) => ({ row, column, lo, hi, exposed })),
      exposed: hidden.filter((finding) => finding.exposed).length,
      shown_small: shownSmall
        .filter((figure) => figure.table === table.name)
        .map(({ row, column, value }) => ({ row, column, value })),
    };
  });
  if (values.json) {
    console.log(JSON.stringify({ k, passed, converged: report.converged, tables }));
    return passed ? 0 : 1;
  }
  for (const table of tables) {
    const problems = [
      ...(table.exposed === 0 ? [] : [`${table.exposed} hidden figure(s) narrowed`]),
      ...(table.shown_small.length === 0 ? [] : [`${table.shown_small.length} small count(s) shown`]),
    ];
    const verdict = problems.length === 0 ? 'passes' : `FAILS: ${problems.join(', ')}`;
    console.log(`${table.name}: ${table.hidden.length} hidden, ${verdict}`);
    for (const figure of table.hidden.filter((f) => f.exposed)) {
      const proved = figure.lo === figure.hi ? `= ${figure.lo}` : `in [${figure.lo}, ${figure.hi ?? '∞'}]`;
      console.log(`  [${figure.row}, ${figure.column}] ${proved}, not the whole 1..${k - 1}`);
    }
    for (const figure of table.shown_small) {
      console.log(`  [${figure.row}, ${figure.column}] shows ${figure.value}, a count of 1..${k - 1}`);
    }
  }
  if (!report.converged) console.log('(bounds stopped at the pass limit: proved, perhaps not the tightest)');
  console.log(passed ? `passed: no hidden figure narrowed (k = ${k})` : `failed (k = ${k})`);
  return passed ? 0 : 1;
}
