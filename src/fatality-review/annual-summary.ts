import type { CountTable } from '../disclosure/count-table.js';
import { PUBLIC_K } from '../disclosure/primary-suppression.js';
import {
  type FigureAddress,
  type FigureSum,
  type PublishedTable,
  TOTAL,
} from '../disclosure/published-table.js';
import { auditPublication } from '../disclosure/suppression-auditor.js';
import { protectPublication } from '../disclosure/suppression-engine.js';
import type { DecedentFacts } from '../surveillance/fatal-overdose-facts.js';
import { recommendationStatuses } from './fatality-review.js';
import { missedOpportunityCodes } from './missed-opportunity-categories.js';

/** The true counts of a year of reviews, before suppression. */
export interface AnnualCounts {
  year: number;
  reviewsHeld: number;
  /** Missed opportunities found, by category code. */
  missedOpportunities: ReadonlyMap<string, number>;
  /** Recommendations of the year's reviews, by current status. */
  recommendations: ReadonlyMap<string, number>;
  /** One per review held: its decedent's de-identified facts. */
  decedents: readonly DecedentFacts[];
}

/** The annual summary as it leaves SOS (T0): every figure through the disclosure module, with threshold k. */
export interface AnnualSummary {
  year: number;
  k: number;
  /** The protected tables, every figure as published (null: hidden). */
  tables: PublishedTable[];
  suppressedFigures: number;
}

/** The person attributes the summary breaks decedents down by, with their tables' names. */
export const decedentDimensions = ['age_band', 'sex', 'race', 'ethnicity'] as const;
const REVIEWS = 'reviews';
const ALL = 'all';
const UNKNOWN = 'unknown';
/** The table of a decedent breakdown. */
export const breakdownTable = (dimension: (typeof decedentDimensions)[number]) => `decedents_by_${dimension}`;
/** The table of decedents by substance (one decedent may count under several substances). */
export const SUBSTANCES = 'decedents_by_substance';
/** The table of missed opportunities by category. */
export const MISSED = 'missed_opportunities_by_category';
/** The table of recommendations by status. */
export const RECOMMENDATIONS = 'recommendations_by_status';

const groupOf = (facts: DecedentFacts, dimension: (typeof decedentDimensions)[number]): string => {
  const value = dimension === 'age_band' ? facts.ageBand : facts[dimension];
  return value === null || value === '' ? UNKNOWN : value;
};

/**
 * Publishes a year of fatality reviews for the public (T0) through `protectPublication` with k (the
 * public's 10): reviews held; missed opportunities by category and recommendations by status (each with
 * its column total); decedents by age band, sex, race and ethnicity (each total is the reviews held, a
 * tie declared to the engine); decedents with and without each substance (each row adds up to the
 * reviews held), none of these when fewer than k reviews were held. No identifier, no date finer than
 * the year, no free text. Pure.
 */
export function publishAnnualSummary(counts: AnnualCounts, k = PUBLIC_K): AnnualSummary {
  const at = (table: string, row: string, column: string): FigureAddress => ({ table, row, column });
  const tables: CountTable[] = [];
  const figureSums: FigureSum[] = [];
  const held = at(REVIEWS, ALL, 'reviews_held');
  tables.push({ name: REVIEWS, rows: [ALL], columns: ['reviews_held'], counts: [[counts.reviewsHeld]] });

  tables.push({
    name: MISSED,
    rows: [...missedOpportunityCodes],
    columns: ['missed_opportunities'],
    counts: missedOpportunityCodes.map((code) => [counts.missedOpportunities.get(code) ?? 0]),
    totals: { columns: true },
  });
  tables.push({
    name: RECOMMENDATIONS,
    rows: [...recommendationStatuses],
    columns: ['recommendations'],
    counts: recommendationStatuses.map((status) => [counts.recommendations.get(status) ?? 0]),
    totals: { columns: true },
  });

  // Fewer reviews than k: the breakdowns would name the few decedents' attributes by their rows alone
  // (a row exists only where someone is counted), so none is published; the headline is hidden anyway.
  const decedents = counts.reviewsHeld < k ? [] : counts.decedents;
  for (const dimension of decedentDimensions) {
    const tally = new Map<string, number>();
    for (const d of decedents) tally.set(groupOf(d, dimension), (tally.get(groupOf(d, dimension)) ?? 0) + 1);
    const groups = [...tally.keys()].sort((a, b) =>
      a === UNKNOWN ? 1 : b === UNKNOWN ? -1 : a.localeCompare(b),
    );
    if (groups.length === 0) continue;
    const name = breakdownTable(dimension);
    tables.push({
      name,
      rows: groups,
      columns: ['decedents'],
      counts: groups.map((g) => [tally.get(g) ?? 0]),
      totals: { columns: true },
    });
    figureSums.push({ figure: held, sumOf: [at(name, TOTAL, 'decedents')] });
  }

  const substances = [...new Set(decedents.flatMap((d) => d.substances))].sort();
  if (substances.length > 0)
    tables.push({
      name: SUBSTANCES,
      rows: substances,
      columns: ['decedents_with', 'decedents_without'],
      counts: substances.map((s) => {
        const withIt = decedents.filter((d) => d.substances.includes(s)).length;
        return [withIt, counts.reviewsHeld - withIt];
      }),
      // Each row adds up to the reviews held: said inside the table, so that it is protected on its own.
      totals: { rows: true },
    });
  for (const s of substances) figureSums.push({ figure: held, sumOf: [at(SUBSTANCES, s, TOTAL)] });

  const published = protectTables(tables, figureSums, k);
  let hidden = 0;
  for (const table of published) {
    for (const value of [...table.cells.flat(), ...(table.columnTotals ?? []), ...(table.rowTotals ?? [])]) {
      if (value === null) hidden++;
    }
  }
  return { year: counts.year, k, tables: published, suppressedFigures: hidden };
}

/**
 * Protects each table on its own, then audits them all with every tie between them; only when that
 * joint audit fails are they protected together (one table at a time finds the usual pairs; the joint
 * audit keeps the result as safe as a joint protection), as program outcomes do.
 */
function protectTables(
  tables: readonly CountTable[],
  figureSums: readonly FigureSum[],
  k: number,
): PublishedTable[] {
  const separately = tables.flatMap(
    (table) => protectPublication({ tables: [table], relations: [] }, k).publication.tables,
  );
  if (
    auditPublication({ tables: separately, relations: [], figureSums: [...figureSums] }, k, { exact: true })
      .passed
  ) {
    return separately;
  }
  return protectPublication({ tables: [...tables], relations: [], figureSums: [...figureSums] }, k)
    .publication.tables;
}

/** A published figure of the summary: its value, or null when hidden (undefined: no such figure). */
export function summaryFigure(
  summary: AnnualSummary,
  table: string,
  row: string,
  column: string,
): number | null | undefined {
  const t = summary.tables.find((x) => x.name === table);
  if (!t) return undefined;
  if (row === TOTAL) return t.columnTotals?.[t.columns.indexOf(column)];
  const r = t.rows.indexOf(row);
  if (r === -1) return undefined;
  if (column === TOTAL) return t.rowTotals?.[r];
  return t.cells[r]?.[t.columns.indexOf(column)];
}

/** The summary's figures in the file format `sos suppression check` reads (tables with cells and totals). */
export function summaryFiguresFile(summary: AnnualSummary): { tables: PublishedTable[] } {
  return {
    tables: summary.tables.map((t) => ({
      name: t.name,
      rows: t.rows,
      columns: t.columns,
      cells: t.cells,
      ...(t.rowTotals ? { rowTotals: t.rowTotals } : {}),
      ...(t.columnTotals ? { columnTotals: t.columnTotals } : {}),
      ...(t.total !== undefined ? { total: t.total } : {}),
    })),
  };
}
