import type { Queryable } from '../platform/database.js';
import { localDateOf } from '../platform/time-zones.js';
import type { AreaLocator } from '../surveillance/area-locator.js';
import { areaNamesOfLayer, layersOf } from '../surveillance/layer-geometry-service.js';
import type { DrugCheckPlacing } from './drug-check-validation.js';

/** Where a jurisdiction's area locator comes from (the app's cache, or `loadAreaLocator`). */
export interface LocatorSource {
  get(jurisdictionId: string): Promise<AreaLocator>;
}

/** A layer's areas by id and by lower-case name. */
interface LayerAreas {
  byId: Set<string>;
  byName: Map<string, string>;
}

/**
 * What judging a jurisdiction's results needs: its calendar, its layers' areas (by id or name) and
 * its locator, read once per request or file. The one layer of a jurisdiction that has only one is
 * the default for results that name an area without its layer.
 */
export async function loadPlacing(
  db: Queryable,
  locators: LocatorSource,
  jurisdiction: { id: string; timeZone: string },
  now: Date,
): Promise<DrugCheckPlacing> {
  const layers = new Map<string, LayerAreas>();
  for (const layer of await layersOf(db, jurisdiction.id)) {
    const areas = await areaNamesOfLayer(db, jurisdiction.id, layer.id);
    layers.set(layer.id, {
      byId: new Set(areas.map((a) => a.id)),
      byName: new Map(areas.map((a) => [a.name.toLowerCase(), a.id])),
    });
  }
  const locator = await locators.get(jurisdiction.id);
  return {
    timeZone: jurisdiction.timeZone,
    today: localDateOf(now, jurisdiction.timeZone),
    defaultLayerId: layers.size === 1 ? ([...layers.keys()][0] as string) : null,
    findArea(layerId, area) {
      const layer = layers.get(layerId);
      if (!layer) return 'no_layer';
      const areaId = layer.byId.has(area) ? area : layer.byName.get(area.toLowerCase());
      return areaId === undefined ? 'no_area' : { layerId, areaId };
    },
    locate: (latitude, longitude) => locator.assign(latitude, longitude).areas,
  };
}
