import { z } from 'zod';
import {
  type AggregateQuery,
  type AggregateRow,
  breakdowns,
  MULTI_VALUED_BREAKDOWNS,
  periods,
} from './aggregate-query.js';
import type { AreaLabel } from './aggregate-repository.js';
import { RELIABLE_EVENTS } from './rate-reliability.js';
import type { ShareDenominator } from './share-denominator.js';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD');

/** The answer of the counts endpoint, each field with what it means (shares above all). */
export const aggregateViewSchema = z.object({
  from: isoDate,
  to: isoDate,
  period: z.enum(periods),
  by: z.enum(breakdowns),
  layer: z.string().nullable(),
  area: z.string().nullable(),
  population: z
    .number()
    .nullable()
    .describe('Residents of the counted scope (the area filtered on, or the jurisdiction), for rates'),
  rows: z.array(
    z.object({
      period: z.string().describe('First day of the period'),
      key: z.string().nullable().describe('The breakdown value; null when by=none'),
      count: z.number().int(),
    }),
  ),
  denominator: z
    .object({
      count: z.number().int().describe('Overdoses the filters keep over the whole range, each counted once'),
      label: z
        .enum(['deaths', 'overdoses'])
        .describe('"deaths" when every one of them was fatal, else "overdoses"'),
    })
    .describe(
      'What a share of a row divides by: the overdoses, never the sum of the rows. A share reads ' +
        '"92% of 1,445 deaths": 1,332 deaths with any opioid of 1,445 deaths, though the substance ' +
        'counts add up to 5,157 mentions.',
    ),
  multi_valued: z
    .boolean()
    .describe(
      'True for substance and case_definition: one overdose counts under each of its values, so the ' +
        'rows add up to more than the denominator and shares add up to more than 100%',
    ),
  rate_unreliable_below: z
    .number()
    .int()
    .describe(
      'A rate per 100,000 from fewer overdoses than this (20) is unreliable (relative standard error ' +
        'above about 23%), as the reports mark it "*"; the dashboard marks it and ranks it after reliable rates',
    ),
  areas: z
    .array(z.object({ id: z.string(), name: z.string(), population: z.number().nullable() }))
    .nullable()
    .describe('With by=area on an imported layer: every area of the layer, counted or not'),
  disclosure: z
    .object({
      rule: z.literal('partner_person_attribute'),
      k: z.number().int(),
      withheld_months: z.array(isoDate),
    })
    .optional()
    .describe(
      "Partners' breakdowns by age, sex, race or ethnicity: counted by whole months, and a month of " +
        'fewer than k overdoses (or whose rest of the jurisdiction held 1 to k-1) is withheld: its ' +
        'overdoses are in no row and not in the denominator',
    ),
});

/** What leaves the server for an aggregate request: the resolved query, the counts, and labels. */
export type AggregateView = z.infer<typeof aggregateViewSchema>;

/** The first and last day with overdoses and their number, as they leave the server. */
export const dataExtentSchema = z.object({
  first_day: isoDate.nullable().describe('The first local day with overdoses; null when there are none'),
  last_day: isoDate.nullable(),
  total: z.number().int(),
});

/** The extent of the data with the answer's names. */
export function presentDataExtent(extent: {
  firstDay: string | null;
  lastDay: string | null;
  total: number;
}) {
  return { first_day: extent.firstDay, last_day: extent.lastDay, total: extent.total };
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
