import type { Queryable } from '../platform/database.js';
import { AreaIndex } from './areas/area-index.js';
import { h3CellsFor } from './areas/h3-cells.js';
import { parseLayerGeoJson } from './areas/layer-geojson.js';

/** The area of a point in one layer. */
export interface AreaAssignment {
  layerId: string;
  areaId: string;
}

/** Assigns points to the areas of every layer of one jurisdiction, plus H3 cells. */
export class AreaLocator {
  constructor(private readonly layers: readonly { layerId: string; index: AreaIndex }[]) {}

  /** The ids of the layers points are assigned in (H3 cells are not a layer). */
  get layerIds(): string[] {
    return this.layers.map((layer) => layer.layerId);
  }

  /** The areas containing a point, one per layer it falls in, and its H3 cells. */
  assign(lat: number, lon: number): { areas: AreaAssignment[]; h3r7: string; h3r9: string } {
    const areas: AreaAssignment[] = [];
    for (const layer of this.layers) {
      const areaId = layer.index.locate(lon, lat);
      if (areaId !== null) areas.push({ layerId: layer.layerId, areaId });
    }
    const cells = h3CellsFor(lat, lon);
    return { areas, h3r7: cells.h3r7, h3r9: cells.h3r9 };
  }
}

/** Builds the locator of a jurisdiction from the layers stored for it. */
export async function loadAreaLocator(db: Queryable, jurisdictionId: string): Promise<AreaLocator> {
  const rows = await db.query<{ layer_id: string; area_id: string; name: string; geometry: unknown }>(
    'select layer_id, area_id, name, geometry from areas where jurisdiction_id = $1 order by layer_id, area_id',
    [jurisdictionId],
  );
  const byLayer = new Map<string, typeof rows>();
  for (const row of rows) {
    const list = byLayer.get(row.layer_id) ?? [];
    list.push(row);
    byLayer.set(row.layer_id, list);
  }
  const layers = [...byLayer].map(([layerId, areas]) => {
    const collection = {
      type: 'FeatureCollection',
      features: areas.map((a) => ({
        type: 'Feature',
        properties: { id: a.area_id, name: a.name },
        geometry: a.geometry,
      })),
    };
    return {
      layerId,
      index: new AreaIndex(parseLayerGeoJson(JSON.stringify(collection), 'id', `layer ${layerId}`)),
    };
  });
  return new AreaLocator(layers);
}
