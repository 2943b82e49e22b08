// What both maps share (the dashboard's and the field form's location picker): MapLibre's worker and
// stylesheet, the blank style they draw on, and the bounds a map is fitted to.
import { type StyleSpecification, setWorkerUrl } from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';

setWorkerUrl('/assets/maplibre-gl-worker.mjs');

type Feature = {
  type: 'Feature';
  id?: string | number;
  properties: Record<string, unknown>;
  geometry: unknown;
};
/** A GeoJSON feature collection as the maps read it. */
export type Collection = { type: 'FeatureCollection'; features: Feature[] };

/** No remote tiles: a plain background, with the areas themselves as the geography. */
export const BLANK_STYLE: StyleSpecification = {
  version: 8,
  sources: {},
  layers: [{ id: 'background', type: 'background', paint: { 'background-color': '#eef1f4' } }],
};

/** The west, south, east and north edges of a collection's geometries; null when it has none. */
export function boundsOf(collection: Collection): [number, number, number, number] | null {
  let [w, s, e, n] = [180, 90, -180, -90];
  const visit = (c: unknown): void => {
    if (Array.isArray(c) && typeof c[0] === 'number') {
      const [x, y] = c as [number, number];
      w = Math.min(w, x);
      e = Math.max(e, x);
      s = Math.min(s, y);
      n = Math.max(n, y);
    } else if (Array.isArray(c)) for (const inner of c) visit(inner);
  };
  for (const f of collection.features) visit((f.geometry as { coordinates: unknown }).coordinates);
  return w <= e ? [w, s, e, n] : null;
}
