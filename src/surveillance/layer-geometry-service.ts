import { authorizeUser } from '../access/authorize.js';
import type { Actor } from '../access/roles.js';
import type { Queryable } from '../platform/database.js';
import { SosError } from '../platform/errors.js';
import { presentLayer, presentLayerAreas } from './layer-presenter.js';
import {
  areaName,
  type LayerSummary,
  listAreaNames,
  listLayers,
  readLayerFeatures,
} from './layer-repository.js';

/** The layers a dashboard can count by: the imported ones (areas are public geography, not case data). */
export async function readLayers(db: Queryable, actor: Actor) {
  authorizeUser(actor, 'layer.read_outlines', 'Layers are read by signed-in users');
  return (await listLayers(db, actor.jurisdictionId)).map((layer) => presentLayer(actor, layer));
}

/** A layer's areas as a GeoJSON FeatureCollection, for the choropleth map and the field form's map. */
export async function readLayerGeoJson(db: Queryable, actor: Actor, layerId: string) {
  authorizeUser(actor, 'layer.read_outlines', 'Layers are read by signed-in users');
  const features = await readLayerFeatures(db, actor.jurisdictionId, layerId);
  if (features.length === 0) throw new SosError('NOT_FOUND', `No layer "${layerId}" in this jurisdiction`);
  return presentLayerAreas(actor, features);
}

// For the services of other modules (publications) that have checked their own reader.

/** A jurisdiction's layers with their counts of areas, by id. */
export async function layersOf(db: Queryable, jurisdictionId: string): Promise<LayerSummary[]> {
  return listLayers(db, jurisdictionId);
}

/** A layer's areas with their ids, names, populations and polygons, by area id (none for no such layer). */
export async function areasOfLayer(db: Queryable, jurisdictionId: string, layerId: string) {
  return readLayerFeatures(db, jurisdictionId, layerId);
}

/** A layer's areas by id and name only, ordered by name (forms and lists; no polygons read). */
export async function areaNamesOfLayer(db: Queryable, jurisdictionId: string, layerId: string) {
  return listAreaNames(db, jurisdictionId, layerId);
}

/** The name of an area of a layer, or null (an alert names its place). */
export async function nameOfArea(
  db: Queryable,
  jurisdictionId: string,
  layerId: string,
  areaId: string,
): Promise<string | null> {
  return areaName(db, jurisdictionId, layerId, areaId);
}
