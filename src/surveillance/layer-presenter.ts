import { z } from 'zod';
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

/** A layer as the list shows it; outline readers (submitters) get its id and name only. */
export const layerSchema = z.object({
  id: z.string(),
  name: z.string(),
  area_count: z.number().int().optional().describe('How many areas it has (dashboard readers only)'),
  populated_count: z
    .number()
    .int()
    .optional()
    .describe('How many of them have a population (dashboard readers only)'),
});

/** A layer's areas as a GeoJSON FeatureCollection; the population is for dashboard readers only. */
export const layerAreasSchema = z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(
    z.object({
      type: z.literal('Feature'),
      id: z.string(),
      properties: z.object({
        id: z.string(),
        name: z.string(),
        population: z.number().nullable().optional(),
      }),
      geometry: z.looseObject({ type: z.string() }).describe('A GeoJSON Polygon or MultiPolygon'),
    }),
  ),
});

/** A layer as the list shows it; outline readers get its id and name only. */
export function presentLayer(actor: Actor, layer: LayerSummary): z.infer<typeof layerSchema> {
  return seesFigures(actor)
    ? {
        id: layer.id,
        name: layer.name,
        area_count: layer.areaCount,
        populated_count: layer.populatedCount,
      }
    : { id: layer.id, name: layer.name };
}

/** A layer's areas as GeoJSON: id and name on each outline, the population for dashboard readers. */
export function presentLayerAreas(
  actor: Actor,
  areas: readonly StoredArea[],
): z.infer<typeof layerAreasSchema> {
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
