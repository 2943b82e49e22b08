import { findJurisdiction } from '../access/jurisdictions/jurisdiction-service.js';
import type { Actor } from '../access/roles.js';
import type { Queryable } from '../platform/database.js';
import { SosError } from '../platform/errors.js';
import { localDateOf } from '../platform/time-zones.js';
import { areasOfLayer, layersOf } from '../surveillance/layer-geometry-service.js';

/** The jurisdiction a user or an API key acts in; FORBIDDEN for any other actor. */
export function jurisdictionOf(actor: Actor): string {
  if (actor.kind === 'user' || actor.kind === 'api_key') return actor.jurisdictionId;
  throw new SosError('FORBIDDEN', 'Naloxone records belong to a jurisdiction: sign in, or send an API key');
}

/** The layer naloxone is placed and mapped by, with its areas. */
export interface CoverageLayer {
  id: string;
  name: string;
  areas: { id: string; name: string; population: number | null; geometry: unknown }[];
}

/**
 * The layer kits and access points are counted by: the first with populations (rates need them),
 * as the weekly report's map; NALOXONE_NO_LAYER when the jurisdiction has none.
 */
export async function coverageLayer(db: Queryable, jurisdictionId: string): Promise<CoverageLayer> {
  const layers = await layersOf(db, jurisdictionId);
  const layer = layers.find((l) => l.populatedCount > 0) ?? layers[0];
  if (!layer) throw new SosError('NALOXONE_NO_LAYER');
  const areas = await areasOfLayer(db, jurisdictionId, layer.id);
  return {
    id: layer.id,
    name: layer.name,
    areas: areas.map((a) => ({
      id: a.id,
      name: a.name,
      population: a.population === null ? null : Number(a.population),
      geometry: typeof a.geometry === 'string' ? JSON.parse(a.geometry) : a.geometry,
    })),
  };
}

/** The jurisdiction's time zone and today in it. */
export async function jurisdictionDay(
  db: Queryable,
  jurisdictionId: string,
  now: Date,
): Promise<{ timeZone: string; today: string }> {
  const timeZone = (await findJurisdiction(db, jurisdictionId))?.timeZone ?? 'UTC';
  return { timeZone, today: localDateOf(now, timeZone) };
}
