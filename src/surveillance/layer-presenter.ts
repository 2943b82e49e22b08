import { actorMay } from '../access/policy.js';
import type { Actor } from '../access/roles.js';
import type { LayerSummary } from './layer-repository.js';

/** One area as stored: its id, name, population and GeoJSON geometry (text or parsed). */
interface StoredArea {
  id: string;
  name: string;
  population: number | null;
  geometry: unknown;
}

/** Whether the reader sees the dashboard's figures, or only the outlines (submitters' field form). */
const seesFigures = (actor: Actor) => actorMay(actor, 'aggregate.read_partner');

/** A layer as the list shows it; outline readers get its id and name only. */
export function presentLayer(actor: Actor, layer: LayerSummary) {
  return seesFigures(actor)
    ? {
        id: layer.id,
        name: layer.name,
        areaCount: layer.areaCount,
        populatedCount: layer.populatedCount,
      }
    : { id: layer.id, name: layer.name };
}

/** A layer's areas as GeoJSON: id and name on each outline, the population for dashboard readers. */
export function presentLayerAreas(actor: Actor, areas: readonly StoredArea[]) {
  const figures = seesFigures(actor);
  return {
    type: 'FeatureCollection' as const,
    features: areas.map((area) => ({
      type: 'Feature' as const,
      id: area.id,
      properties: figures
        ? { id: area.id, name: area.name, population: area.population }
        : { id: area.id, name: area.name },
      geometry: typeof area.geometry === 'string' ? JSON.parse(area.geometry) : area.geometry,
    })),
  };
}
