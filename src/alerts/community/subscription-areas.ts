import type { Queryable } from '../../platform/database.js';
import { SosError } from '../../platform/errors.js';
import { areasOfLayer, layersOf } from '../../surveillance/layer-geometry-service.js';
import { areaNameKey } from './sms-keywords.js';

/** The areas people subscribe by: one layer's, by name. */
export interface SubscriptionAreas {
  layerId: string;
  areas: { id: string; name: string }[];
}

/**
 * The layer subscriptions and community alerts name areas of: the jurisdiction's first layer with
 * populations (its towns, the layer its reports map), else its first; null when it has none.
 */
export async function subscriptionAreas(
  db: Queryable,
  jurisdictionId: string,
): Promise<SubscriptionAreas | null> {
  const layers = await layersOf(db, jurisdictionId);
  const layer = layers.find((l) => l.populatedCount > 0) ?? layers[0];
  if (!layer) return null;
  const areas = await areasOfLayer(db, jurisdictionId, layer.id);
  return {
    layerId: layer.id,
    areas: areas.map((a) => ({ id: a.id, name: a.name })).sort((a, b) => a.name.localeCompare(b.name)),
  };
}

/** The areas of these ids, in the layer's order; VALIDATION_FAILED naming `field` for an id it lacks. */
export function pickAreas(
  layer: SubscriptionAreas,
  areaIds: readonly string[],
  field: string,
): { id: string; name: string }[] {
  const unknown = areaIds.filter((id) => !layer.areas.some((a) => a.id === id));
  if (unknown.length > 0)
    throw new SosError('VALIDATION_FAILED', `No area ${unknown.map((id) => `"${id}"`).join(', ')} here`, {
      field,
    });
  return layer.areas.filter((a) => areaIds.includes(a.id));
}

/** The areas named in a text message, and the names no area has. */
export function areasByName(
  layer: SubscriptionAreas,
  names: readonly string[],
): { found: { id: string; name: string }[]; unknown: string[] } {
  const found: { id: string; name: string }[] = [];
  const unknown: string[] = [];
  for (const name of names) {
    const area = layer.areas.find((a) => areaNameKey(a.name) === areaNameKey(name));
    if (!area) unknown.push(name);
    else if (!found.includes(area)) found.push(area);
  }
  return { found, unknown };
}
