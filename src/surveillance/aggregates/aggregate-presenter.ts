import {
  type AggregateQuery,
  type AggregateRow,
  type Breakdown,
  MULTI_VALUED_BREAKDOWNS,
  type Period,
} from './aggregate-query.js';
import type { AreaLabel } from './aggregate-repository.js';
import { RELIABLE_EVENTS } from './rate-reliability.js';
import type { ShareDenominator } from './share-denominator.js';

/** What leaves the server for an aggregate request: the resolved query, the counts, and labels. */
export interface AggregateView {
  from: string;
  to: string;
  period: Period;
  by: Breakdown;
  layer: string | null;
  area: string | null;
  /** Population of the counted scope (the area filtered on, or the jurisdiction), for rates. */
  population: number | null;
  rows: AggregateRow[];
  /** The overdoses the filters keep over the range, each once: what a share of a row's count divides by. */
  denominator: ShareDenominator;
  /** Whether an overdose can count under several keys (substances, case definitions), so rows add up past it. */
  multi_valued: boolean;
  /** A rate from fewer overdoses than this is unreliable: the same rule as the reports' "*". */
  rate_unreliable_below: number;
  /** With `by=area` on an imported layer: every area's name and population, counted or not. */
  areas: AreaLabel[] | null;
  /**
   * Present when a partner's person-attribute breakdown passed the T1 rule: its k and the months
   * whose breakdown was withheld (their overdoses are in no row).
   */
  disclosure?: { rule: 'partner_person_attribute'; k: number; withheld_months: string[] };
}

/** Builds the answer field by field, so that nothing else a query touched can leak out. */
export function presentAggregate(input: {
  query: AggregateQuery;
  rows: AggregateRow[];
  denominator: ShareDenominator;
  population: number | null;
  areas: AreaLabel[] | null;
  withheldMonths?: string[];
  k?: number;
}): AggregateView {
  const { query } = input;
  const view: AggregateView = {
    from: query.from,
    to: query.to,
    period: query.period,
    by: query.by,
    layer: query.layer,
    area: query.area,
    population: input.population,
    rows: input.rows.map((r) => ({ period: r.period, key: r.key, count: r.count })),
    denominator: { count: input.denominator.count, label: input.denominator.label },
    multi_valued: MULTI_VALUED_BREAKDOWNS.has(query.by),
    rate_unreliable_below: RELIABLE_EVENTS,
    areas: input.areas?.map((a) => ({ id: a.id, name: a.name, population: a.population })) ?? null,
  };
  if (input.withheldMonths !== undefined && input.k !== undefined) {
    view.disclosure = { rule: 'partner_person_attribute', k: input.k, withheld_months: input.withheldMonths };
  }
  return view;
}
