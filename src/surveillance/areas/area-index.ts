import Flatbush from 'flatbush';
import type { AreaFeature } from './layer-geojson.js';
import { pointInPolygons } from './point-in-polygon.js';

/** Finds which area of one layer contains a point: an R-tree over bounding boxes, then exact polygon tests. */
export class AreaIndex {
  readonly #features: readonly AreaFeature[];
  readonly #tree: Flatbush | null;

  /** Builds the index; the order of `features` is the tie-break order when areas overlap. */
  constructor(features: readonly AreaFeature[]) {
    this.#features = features;
    if (features.length === 0) {
      this.#tree = null;
      return;
    }
    const tree = new Flatbush(features.length);
    for (const { bbox } of features) tree.add(bbox[0], bbox[1], bbox[2], bbox[3]);
    tree.finish();
    this.#tree = tree;
  }

  /** The number of areas in the layer. */
  get size(): number {
    return this.#features.length;
  }

  /** The id of the area containing the point (the earliest in input order if several do), or null. */
  locate(lon: number, lat: number): string | null {
    if (this.#tree === null) return null;
    // The R-tree returns candidates in tree order; sorting them keeps overlaps resolved by input order.
    const candidates = this.#tree.search(lon, lat, lon, lat).sort(ascending);
    for (const index of candidates) {
      const feature = this.#features[index] as AreaFeature;
      if (pointInPolygons(feature.polygons, lon, lat)) return feature.areaId;
    }
    return null;
  }
}

function ascending(a: number, b: number): number {
  return a - b;
}
