import type { CountTable } from '../disclosure/count-table.js';
import { PUBLIC_K } from '../disclosure/primary-suppression.js';
import { figureKey, TOTAL } from '../disclosure/published-table.js';
import { protectPublication } from '../disclosure/suppression-engine.js';
import { type DeflectionPathway, deflectionPathways } from './outreach-vocabulary.js';
import { type CaseFacts, countCases, type MetricCounts, median, responseHours } from './program-metrics.js';

/** A count as published: a number, or null when suppressed. */
type Shown = number | null;

/** The metrics as they leave SOS: every count suppressed as the disclosure module decides. */
export interface PublishedMetrics {
  cases: Shown;
  attempted: Shown;
  reached: Shown;
  engaged: Shown;
  hoursToFirstAttempt: { median: number | null; n: Shown };
  hoursToFirstContact: { median: number | null; n: Shown };
  byPathway: ({ pathway: DeflectionPathway | null } & { [K in keyof MetricCounts]: Shown })[];
  suppressedCells: number;
}

const MEASURES = ['cases', 'attempted', 'reached', 'engaged'] as const;
/**
 * What lies between the nested measures (cases not attempted, attempted but not reached, not engaged):
 * never published, but a reader could subtract one measure from another to get them, so they are
 * counted and protected as if published (the reader knows less than the engine assumes, never more).
 */
const REMAINDERS = ['not_attempted', 'attempted_not_reached', 'not_engaged'] as const;
/** Each remainder as `[remainder, whole, part]`: whole = part + remainder, in every row and the totals. */
const NESTING = [
  ['not_attempted', 'cases', 'attempted'],
  ['attempted_not_reached', 'attempted', 'reached'],
  ['not_engaged', 'cases', 'engaged'],
] as const;
/** The row of the cases no deflection pathway opened (overdoses, cases opened by hand). */
const NO_PATHWAY = 'no_pathway';
const TABLE = 'program_metrics';

/**
 * Publishes a program's metrics through the disclosure module, as public figures are: one table of
 * pathways (a row each, and one for cases without a pathway) by measure, whose column totals are the
 * program's counts, suppressed with threshold k (primary: 1..k-1 hidden; complementary: as many more
 * as it takes that no hidden count can be worked out from the others, the totals and the differences
 * of nested measures). The sizes of the hours' medians are the attempted and reached counts, so they
 * hide with them, and a median is shown only over a shown count.
 */
export function publishMetrics(cases: readonly CaseFacts[], k = PUBLIC_K): PublishedMetrics {
  const rows = [...deflectionPathways, NO_PATHWAY];
  const columns = [...MEASURES, ...REMAINDERS];
  const table: CountTable = {
    name: TABLE,
    rows,
    columns,
    counts: rows.map((row) => {
      const counts = countCases(cases.filter((c) => (c.pathway ?? NO_PATHWAY) === row));
      const measures = MEASURES.map((measure) => counts[measure]);
      return [...measures, ...NESTING.map(([, whole, part]) => counts[whole] - counts[part])];
    }),
    totals: { columns: true },
  };
  const at = (row: string, column: string) => ({ table: TABLE, row, column });
  const figureSums = [TOTAL].flatMap((row) =>
    NESTING.map(([remainder, whole, part]) => ({
      figure: at(row, whole),
      sumOf: [at(row, part), at(row, remainder)],
    })),
  );
  const protectedTable = protectPublication({ tables: [table], relations: [], figureSums }, k).publication
    .tables[0];
  const hidden = new Set<string>();
  const shown = (row: string, column: string): Shown => {
    const r = row === TOTAL ? -1 : rows.indexOf(row);
    const c = columns.indexOf(column as (typeof columns)[number]);
    const value = r === -1 ? protectedTable?.columnTotals?.[c] : protectedTable?.cells[r]?.[c];
    if (value === null || value === undefined) hidden.add(figureKey({ table: TABLE, row, column }));
    return value ?? null;
  };
  const totals = Object.fromEntries(MEASURES.map((m) => [m, shown(TOTAL, m)])) as Record<
    (typeof MEASURES)[number],
    Shown
  >;
  const byPathway = rows.map((row) => ({
    pathway: row === NO_PATHWAY ? null : (row as DeflectionPathway),
    ...(Object.fromEntries(MEASURES.map((m) => [m, shown(row, m)])) as Record<
      (typeof MEASURES)[number],
      Shown
    >),
  }));
  const hours = responseHours(cases);
  const medianOver = (values: number[], n: Shown) => (n === null ? null : roundTenth(median(values)));
  return {
    ...totals,
    hoursToFirstAttempt: { median: medianOver(hours.firstAttempt, totals.attempted), n: totals.attempted },
    hoursToFirstContact: { median: medianOver(hours.firstContact, totals.reached), n: totals.reached },
    byPathway,
    suppressedCells: hidden.size,
  };
}

function roundTenth(value: number | null): number | null {
  return value === null ? null : Math.round(value * 10) / 10;
}
