/** How counts are cut in time. Weeks are MMWR weeks (Sunday to Saturday), as US public health reports them. */
export const periods = ['day', 'week', 'month', 'year', 'all'] as const;

/** A time cut of the counts. */
export type Period = (typeof periods)[number];

/** What the counts are broken down by (one dimension at a time; `none` gives totals). */
export const breakdowns = [
  'none',
  'area',
  'source_type',
  'fatal',
  'age_band',
  'sex',
  'race',
  'ethnicity',
  'substance',
  'naloxone_given',
  'naloxone_doses',
  'naloxone_response',
  'disposition',
  'case_definition',
  'repeat',
  'reported_by',
  'linked',
] as const;

/** A breakdown dimension. */
export type Breakdown = (typeof breakdowns)[number];

/**
 * Breakdowns under which one overdose can count several times (a death with fentanyl and cocaine
 * counts under both): their counts add up to more than the overdoses, so a share must divide by
 * the overdoses, never by the sum of the counts.
 */
export const MULTI_VALUED_BREAKDOWNS: ReadonlySet<Breakdown> = new Set([
  'substance',
  'case_definition',
  'reported_by',
]);

/** The outcome classes of an overdose, as rollups store them. */
export const fatalClasses = ['fatal', 'nonfatal', 'unknown'] as const;

/** An outcome class. */
export type FatalClass = (typeof fatalClasses)[number];

/** The layer id under which overdoses are counted by their H3 resolution-7 cell. */
export const H3_LAYER = 'h3r7';

/**
 * One aggregate request, already validated. Days are local days of the jurisdiction. An overdose's
 * source type is its primary one (the first source that reported it), so every breakdown sums to the
 * total; substances and case definitions are multi-valued, so those breakdowns count an overdose once
 * per value (an overdose with no substance recorded counts as `none_recorded`).
 */
export interface AggregateQuery {
  jurisdictionId: string;
  from: string;
  to: string;
  period: Period;
  by: Breakdown;
  /** The layer of `by=area` and of the area filter. */
  layer: string | null;
  area: string | null;
  sourceTypes: readonly string[];
  fatal: FatalClass | null;
  substance: string | null;
  caseDefinition: string | null;
  /**
   * Only overdoses whose point is where they happened (rooftop or address precision), not a ZIP's,
   * place's or county's centroid: hot spots would otherwise find the centroids. Always a scan.
   */
  exactPointsOnly?: boolean;
}

/** The filters of a query that counts everything of its jurisdiction and range. */
export const NO_FILTERS = {
  layer: null,
  area: null,
  sourceTypes: [],
  fatal: null,
  substance: null,
  caseDefinition: null,
} as const satisfies Partial<AggregateQuery>;

/** One count: the first day of its period, the breakdown value (null for `none`) and the count. */
export interface AggregateRow {
  period: string;
  key: string | null;
  count: number;
}
