import { authorizeUser, type SignedInUser } from '../../access/authorize.js';
import { findJurisdiction, jurisdictionSettings } from '../../access/jurisdictions/jurisdiction-service.js';
import type { Actor } from '../../access/roles.js';
import { addDays } from '../../platform/calendar-days.js';
import type { Clock } from '../../platform/clock.js';
import type { Queryable } from '../../platform/database.js';
import { SosError } from '../../platform/errors.js';
import { localDateOf } from '../../platform/time-zones.js';
import type { AggregateCache } from '../../surveillance/aggregates/aggregate-cache.js';
import { H3_LAYER } from '../../surveillance/aggregates/aggregate-query.js';
import { countRows, dataExtent, resolveRequest } from '../../surveillance/aggregates/aggregate-service.js';
import {
  QUARTER_HOUR_SECONDS,
  readCellCounts,
  readQuarterHourCounts,
} from '../../surveillance/aggregates/area-detail-counts.js';
import { readHotSpots } from '../../surveillance/hotspots/hotspot-service.js';
import { layersOf } from '../../surveillance/layer-geometry-service.js';
import { groupDigits } from '../weekly/report-text.js';
import { lastCompleteWeek, parseReportWeek, type ReportWeek, shiftWeek } from '../weekly/report-week.js';
import { hourOfWeekCounts } from './hour-of-week.js';
import {
  assemblePublicSafetyBrief,
  type BriefArea,
  type BriefContext,
  type BriefCounts,
  type BriefPeriod,
  type PublicSafetyBrief,
} from './public-safety-brief.js';
import { assembleResourceNeed, type JurisdictionTotals, type ResourceNeed } from './resource-need.js';

/** What a brief is read with. */
export interface BriefDependencies {
  db: Queryable;
  clock: Clock;
  cache?: AggregateCache | undefined;
}

/** A request for a public safety brief: an area of a layer (or none: the whole jurisdiction) and whole weeks. */
export interface PublicSafetyBriefRequest {
  layer?: string | undefined;
  area?: string | undefined;
  /** How many whole MMWR weeks, ending with `endWeek`; 12 by default. */
  weeks?: number | undefined;
  /** The last week (2024-W05), a complete one; by default the last complete week with data. */
  endWeek?: string | undefined;
}

/** Weeks of a brief when none are asked for: a quarter, long enough for hours of the week to show a pattern. */
export const DEFAULT_BRIEF_WEEKS = 12;

/** The false discovery rate of the brief's hot spots, the dashboard's default. */
const HOT_SPOT_ALPHA = 0.05;

const REFUSAL = 'Briefs are read by signed-in users';

/**
 * The public safety brief of an area over whole weeks, for partners (T1) and analysts: the hour of
 * the week heat map, hot spots (H3 resolution-7 cells, the partner's cell size), the trend against
 * the same weeks a year before, fatal and non-fatal, and the focus windows. Counts only: no point,
 * no line, no person attribute; published at the jurisdiction's partner k (T1: counts as they are unless it is raised).
 */
export async function buildPublicSafetyBrief(
  deps: BriefDependencies,
  actor: Actor,
  request: PublicSafetyBriefRequest,
): Promise<PublicSafetyBrief> {
  authorizeUser(actor, 'brief.read', REFUSAL);
  const { counts, context } = await readBriefCounts(deps, actor, request);
  return assemblePublicSafetyBrief(counts, context);
}

/**
 * The one-page resource-need summary of the same area and weeks, for officials: published as the
 * public's (public k, complementary suppression), for an area of at least the public minimum
 * population, since a handout leaves the partners' hands.
 */
export async function buildResourceNeed(
  deps: BriefDependencies,
  actor: Actor,
  request: PublicSafetyBriefRequest,
): Promise<ResourceNeed> {
  authorizeUser(actor, 'brief.read', REFUSAL);
  const { counts, context, jurisdictionPopulation, query, settings } = await readBriefCounts(
    deps,
    actor,
    request,
  );
  const { area } = context;
  if (context.handoutRefusal !== null)
    throw new SosError('RESOURCE_NEED_AREA_TOO_SMALL', context.handoutRefusal, { field: 'area' });
  let whole: JurisdictionTotals | null = null;
  if (area.id !== null) {
    const everywhere = { ...query, layer: null, area: null, period: 'all' as const, by: 'none' as const };
    const { lastYearFrom, lastYearTo } = context.period;
    const [now, before] = await Promise.all([
      countRows(deps.db, everywhere, deps.cache),
      countRows(deps.db, { ...everywhere, from: lastYearFrom, to: lastYearTo }, deps.cache),
    ]);
    const sum = (rows: { count: number }[]) => rows.reduce((n, r) => n + r.count, 0);
    whole = { population: jurisdictionPopulation, total: sum(now), lastYearTotal: sum(before) };
  }
  return assembleResourceNeed(counts, context, whole, settings.k);
}

/** The true counts of a brief and what it is about; the caller has checked its reader. */
async function readBriefCounts(
  deps: BriefDependencies,
  actor: SignedInUser,
  request: PublicSafetyBriefRequest,
) {
  const { db } = deps;
  const jurisdictionId = actor.jurisdictionId;
  const jurisdiction = await findJurisdiction(db, jurisdictionId);
  if (!jurisdiction) throw new SosError('NOT_FOUND', 'No such jurisdiction');
  const [settings, area] = await Promise.all([
    jurisdictionSettings(db, jurisdictionId),
    resolveBriefArea(db, jurisdictionId, request, jurisdiction.population),
  ]);
  const period = await briefPeriod(deps, jurisdictionId, jurisdiction.timeZone, request);
  const filters = { layer: area.layerId ?? undefined, area: area.id ?? undefined };
  const { query } = await resolveRequest(db, jurisdictionId, {
    ...filters,
    from: period.from,
    to: period.to,
    period: 'week',
    by: 'none',
  });
  const lastYear = { ...query, from: period.lastYearFrom, to: period.lastYearTo };
  const [weekly, weeklyLastYear, outcomes, quarters, cells, hotSpots] = await Promise.all([
    countRows(db, query, deps.cache),
    countRows(db, lastYear, deps.cache),
    countRows(db, { ...query, period: 'all', by: 'fatal' }, deps.cache),
    readQuarterHourCounts(db, query),
    readCellCounts(db, query),
    readHotSpots(
      db,
      actor,
      { from: period.from, to: period.to, layer: H3_LAYER, alpha: HOT_SPOT_ALPHA },
      deps.cache,
    ),
  ]);
  const byWeek = (rows: { period: string; count: number }[]) => new Map(rows.map((r) => [r.period, r.count]));
  const thisYear = byWeek(weekly);
  const before = byWeek(weeklyLastYear);
  const outcome = new Map(outcomes.map((r) => [r.key, r.count]));
  const analysis = new Map(hotSpots.areas.map((a) => [a.id, a]));
  const counts: BriefCounts = {
    hourOfWeek: hourOfWeekCounts(
      quarters.timed,
      quarters.untimed,
      jurisdiction.timeZone,
      QUARTER_HOUR_SECONDS,
    ),
    outcome: {
      fatal: outcome.get('fatal') ?? 0,
      nonfatal: outcome.get('nonfatal') ?? 0,
      unknown: outcome.get('unknown') ?? 0,
    },
    weekly: period.weeks.map((w) => thisYear.get(w.first) ?? 0),
    weeklyLastYear: period.lastYearWeeks.map((w) => before.get(w.first) ?? 0),
    cells: cells.map(({ cell, count }) => {
      const spot = analysis.get(cell);
      return {
        cell,
        name: spot?.name ?? null,
        count,
        hot: spot?.hot ?? false,
        fewOfItsOwn: spot?.few_of_its_own ?? false,
        z: spot?.z ?? null,
      };
    }),
    tooFewToTest: hotSpots.too_few_to_test,
  };
  const context: BriefContext = {
    jurisdiction: {
      name: jurisdiction.name,
      shortName: jurisdiction.shortName,
      timeZone: jurisdiction.timeZone,
    },
    area,
    period,
    k: settings.partnerK,
    generatedAt: `${deps.clock.now().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    handoutRefusal: handoutRefusal(area, settings.minPopulation),
  };
  return { counts, context, settings, jurisdictionPopulation: jurisdiction.population, query };
}

/** Why an area is too small for a handout to the public, or null: the whole jurisdiction always may. */
function handoutRefusal(area: BriefArea, minPopulation: number): string | null {
  if (area.id === null || (area.population !== null && area.population >= minPopulation)) return null;
  const residents =
    area.population === null ? 'no known population' : `${groupDigits(area.population)} residents`;
  return `${area.name} has ${residents}; a handout is made for areas of ${groupDigits(minPopulation)} residents or more (the public minimum): choose a larger area or the whole jurisdiction`;
}

/** The area asked for, checked against the jurisdiction's layers, with its name and population. */
async function resolveBriefArea(
  db: Queryable,
  jurisdictionId: string,
  request: PublicSafetyBriefRequest,
  jurisdictionPopulation: number | null,
): Promise<BriefArea> {
  if (request.area === undefined) {
    return {
      layerId: null,
      layerName: null,
      id: null,
      name: 'the whole jurisdiction',
      population: jurisdictionPopulation,
    };
  }
  if (request.layer === undefined)
    throw new SosError('VALIDATION_FAILED', 'Name the layer of the area', { field: 'layer' });
  if (request.layer === H3_LAYER)
    throw new SosError(
      'VALIDATION_FAILED',
      'Choose an area of a layer (precincts, towns, tracts), not an H3 cell',
      {
        field: 'layer',
      },
    );
  const { areas } = await resolveRequest(db, jurisdictionId, {
    layer: request.layer,
    area: request.area,
    period: 'all',
    by: 'none',
    from: '2000-01-01',
    to: '2000-01-01',
  });
  const label = areas?.find((a) => a.id === request.area);
  const layer = (await layersOf(db, jurisdictionId)).find((l) => l.id === request.layer);
  return {
    layerId: request.layer,
    layerName: layer?.name ?? request.layer,
    id: request.area,
    name: label?.name ?? request.area,
    population: label?.population ?? null,
  };
}

/**
 * The whole MMWR weeks of a brief: `weeks` weeks ending with the asked week, by default the last
 * complete week with data (a demo's data may end years ago); the same weeks 52 weeks before, so
 * that each week is compared with the same days of the week.
 */
async function briefPeriod(
  deps: BriefDependencies,
  jurisdictionId: string,
  timeZone: string,
  request: PublicSafetyBriefRequest,
): Promise<BriefPeriod> {
  const count = request.weeks ?? DEFAULT_BRIEF_WEEKS;
  const today = localDateOf(deps.clock.now(), timeZone);
  let last: ReportWeek;
  if (request.endWeek !== undefined) {
    last = parseReportWeek(request.endWeek);
    if (last.last >= today)
      throw new SosError('VALIDATION_FAILED', `${last.label} is not over yet: choose a complete week`, {
        field: 'end_week',
      });
  } else {
    const { lastDay } = await dataExtent(deps.db, jurisdictionId);
    const dayAfterData = lastDay === null ? today : addDays(lastDay, 1);
    // The earlier of the two days (ISO dates sort as text).
    last = lastCompleteWeek([dayAfterData, today].sort()[0] as string);
  }
  const weeks = Array.from({ length: count }, (_, i) => shiftWeek(last, i - count + 1));
  const lastYearWeeks = weeks.map((w) => shiftWeek(w, -52));
  return {
    weeks,
    lastYearWeeks,
    from: (weeks[0] as ReportWeek).first,
    to: last.last,
    lastYearFrom: (lastYearWeeks[0] as ReportWeek).first,
    lastYearTo: (lastYearWeeks.at(-1) as ReportWeek).last,
  };
}

/** The layers a brief may be asked for, precinct layers first, each with its areas for the picker. */
export async function listBriefAreas(deps: BriefDependencies, actor: Actor) {
  authorizeUser(actor, 'brief.read', REFUSAL);
  const layers = await layersOf(deps.db, actor.jurisdictionId);
  const listed = await Promise.all(
    layers.map(async (layer) => {
      const { areas } = await resolveRequest(deps.db, actor.jurisdictionId, {
        layer: layer.id,
        period: 'all',
        by: 'area',
        from: '2000-01-01',
        to: '2000-01-01',
      });
      return {
        id: layer.id,
        name: layer.name,
        precincts: isPrecinctLayer(layer),
        areas: [...(areas ?? [])].sort((a, b) => a.name.localeCompare(b.name)),
      };
    }),
  );
  return listed.sort((a, b) => Number(b.precincts) - Number(a.precincts));
}

/** A layer of police precincts (or districts, beats), by its id or name. */
export function isPrecinctLayer(layer: { id: string; name: string }): boolean {
  return /precinct|police|beat|patrol/i.test(`${layer.id} ${layer.name}`);
}
