import { authorize } from '../access/authorize.js';
import type { Actor } from '../access/roles.js';
import type { Queryable } from '../platform/database.js';
import { SosError } from '../platform/errors.js';
import { type LayerSummary, listLayers, readLayerFeatures } from './layer-repository.js';

/** The layers a dashboard can count by: the imported ones (areas are public geography, not case data). */
export async function readLayers(db: Queryable, actor: Actor): Promise<LayerSummary[]> {
  authorize(actor, 'aggregate.read_partner');
  if (actor.kind !== 'user') throw new SosError('FORBIDDEN', 'Layers are read by signed-in users');
  return listLayers(db, actor.jurisdictionId);
}

/** A layer's areas as a GeoJSON FeatureCollection, for the choropleth map. */
export async function readLayerGeoJson(db: Queryable, actor: Actor, layerId: string) {
  authorize(actor, 'aggregate.read_partner');
  if (actor.kind !== 'user') throw new SosError('FORBIDDEN', 'Layers are read by signed-in users');
  const features = await readLayerFeatures(db, actor.jurisdictionId, layerId);
  if (features.length === 0) throw new SosError('NOT_FOUND', `No layer "${layerId}" in this jurisdiction`);
  return {
    type: 'FeatureCollection' as const,
    features: features.map((f) => ({
      type: 'Feature' as const,
      id: f.id,
      properties: { id: f.id, name: f.name, population: f.population },
      geometry: typeof f.geometry === 'string' ? JSON.parse(f.geometry) : f.geometry,
    })),
  };
}
