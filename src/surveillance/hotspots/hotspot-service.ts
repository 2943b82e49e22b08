import { authorizeUser } from '../../access/authorize.js';
import type { Actor } from '../../access/roles.js';
import type { Queryable } from '../../platform/database.js';
import { SosError } from '../../platform/errors.js';
import type { AggregateCache } from '../aggregates/aggregate-cache.js';
import { H3_LAYER } from '../aggregates/aggregate-query.js';
import { readAreaLabels } from '../aggregates/aggregate-repository.js';
import { type AggregateRequest, countRows, resolveRequest } from '../aggregates/aggregate-service.js';
import { isUnreliableRate } from '../aggregates/rate-reliability.js';
import { listLayerImports, readLayerFeatures } from '../layer-repository.js';
import { benjaminiHochberg } from './benjamini-hochberg.js';
import { giStar, neighbourhoodSums } from './gi-star.js';
import { type PresentedHotSpotAnalysis, presentHotSpotAnalysis } from './hotspot-presenter.js';
import { twoSidedP } from './normal-distribution.js';
import { cellStudyArea, coveringCells, layerStudyArea, type StudyArea } from './study-area.js';

/** One area (or H3 cell) of a hot-spot analysis. */
export interface HotSpot {
  id: string;
  /** The area's name; for an H3 cell, the name of the area of the first layer that holds its center. */
  name: string | null;
  /** The area's own overdoses. */
  count: number;
  /** The overdoses of the area and its neighbours: the sum Gi* weighs, so what makes an area hot. */
  neighbourhoodCount: number;
  /** How many areas that sum covers (the area and its neighbours). */
  neighbourhoodSize: number;
  population: number | null;
  ratePer100k: number | null;
  /** The rate rests on fewer than 20 overdoses (the reports' "*"). */
  rateUnreliable: boolean;
  z: number | null;
  p: number | null;
  /** Benjamini-Hochberg adjusted p-value over all areas of the analysis. */
  q: number | null;
  /**
   * A significant hot spot: Gi* above zero with q under the chosen false discovery rate, in an area
   * with overdoses of its own, in a window with enough overdoses to test at all.
   */
  hot: boolean;
  /**
   * A hot spot with fewer than 3 overdoses of its own: its neighbours made it hot, so the response
   * belongs around it rather than at it.
   */
  fewOfItsOwn: boolean;
}

/**
 * Below this many overdoses of its own, a hot area is flagged: Gi* sums the neighbourhood, so a cell
 * with one or two overdoses is "hot" whenever the cells around it are busy.
 */
export const FEW_OVERDOSES_OF_ITS_OWN = 3;

/**
 * Fewer overdoses than this in the window leave Gi* meaningless (one overdose makes its neighbours
 * "significant"): areas are still ranked, but none is called a hot spot.
 */
export const MIN_OVERDOSES_FOR_HOT_SPOTS = 20;

/** The result of a hot-spot analysis: its window and layer, and the areas ranked by z. */
export interface HotSpotAnalysis {
  from: string;
  to: string;
  layer: string;
  alpha: number;
  /** The overdoses counted in the window, and whether there were too few to call any area hot. */
  total: number;
  tooFewToTest: boolean;
  areas: HotSpot[];
}

// Study areas change only when a layer is imported again (which gives it a new import time).
const studyAreas = new Map<string, StudyArea>();
const coveringCache = new Map<string, Map<string, string>>();
const MAX_STUDY_AREAS = 64;

/** Keeps a study area, forgetting the oldest past a few dozen (windows with different stray cells). */
function remember(key: string, study: StudyArea): void {
  if (studyAreas.size >= MAX_STUDY_AREAS) studyAreas.delete(studyAreas.keys().next().value as string);
  studyAreas.set(key, study);
}

/**
 * The study area of a layer (or of the cells over the first layer), built once per layer import; for
 * cells also the area of the first layer that holds each cell's center, which names it.
 */
async function studyAreaFor(
  db: Queryable,
  jurisdictionId: string,
  layers: readonly { id: string; importedAt: Date }[],
  layer: string,
  countedCells: string[],
): Promise<{ study: StudyArea; cellAreas: ReadonlyMap<string, string> | null }> {
  const parse = (g: unknown) => (typeof g === 'string' ? JSON.parse(g) : g);
  if (layer === H3_LAYER) {
    // Cells are laid over the first imported layer, as the dashboard's map shows them.
    const base = layers[0];
    const key = base ? `${jurisdictionId}|h3r7|${base.id}|${new Date(base.importedAt).getTime()}` : null;
    let covering = key ? coveringCache.get(key) : undefined;
    if (!covering) {
      const features = base ? await readLayerFeatures(db, jurisdictionId, base.id) : [];
      covering = coveringCells(features.map((f) => ({ id: f.id, geometry: parse(f.geometry) })));
      if (key) coveringCache.set(key, covering);
    }
    // Counted cells beyond the areas (points over the border) join the study area of this request.
    const strays = countedCells.filter((c) => !covering?.has(c)).sort();
    const studyKey = key ? `${key}|${strays.join(',')}` : null;
    let study = studyKey ? studyAreas.get(studyKey) : undefined;
    if (!study) {
      study = cellStudyArea(covering, strays);
      if (studyKey) remember(studyKey, study);
    }
    return { study, cellAreas: covering };
  }
  const known = layers.find((l) => l.id === layer);
  if (!known) throw new SosError('NOT_FOUND', `No layer "${layer}" in this jurisdiction`, { field: 'layer' });
  const key = `${jurisdictionId}|${layer}|${new Date(known.importedAt).getTime()}`;
  let study = studyAreas.get(key);
  if (!study) {
    // Geometry is read only to build the study area, once per imported layer.
    const features = await readLayerFeatures(db, jurisdictionId, layer);
    study = layerStudyArea(features.map((f) => ({ id: f.id, geometry: parse(f.geometry) })));
    remember(key, study);
  }
  return { study, cellAreas: null };
}

/**
 * Hot spots over a window: each area's (or cell's) count, rate, and Getis-Ord Gi* z-score with
 * Benjamini-Hochberg corrected p-values, for partners (T1) and analysts. Counts come from the
 * dashboard's query by area, restricted to overdoses with an exact point (rooftop or address): an
 * overdose placed at a ZIP's, place's or county's centroid is counted in its area everywhere else.
 */
export async function readHotSpots(
  db: Queryable,
  actor: Actor,
  request: Omit<AggregateRequest, 'period' | 'by'> & { alpha: number },
  cache?: AggregateCache,
): Promise<PresentedHotSpotAnalysis> {
  authorizeUser(actor, 'aggregate.read_partner', 'Hot spots are read by signed-in users');
  const layers = await listLayerImports(db, actor.jurisdictionId);
  const layer = request.layer ?? layers[0]?.id ?? H3_LAYER;
  const { query, areas } = await resolveRequest(db, actor.jurisdictionId, {
    ...request,
    layer,
    area: undefined,
    period: 'all',
    by: 'area',
  });
  // The dashboard's counts by area less the overdoses placed at a ZIP's, place's or county's centroid:
  // piled on one point, they would make its cell or area hot. Read by a scan, cached like the others.
  const rows = await countRows(db, { ...query, exactPointsOnly: true }, cache);
  const counts = new Map(rows.map((r) => [r.key as string, r.count]));
  const { study, cellAreas } = await studyAreaFor(db, actor.jurisdictionId, layers, layer, [
    ...counts.keys(),
  ]);
  // Many dashboards ask while the counts stay cached: the analysis of the same rows is reused.
  const memo = analyses.get(rows)?.get(study)?.get(request.alpha);
  if (memo) return presentHotSpotAnalysis(memo);
  const labels = new Map<string, { name: string | null; population: number | null }>(
    (areas ?? []).map((a) => [a.id, { name: a.name, population: a.population }]),
  );
  if (cellAreas) {
    // A cell is named by the area its center lies in, which a reader knows; its id comes second.
    const base = layers[0];
    const towns = base ? await readAreaLabels(db, actor.jurisdictionId, base.id) : [];
    const townName = new Map(towns.map((t) => [t.id, t.name]));
    for (const [cell, area] of cellAreas)
      labels.set(cell, { name: townName.get(area) ?? null, population: null });
  }
  const analysis = analyse(query, layer, request.alpha, counts, study, labels);
  let byStudy = analyses.get(rows);
  if (!byStudy) {
    byStudy = new WeakMap();
    analyses.set(rows, byStudy);
  }
  let byAlpha = byStudy.get(study);
  if (!byAlpha) {
    byAlpha = new Map();
    byStudy.set(study, byAlpha);
  }
  byAlpha.set(request.alpha, analysis);
  return presentHotSpotAnalysis(analysis);
}

/** Analyses already made, by the cached count rows and study area they came from, and alpha. */
const analyses = new WeakMap<object, WeakMap<StudyArea, Map<number, HotSpotAnalysis>>>();

/** Gi* and its corrected p-values over every area of the study area, ranked by z. */
function analyse(
  query: { from: string; to: string },
  layer: string,
  alpha: number,
  counts: ReadonlyMap<string, number>,
  study: StudyArea,
  labels: ReadonlyMap<string, { name: string | null; population: number | null }>,
): HotSpotAnalysis {
  const values = study.ids.map((id) => counts.get(id) ?? 0);
  const total = values.reduce((sum, v) => sum + v, 0);
  const testable = total >= MIN_OVERDOSES_FOR_HOT_SPOTS;
  const z = giStar(values, study.neighbours);
  const p = z.map(twoSidedP);
  const q = benjaminiHochberg(p);
  const neighbourhoods = neighbourhoodSums(values, study.neighbours);
  const finite = (x: number | undefined) => (x === undefined || Number.isNaN(x) ? null : x);
  const areas: HotSpot[] = study.ids.map((id, i) => {
    const population = labels.get(id)?.population ?? null;
    const count = values[i] ?? 0;
    const zi = finite(z[i]);
    const qi = finite(q[i]);
    const hot = testable && count > 0 && zi !== null && zi > 0 && qi !== null && qi < alpha;
    const rate = population ? (count / population) * 100_000 : null;
    return {
      id,
      name: labels.get(id)?.name ?? null,
      count,
      neighbourhoodCount: neighbourhoods[i]?.sum ?? count,
      neighbourhoodSize: neighbourhoods[i]?.size ?? 1,
      population,
      ratePer100k: rate,
      rateUnreliable: rate !== null && isUnreliableRate(count),
      z: zi,
      p: finite(p[i]),
      q: qi,
      hot,
      fewOfItsOwn: hot && count < FEW_OVERDOSES_OF_ITS_OWN,
    };
  });
  areas.sort(
    (a, b) => (b.z ?? Number.NEGATIVE_INFINITY) - (a.z ?? Number.NEGATIVE_INFINITY) || b.count - a.count,
  );
  return {
    from: query.from,
    to: query.to,
    layer,
    alpha,
    total,
    tooFewToTest: !testable,
    areas,
  };
}
