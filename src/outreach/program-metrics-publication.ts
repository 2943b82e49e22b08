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
/** The row of the cases no deflection pathway opened (overdoses, cases opened by hand). */
const NO_PATHWAY = 'no_pathway';
const TABLE = 'program_metrics';

/**
 * Publishes a program's metrics through the disclosure module, as public figures are: one table of
 * pathways (a row each, and one for cases without a pathway) by measure, whose column totals are the
 * program's counts, suppressed with threshold k (primary: 1..k-1 hidden; complementary: as many more
 * as it takes that no hidden count can be worked out from the others and the totals). The sizes of
 * the hours' medians are the attempted and reached counts, so they hide with them, and a median is
 * shown only over a shown count.
 */
export function publishMetrics(cases: readonly CaseFacts[], k = PUBLIC_K): PublishedMetrics {
  const rows = [...deflectionPathways, NO_PATHWAY];
  const table: CountTable = {
    name: TABLE,
    rows,
    columns: [...MEASURES],
    counts: rows.map((row) => {
      const counts = countCases(cases.filter((c) => (c.pathway ?? NO_PATHWAY) === row));
      return MEASURES.map((measure) => counts[measure]);
    }),
    totals: { columns: true },
  };
  const protectedTable = protectPublication({ tables: [table], relations: [] }, k).publication.tables[0];
  const hidden = new Set<string>();
  const shown = (row: string, column: string): Shown => {
    const r = row === TOTAL ? -1 : rows.indexOf(row);
    const c = MEASURES.indexOf(column as (typeof MEASURES)[number]);
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
