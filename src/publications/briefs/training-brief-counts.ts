import { partnerBreakdown } from '../../disclosure/partner-breakdowns.js';
import type { Queryable } from '../../platform/database.js';
import type { AggregateCache } from '../../surveillance/aggregates/aggregate-cache.js';
import {
  type AggregateQuery,
  type Breakdown,
  NO_FILTERS,
} from '../../surveillance/aggregates/aggregate-query.js';
import { countRows } from '../../surveillance/aggregates/aggregate-service.js';
import type {
  AttributeCounts,
  KeyCount,
  TrainingAttribute,
  TrainingCounts,
} from './training-brief-figures.js';

/**
 * The age groups of a training brief: wider than the 5-year bands, since a trainer asks "how many are
 * young, how many middle-aged", and wider groups hide less. A top-coded band that straddles groups
 * (50+, 55+, 60+) cannot be placed and counts with the unknown ages.
 */
export const ageGroups = ['under_25', '25-34', '35-44', '45-54', '55-64', '65_and_over', 'unknown'] as const;

/** The age group of an age band as intake stores it ('unknown' for none). Pure. */
export function ageGroupOf(band: string | null): (typeof ageGroups)[number] {
  const match = band === null ? null : /^(\d+)(?:-(\d+)|\+)$/.exec(band);
  if (!match) return 'unknown';
  const low = Number(match[1]);
  const topCoded = match[2] === undefined;
  if (low >= 65) return '65_and_over';
  if (topCoded) return 'unknown';
  if (low < 25) return 'under_25';
  if (low < 35) return '25-34';
  if (low < 45) return '35-44';
  if (low < 55) return '45-54';
  return '55-64';
}

/** The breakdown each attribute of the brief is counted by. */
const attributeBreakdown: Record<TrainingAttribute, Breakdown> = {
  age_group: 'age_band',
  sex: 'sex',
  race: 'race',
  ethnicity: 'ethnicity',
};

/** Naloxone answers that count as "responded" (fully or partly) and as "did not respond". */
const RESPONDED = new Set(['responded', 'partial_response']);
const NOT_RESPONDED = new Set(['no_response']);

/**
 * The true counts of a training brief over a checked query of whole months (`period` and `by` are
 * set here). Each person attribute passes the partner rule (`partnerBreakdown`, threshold k) month
 * by month against the whole jurisdiction's months before its months are added up.
 */
export async function countTrainingBrief(
  db: Queryable,
  query: AggregateQuery,
  k: number,
  cache?: AggregateCache,
): Promise<TrainingCounts> {
  const all = (by: Breakdown, extra: Partial<AggregateQuery> = {}) =>
    countRows(db, { ...query, ...extra, by, period: 'all' }, cache);
  const [byOutcome, byNaloxone, bySubstance, fentanylByResponse, wholeMonths] = await Promise.all([
    all('fatal'),
    all('naloxone_given'),
    all('substance'),
    all('naloxone_response', { substance: 'fentanyl' }),
    countRows(db, { ...query, ...NO_FILTERS, by: 'none', period: 'month' }, cache),
  ]);
  const of = (rows: readonly { key: string | null; count: number }[], keys: (key: string) => boolean) =>
    rows.filter((r) => keys(r.key ?? 'unknown')).reduce((sum, r) => sum + r.count, 0);
  const total = of(byOutcome, () => true);
  const whole = new Map(wholeMonths.map((r) => [r.period, r.count]));
  const attributes = {} as Record<TrainingAttribute, AttributeCounts>;
  for (const [attribute, by] of Object.entries(attributeBreakdown) as [TrainingAttribute, Breakdown][]) {
    const monthly = await countRows(db, { ...query, by, period: 'month' }, cache);
    const { shown, withheldMonths } = partnerBreakdown(
      monthly.map((r) => ({ month: r.period, key: r.key, count: r.count })),
      whole,
      k,
    );
    const group = attribute === 'age_group' ? ageGroupOf : (key: string | null) => key ?? 'unknown';
    const sums = new Map<string, number>();
    for (const row of shown) sums.set(group(row.key), (sums.get(group(row.key)) ?? 0) + row.count);
    const order = attribute === 'age_group' ? [...ageGroups] : [...sums.keys()].sort();
    attributes[attribute] = {
      values: order.filter((key) => sums.has(key)).map((key) => ({ key, count: sums.get(key) as number })),
      withheldMonths,
    };
  }
  const substances: KeyCount[] = bySubstance
    .map((r) => ({ key: r.key ?? 'unknown', count: r.count }))
    .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
  if (!substances.some((s) => s.key === 'fentanyl')) substances.push({ key: 'fentanyl', count: 0 });
  const fentanylTotal = of(fentanylByResponse, () => true);
  const responded = of(fentanylByResponse, (key) => RESPONDED.has(key));
  const didNotRespond = of(fentanylByResponse, (key) => NOT_RESPONDED.has(key));
  return {
    total,
    outcome: {
      fatal: of(byOutcome, (key) => key === 'fatal'),
      nonfatal: of(byOutcome, (key) => key === 'nonfatal'),
      unknown: of(byOutcome, (key) => key === 'unknown'),
    },
    naloxone: {
      given: of(byNaloxone, (key) => key === 'true'),
      notGiven: of(byNaloxone, (key) => key === 'false'),
      unknown: of(byNaloxone, (key) => key !== 'true' && key !== 'false'),
    },
    substances,
    fentanylNaloxone: { responded, didNotRespond, otherwise: fentanylTotal - responded - didNotRespond },
    attributes,
  };
}
