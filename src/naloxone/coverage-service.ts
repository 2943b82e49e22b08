import { authorize } from '../access/authorize.js';
import type { Actor } from '../access/roles.js';
import { addDays } from '../platform/calendar-days.js';
import type { Queryable } from '../platform/database.js';
import { SosError } from '../platform/errors.js';
import { NO_FILTERS } from '../surveillance/aggregates/aggregate-query.js';
import { countRows } from '../surveillance/aggregates/aggregate-service.js';
import { countActivePoints, listActivePoints } from './access-point-repository.js';
import { desertMapSvg } from './desert-map.js';
import { lastDistributionDay, sumKits } from './distribution-repository.js';
import type { NaloxoneDependencies } from './distribution-service.js';
import {
  type AreaCoverage,
  assessCoverage,
  type CoverageAssessment,
  DEFAULT_DESERT_THRESHOLDS,
  type DesertThresholds,
} from './naloxone-desert.js';
import { type CoverageLayer, coverageLayer, jurisdictionDay, jurisdictionOf } from './naloxone-scope.js';

/** A period's coverage: the layer, the areas' need and supply, and the assessment. */
export interface NaloxoneCoverage {
  layer: CoverageLayer;
  from: string;
  to: string;
  thresholds: DesertThresholds;
  assessment: CoverageAssessment;
}

/**
 * The coverage of every area of the mapped layer over a range of days: overdoses from the rollups,
 * kits distributed in the range, active access points now. For services that have authorized their
 * reader (the weekly report) and for `readCoverage`.
 */
export async function naloxoneCoverage(
  db: Queryable,
  jurisdictionId: string,
  range: { from: string; to: string },
  thresholds: DesertThresholds = DEFAULT_DESERT_THRESHOLDS,
): Promise<NaloxoneCoverage> {
  const layer = await coverageLayer(db, jurisdictionId);
  const [overdoses, kits, points] = await Promise.all([
    countRows(db, { jurisdictionId, ...range, period: 'all', by: 'area', ...NO_FILTERS, layer: layer.id }),
    sumKits(db, jurisdictionId, layer.id, { ...range, period: 'all' }),
    countActivePoints(db, jurisdictionId, layer.id),
  ]);
  const overdosesOf = new Map(overdoses.map((row) => [row.key, row.count]));
  const kitsOf = new Map<string, number>();
  for (const row of kits) kitsOf.set(row.areaId, (kitsOf.get(row.areaId) ?? 0) + row.kits);
  const areas: AreaCoverage[] = layer.areas.map((area) => ({
    id: area.id,
    name: area.name,
    population: area.population,
    overdoses: overdosesOf.get(area.id) ?? 0,
    kits: kitsOf.get(area.id) ?? 0,
    accessPoints: points.get(area.id) ?? 0,
  }));
  return { layer, ...range, thresholds, assessment: assessCoverage(areas, thresholds) };
}

/** The 52 weeks (364 days) a coverage period spans unless the reader names one. */
export const DEFAULT_PERIOD_DAYS = 364;

/**
 * The period a reader sees first: the 364 days ending with the last day kits were distributed
 * (supply and need over the same days), or ending today when none were.
 */
export async function defaultCoveragePeriod(
  deps: NaloxoneDependencies,
  jurisdictionId: string,
  layerId: string,
): Promise<{ from: string; to: string }> {
  const last =
    (await lastDistributionDay(deps.db, jurisdictionId, layerId)) ??
    (await jurisdictionDay(deps.db, jurisdictionId, deps.clock.now())).today;
  return { from: addDays(last, -(DEFAULT_PERIOD_DAYS - 1)), to: last };
}

/** What the Naloxone page shows: coverage by area, the deserts ranked, access points and the map. */
export async function readCoverage(
  deps: NaloxoneDependencies,
  actor: Actor,
  request: {
    from?: string | undefined;
    to?: string | undefined;
    kits_per_overdose?: number | undefined;
    overdoses_per_access_point?: number | undefined;
    min_overdoses?: number | undefined;
  },
) {
  authorize(actor, 'naloxone.read');
  const jurisdictionId = jurisdictionOf(actor);
  if ((request.from === undefined) !== (request.to === undefined)) {
    throw new SosError('VALIDATION_FAILED', 'Give both from and to, or neither', {
      field: request.from === undefined ? 'from' : 'to',
    });
  }
  if (request.from && request.to && request.from > request.to) {
    throw new SosError('VALIDATION_FAILED', 'from must not be after to', { field: 'from' });
  }
  const layer = await coverageLayer(deps.db, jurisdictionId);
  const range =
    request.from && request.to
      ? { from: request.from, to: request.to }
      : await defaultCoveragePeriod(deps, jurisdictionId, layer.id);
  const thresholds: DesertThresholds = {
    kitsPerOverdose: request.kits_per_overdose ?? DEFAULT_DESERT_THRESHOLDS.kitsPerOverdose,
    overdosesPerAccessPoint:
      request.overdoses_per_access_point ?? DEFAULT_DESERT_THRESHOLDS.overdosesPerAccessPoint,
    minOverdoses: request.min_overdoses ?? DEFAULT_DESERT_THRESHOLDS.minOverdoses,
  };
  const [coverage, points] = await Promise.all([
    naloxoneCoverage(deps.db, jurisdictionId, range, thresholds),
    listActivePoints(deps.db, jurisdictionId),
  ]);
  const { assessment } = coverage;
  const geometry = new Map(layer.areas.map((a) => [a.id, a.geometry]));
  const map = desertMapSvg(
    assessment.areas.map((a) => ({ assessment: a, geometry: geometry.get(a.id) })),
    points,
    assessment,
    { title: `Naloxone coverage by ${layer.name.toLowerCase()}, ${range.from} to ${range.to}` },
  );
  return presentCoverage(coverage, map, points.length);
}

/** The figures of one area, as they leave the server. */
function presentArea(a: CoverageAssessment['areas'][number]) {
  return {
    area_id: a.id,
    area_name: a.name,
    population: a.population,
    overdoses: a.overdoses,
    kits: a.kits,
    access_points: a.accessPoints,
    rate: a.rate,
    kits_per_overdose: a.kitsPerOverdose,
    access_points_per_overdose: a.accessPointsPerOverdose,
    access_points_per_10k: a.accessPointsPer10k,
    kits_per_10k: a.kitsPer10k,
    high_rate: a.highRate,
    low_kits: a.lowKits,
    low_access: a.lowAccess,
    desert: a.desert,
    rank: a.rank,
    kits_short: a.kitsShort,
  };
}

/** The coverage, as the API answers it (the allowlist of what leaves). */
function presentCoverage(coverage: NaloxoneCoverage, mapSvg: string, accessPoints: number) {
  const { assessment, thresholds } = coverage;
  return {
    layer: { id: coverage.layer.id, name: coverage.layer.name },
    from: coverage.from,
    to: coverage.to,
    thresholds: {
      kits_per_overdose: thresholds.kitsPerOverdose,
      overdoses_per_access_point: thresholds.overdosesPerAccessPoint,
      min_overdoses: thresholds.minOverdoses,
    },
    jurisdiction_rate: assessment.jurisdictionRate,
    totals: {
      overdoses: assessment.areas.reduce((s, a) => s + a.overdoses, 0),
      kits: assessment.areas.reduce((s, a) => s + a.kits, 0),
      access_points: accessPoints,
    },
    areas: assessment.areas.map(presentArea),
    deserts: assessment.deserts.map(presentArea),
    map_svg: mapSvg,
  };
}
