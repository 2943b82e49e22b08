import { cellToLatLng } from 'h3-js';
import type { AreaCollection } from './api-responses';

type Ring = [number, number][];

/** Whether a point lies inside a ring (even-odd rule; lon/lat treated as plane coordinates). */
function inRing(lon: number, lat: number, ring: Ring): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i] as [number, number];
    const [xj, yj] = ring[j] as [number, number];
    if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function polygons(geometry: unknown): Ring[][] {
  const g = geometry as { type: string; coordinates: unknown };
  if (g?.type === 'Polygon') return [g.coordinates as Ring[]];
  if (g?.type === 'MultiPolygon') return g.coordinates as Ring[][];
  return [];
}

/** The name of the area holding a point (holes respected), or null outside every area. */
export function areaNameAt(lat: number, lon: number, areas: AreaCollection | null): string | null {
  for (const feature of areas?.features ?? []) {
    for (const [outer, ...holes] of polygons(feature.geometry)) {
      if (outer && inRing(lon, lat, outer) && !holes.some((h) => inRing(lon, lat, h))) {
        return String(feature.properties.name ?? feature.properties.id);
      }
    }
  }
  return null;
}

/** A cell's label: the area its center lies in, and the end of its id to tell neighbours apart. */
export function cellName(cell: string, areas: AreaCollection | null): string {
  const [lat, lon] = cellToLatLng(cell);
  const area = areaNameAt(lat, lon, areas);
  return `${area ? `Cell in ${area}` : 'Cell'} (${cell.slice(-9, -6)})`;
}
