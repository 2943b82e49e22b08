import type { AggregateQuery, AggregateRow } from './aggregate-query.js';
import type { AreaLabel } from './aggregate-repository.js';

/** What leaves the server for an aggregate request: the resolved query, the counts, and labels. */
export interface AggregateView {
  from: string;
  to: string;
  period: string;
  by: string;
  layer: string | null;
  area: string | null;
  /** Population of the counted scope (the area filtered on, or the jurisdiction), for rates. */
  population: number | null;
  rows: AggregateRow[];
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
    areas: input.areas?.map((a) => ({ id: a.id, name: a.name, population: a.population })) ?? null,
  };
  if (input.withheldMonths !== undefined && input.k !== undefined) {
    view.disclosure = { rule: 'partner_person_attribute', k: input.k, withheld_months: input.withheldMonths };
  }
  return view;
}
