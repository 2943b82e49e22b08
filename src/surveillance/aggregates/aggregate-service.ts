import { authorizeUser } from '../../access/authorize.js';
import { findJurisdiction, jurisdictionSettings } from '../../access/jurisdictions/jurisdiction-service.js';
import { actorTier } from '../../access/policy.js';
import type { Actor } from '../../access/roles.js';
import { isPersonAttribute, partnerBreakdown, wholeMonths } from '../../disclosure/partner-breakdowns.js';
import { addDays, monthStart } from '../../platform/calendar-days.js';
import type { Queryable } from '../../platform/database.js';
import { SosError } from '../../platform/errors.js';
import type { AggregateCache } from './aggregate-cache.js';
import { type AggregateView, presentAggregate, presentDataExtent } from './aggregate-presenter.js';
import {
  type AggregateQuery,
  type AggregateRow,
  type Breakdown,
  type FatalClass,
  H3_LAYER,
  NO_FILTERS,
  type Period,
} from './aggregate-query.js';
import {
  type AreaLabel,
  layerExists,
  readAreaLabels,
  readExtent,
  runAggregate,
} from './aggregate-repository.js';
import { aggregateStatement } from './aggregate-sql.js';
import { type ShareDenominator, shareDenominator } from './share-denominator.js';

/** The most rows one answer holds; past it the caller is asked to narrow the range or widen the period. */
export const MAX_AGGREGATE_ROWS = 20_000;

/** Days shown when the request names no range: the last year of data. */
const DEFAULT_SPAN_DAYS = 365;

/** An aggregate request as it arrives: every filter optional. */
export interface AggregateRequest {
  from?: string | undefined;
  to?: string | undefined;
  period: Period;
  by: Breakdown;
  layer?: string | undefined;
  area?: string | undefined;
  sourceType?: string[] | undefined;
  fatal?: FatalClass | undefined;
  substance?: string | undefined;
  caseDefinition?: string | undefined;
}

/** Why the host's command line or an API key may not read aggregates here (issue 5 brings the public's). */
const SIGNED_IN_ONLY = 'Aggregates are read by signed-in users';

/** The first and last day with data, so that the dashboard opens on a range that holds some. */
export async function readDataExtent(db: Queryable, actor: Actor) {
  authorizeUser(actor, 'aggregate.read_partner', SIGNED_IN_ONLY);
  return presentDataExtent(await readExtent(db, actor.jurisdictionId));
}

/**
 * A jurisdiction's first and last day with data and its total, for the services of other modules
 * (publications) that have checked their own reader.
 */
export async function dataExtent(db: Queryable, jurisdictionId: string) {
  return readExtent(db, jurisdictionId);
}

/** A checked request: the query every reader of overdoses filters by, and its layer's areas. */
export interface ResolvedRequest {
  query: AggregateQuery;
  /** The areas of the query's imported layer with names and populations; null for none or H3 cells. */
  areas: AreaLabel[] | null;
}

/**
 * Checks a request against the jurisdiction's layers and areas and fills in its defaults (the last
 * 365 days with data). The layer's areas are read once here, for the callers that label or rate them.
 */
export async function resolveRequest(
  db: Queryable,
  jurisdictionId: string,
  request: AggregateRequest,
): Promise<ResolvedRequest> {
  const layer = request.layer ?? null;
  const area = request.area ?? null;
  if ((request.by === 'area' || area !== null) && layer === null) {
    throw new SosError('VALIDATION_FAILED', 'Name a layer to count by area or to filter by area', {
      field: 'layer',
    });
  }
  let areas: AreaLabel[] | null = null;
  if (layer !== null && layer !== H3_LAYER) {
    areas = await readAreaLabels(db, jurisdictionId, layer);
    if (areas.length === 0 && !(await layerExists(db, jurisdictionId, layer))) {
      throw new SosError('NOT_FOUND', `No layer "${layer}" in this jurisdiction`, { field: 'layer' });
    }
    if (area !== null && !areas.some((a) => a.id === area)) {
      throw new SosError('NOT_FOUND', `No area "${area}" in layer "${layer}"`, { field: 'area' });
    }
  }
  let to = request.to;
  if (to === undefined)
    to = (await readExtent(db, jurisdictionId)).lastDay ?? new Date().toISOString().slice(0, 10);
  const from = request.from ?? addDays(to, 1 - DEFAULT_SPAN_DAYS);
  if (from > to)
    throw new SosError('VALIDATION_FAILED', `"from" (${from}) is after "to" (${to})`, { field: 'from' });
  const query: AggregateQuery = {
    jurisdictionId,
    from,
    to,
    period: request.period,
    by: request.by,
    layer,
    area,
    sourceTypes: request.sourceType ?? [],
    fatal: request.fatal ?? null,
    substance: request.substance ?? null,
    caseDefinition: request.caseDefinition ?? null,
  };
  return { query, areas };
}

/** The checked query alone, for readers that need no area labels. */
export async function resolveAggregateQuery(
  db: Queryable,
  jurisdictionId: string,
  request: AggregateRequest,
): Promise<AggregateQuery> {
  return (await resolveRequest(db, jurisdictionId, request)).query;
}

/**
 * A range longer than a month is counted in two parts: the days before its last month, whose answer
 * stays cached while reports arrive for recent days, and that month. Returns the parts in order.
 */
export function splitRange(from: string, to: string): { from: string; to: string }[] {
  const cut = monthStart(to);
  if (cut <= from) return [{ from, to }];
  return [
    { from, to: addDays(cut, -1) },
    { from: cut, to },
  ];
}

/** Adds up the rows of the parts of a range (a week or year on the cut has rows in both). */
function mergeParts(query: AggregateQuery, parts: AggregateRow[][]): AggregateRow[] {
  if (parts.length === 1) return parts[0] as AggregateRow[];
  // Parts come from the cache, so the same two answers give the same sum: made once, the rows keep
  // one identity that later steps (hot spots) can remember their own work by.
  const [first, last] = parts as [AggregateRow[], AggregateRow[]];
  const known = sums.get(first)?.get(last);
  if (known) return known;
  const merged = new Map<string, AggregateRow>();
  for (const rows of parts) {
    for (const row of rows) {
      // The whole range is one period, labelled with its first day whatever part counted it.
      const period = query.period === 'all' ? query.from : row.period;
      const id = `${period}\u0000${row.key}`;
      const same = merged.get(id);
      if (same) same.count += row.count;
      else merged.set(id, { period, key: row.key, count: row.count });
    }
  }
  const order = (a: string | null, b: string | null) =>
    a === b ? 0 : a === null ? 1 : b === null ? -1 : a < b ? -1 : 1;
  const rows = [...merged.values()].sort((a, b) => order(a.period, b.period) || order(a.key, b.key));
  let bySecond = sums.get(first);
  if (!bySecond) {
    bySecond = new WeakMap();
    sums.set(first, bySecond);
  }
  bySecond.set(last, rows);
  return rows;
}

/** Sums of two parts already made, by the parts' (cached) rows. */
const sums = new WeakMap<AggregateRow[], WeakMap<AggregateRow[], AggregateRow[]>>();

/**
 * The counts of a resolved query, from the cheapest source that answers it exactly (and from the
 * cache while the days it counts are unchanged); refuses answers too long to be useful.
 */
export async function countRows(
  db: Queryable,
  query: AggregateQuery,
  cache?: AggregateCache,
): Promise<AggregateRow[]> {
  const parts = await Promise.all(
    splitRange(query.from, query.to).map((range) => {
      const statement = aggregateStatement({ ...query, ...range });
      return runAggregate(
        db,
        { ...statement, text: `select * from (${statement.text}) counted limit ${MAX_AGGREGATE_ROWS + 1}` },
        cache ? { cache, jurisdictionId: query.jurisdictionId } : undefined,
      );
    }),
  );
  const rows = mergeParts(query, parts);
  if (rows.length > MAX_AGGREGATE_ROWS) {
    throw new SosError(
      'VALIDATION_FAILED',
      `More than ${MAX_AGGREGATE_ROWS} counts: narrow the date range or choose a longer period`,
      { field: 'period' },
    );
  }
  return rows;
}

/**
 * The overdoses a query's filters keep over its whole range, each once whatever the breakdown: a
 * substance breakdown counts a death once per substance, so its counts cannot be their own total.
 */
export async function countDenominator(
  db: Queryable,
  query: AggregateQuery,
  cache?: AggregateCache,
  shownRows?: readonly AggregateRow[],
): Promise<ShareDenominator> {
  const whole = shareDenominator(await countRows(db, { ...query, by: 'fatal', period: 'all' }, cache));
  // Rows of a single-valued breakdown with some months withheld: the shares are of what is shown.
  if (shownRows === undefined) return whole;
  return { ...whole, count: shownRows.reduce((sum, row) => sum + row.count, 0) };
}

/**
 * Counts of overdoses by period and one breakdown, with the filters of the dashboard, for partners
 * (T1) and analysts (T2). Counts only: no row here can identify an overdose's point or exact time.
 */
export async function readAggregates(
  db: Queryable,
  actor: Actor,
  request: AggregateRequest,
  cache?: AggregateCache,
): Promise<AggregateView> {
  authorizeUser(actor, 'aggregate.read_partner', SIGNED_IN_ONLY);
  const jurisdictionId = actor.jurisdictionId;
  const { query, areas } = await resolveRequest(db, jurisdictionId, request);
  const { area } = query;
  const partner = actorTier(actor) === 'T1' && isPersonAttribute(query.by);
  const counted = partner
    ? await countForPartner(db, query, cache)
    : { query, rows: await countRows(db, query, cache) };
  // A partner's withheld months are in no row, so the shares divide by the months shown.
  const denominator = await countDenominator(db, counted.query, cache, partner ? counted.rows : undefined);
  let population: number | null;
  if (area !== null) population = areas?.find((a) => a.id === area)?.population ?? null;
  else population = (await findJurisdiction(db, jurisdictionId))?.population ?? null;
  return presentAggregate({
    ...counted,
    denominator,
    population,
    areas: request.by === 'area' ? areas : null,
  });
}

/**
 * A person-attribute breakdown for a partner (T1): counted by whole calendar month, each month shown
 * or withheld by the disclosure rule, then added up into the asked period (days and weeks become
 * months, since a block smaller than a month would undo the rule).
 */
async function countForPartner(
  db: Queryable,
  asked: AggregateQuery,
  cache?: AggregateCache,
): Promise<{ query: AggregateQuery; rows: AggregateRow[]; withheldMonths: string[]; k: number }> {
  const period: Period = asked.period === 'day' || asked.period === 'week' ? 'month' : asked.period;
  const query: AggregateQuery = { ...asked, ...wholeMonths(asked.from, asked.to), period };
  const monthly: AggregateQuery = { ...query, period: 'month' };
  const whole: AggregateQuery = {
    ...monthly,
    by: 'none',
    ...NO_FILTERS,
  };
  const [rows, wholeRows, settings] = await Promise.all([
    countRows(db, monthly, cache),
    countRows(db, whole, cache),
    jurisdictionSettings(db, query.jurisdictionId),
  ]);
  const { shown, withheldMonths } = partnerBreakdown(
    rows.map((r) => ({ month: r.period, key: r.key, count: r.count })),
    new Map(wholeRows.map((r) => [r.period, r.count])),
    settings.k,
  );
  const label = (month: string) =>
    period === 'month' ? month : period === 'year' ? `${month.slice(0, 4)}-01-01` : query.from;
  const added = new Map<string, AggregateRow>();
  for (const row of shown) {
    const periodLabel = label(row.month);
    const id = `${periodLabel}\u0000${row.key}`;
    const same = added.get(id);
    if (same) same.count += row.count;
    else added.set(id, { period: periodLabel, key: row.key, count: row.count });
  }
  return { query, rows: [...added.values()], withheldMonths, k: settings.k };
}
