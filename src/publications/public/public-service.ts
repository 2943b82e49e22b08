import { authorize } from '../../access/authorize.js';
import type { Jurisdiction } from '../../access/jurisdictions/jurisdiction.js';
import {
  findJurisdiction,
  jurisdictionSettings,
  listJurisdictions,
} from '../../access/jurisdictions/jurisdiction-service.js';
import type { Actor } from '../../access/roles.js';
import { addDays } from '../../platform/calendar-days.js';
import type { Clock } from '../../platform/clock.js';
import type { Queryable } from '../../platform/database.js';
import { SosError } from '../../platform/errors.js';
import { localDateOf } from '../../platform/time-zones.js';
import type { AggregateCache } from '../../surveillance/aggregates/aggregate-cache.js';
import { dataExtent } from '../../surveillance/aggregates/aggregate-service.js';
import { areasOfLayer } from '../../surveillance/layer-geometry-service.js';
import { coarsenAreas } from '../public-geography/area-coarsening.js';
import { lastCompleteWeek, type ReportWeek } from '../weekly/report-week.js';
import { reportLayer } from '../weekly/weekly-counts.js';
import { readPublicCounts } from './public-counts.js';
import { type PublicArea, type PublicFigures, protectPublicCounts } from './public-figures.js';

/**
 * The week public figures run to: the last complete MMWR week, or, for a jurisdiction whose data
 * stops earlier (a demo of past years, a feed that went quiet), the last complete week of its data.
 */
export async function publicAsOfWeek(
  db: Queryable,
  jurisdiction: Jurisdiction,
  clock: Clock,
): Promise<ReportWeek> {
  const today = localDateOf(clock.now(), jurisdiction.timeZone);
  const { lastDay } = await dataExtent(db, jurisdiction.id);
  const end = lastDay && lastDay < today ? addDays(lastDay, 1) : today;
  return lastCompleteWeek(end);
}

/** The areas the public sees: the report layer's places merged up to the minimum population. */
export async function publicAreas(
  db: Queryable,
  jurisdictionId: string,
  minPopulation: number,
): Promise<PublicArea[]> {
  const layer = await reportLayer(db, jurisdictionId);
  if (!layer) return [];
  const features = await areasOfLayer(db, jurisdictionId, layer.id);
  const { groups } = coarsenAreas(
    features.map((f) => ({
      id: f.id,
      name: f.name,
      population: f.population,
      geometry: typeof f.geometry === 'string' ? JSON.parse(f.geometry) : f.geometry,
    })),
    { minPopulation },
  );
  return groups.map((group) => ({
    id: group.id,
    name: group.name,
    population: group.population,
    members: group.memberIds.map((id) => features.find((f) => f.id === id)?.name ?? id),
    geometry: group.geometry,
  }));
}

/**
 * Public figures stay fixed for a week: the same week's figures are built once and served to every
 * reader, so two readers (or one reader on two days) never see two suppressions of the same
 * numbers, whose differences could narrow a hidden count. Late reports show the next week.
 */
const published = new Map<string, Promise<PublicFigures>>();

/** Forgets every jurisdiction's public figures (a layer import or settings change). */
export function forgetPublicFigures(): void {
  published.clear();
}

/** The jurisdictions that publish figures, by name; open to anyone. */
export async function readPublishingJurisdictions(db: Queryable, actor: Actor): Promise<Jurisdiction[]> {
  authorize(actor, 'aggregate.read_public');
  return listJurisdictions(db);
}

/** A jurisdiction's public figures as of a week (default: the current public week); open to anyone. */
export async function readPublicFigures(
  db: Queryable,
  actor: Actor,
  jurisdictionIdOrShortName: string,
  context: { clock: Clock; cache?: AggregateCache | undefined; week?: ReportWeek | undefined },
): Promise<{ jurisdiction: Jurisdiction; figures: PublicFigures }> {
  authorize(actor, 'aggregate.read_public');
  const jurisdiction = await findJurisdiction(db, jurisdictionIdOrShortName);
  if (!jurisdiction)
    throw new SosError('UNKNOWN_JURISDICTION', `No jurisdiction "${jurisdictionIdOrShortName}"`);
  const week = context.week ?? (await publicAsOfWeek(db, jurisdiction, context.clock));
  const settings = await jurisdictionSettings(db, jurisdiction.id);
  const key = `${jurisdiction.id}|${week.label}|${settings.k}|${settings.minPopulation}`;
  let figures = published.get(key);
  if (!figures) {
    figures = (async () => {
      const [counts, areas] = await Promise.all([
        readPublicCounts(db, jurisdiction.id, week, context.cache),
        publicAreas(db, jurisdiction.id, settings.minPopulation),
      ]);
      return protectPublicCounts(counts, areas, settings);
    })();
    published.set(key, figures);
    figures.catch(() => published.delete(key));
  }
  return { jurisdiction, figures: await figures };
}
