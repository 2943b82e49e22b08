/**
 * Area outlines from GeoJSON (Polygon or MultiPolygon, longitude/latitude) to SVG paths fitted to a
 * box. The projection is equirectangular with longitudes shrunk by the cosine of the middle latitude:
 * over a county or a state that keeps shapes true to within a few percent, which a choropleth
 * needs, without a projection library.
 */
import { px } from './svg-document.js';

/** A polygon as rings of [longitude, latitude]; the first ring is the outline, the rest are holes. */
export type Rings = [number, number][][];

/** The polygons of a Polygon or MultiPolygon geometry; none for anything else, or malformed input. */
export function geometryPolygons(geometry: unknown): Rings[] {
  if (typeof geometry !== 'object' || geometry === null) return [];
  const { type, coordinates } = geometry as { type?: unknown; coordinates?: unknown };
  if (type === 'Polygon') return polygon(coordinates) ? [coordinates as Rings] : [];
  if (type === 'MultiPolygon' && Array.isArray(coordinates)) return coordinates.filter(polygon) as Rings[];
  return [];
}

function polygon(value: unknown): boolean {
  return (
    Array.isArray(value) &&
    value.length > 0 &&
    value.every(
      (ring) =>
        Array.isArray(ring) &&
        ring.length >= 3 &&
        ring.every(
          (position) =>
            Array.isArray(position) &&
            position.length >= 2 &&
            Number.isFinite(position[0]) &&
            Number.isFinite(position[1]),
        ),
    )
  );
}

export interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** Projects every area's polygons and scales them together to fit the box, centred. */
export function fittedPaths(areas: Rings[][], box: Box): string[] {
  const positions = areas.flat(3);
  if (positions.length === 0) return areas.map(() => '');
  const longitudes = positions.map(([lon]) => lon);
  const latitudes = positions.map(([, lat]) => lat);
  const south = Math.min(...latitudes);
  const north = Math.max(...latitudes);
  const west = Math.min(...longitudes);
  const east = Math.max(...longitudes);
  const shrink = Math.cos((((south + north) / 2) * Math.PI) / 180);
  const spanX = (east - west) * shrink;
  const spanY = north - south;
  const scale = Math.min(spanX > 0 ? box.width / spanX : Infinity, spanY > 0 ? box.height / spanY : Infinity);
  const s = Number.isFinite(scale) ? scale : 1;
  const offsetX = box.left + (box.width - spanX * s) / 2;
  const offsetY = box.top + (box.height - spanY * s) / 2;
  const point = ([lon, lat]: [number, number]) =>
    `${px(offsetX + (lon - west) * shrink * s)} ${px(offsetY + (north - lat) * s)}`;
  return areas.map((polygons) =>
    polygons.flatMap((rings) => rings.map((ring) => `M${ring.map(point).join('L')}Z`)).join(''),
  );
}
