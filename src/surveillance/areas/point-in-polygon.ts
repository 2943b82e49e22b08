/** A position as GeoJSON writes it: longitude first, then latitude. */
export type Position = [lon: number, lat: number];

/** A closed (or implicitly closed) sequence of positions bounding an area or a hole. */
export type Ring = Position[];

/**
 * Even-odd test of one ring with a half-open rule: an edge counts when it straddles the horizontal
 * line through the point (one end strictly above, the other at or below) and crosses it strictly to
 * the right of the point. Each edge is evaluated with its endpoints in a canonical order (lower end
 * first), so an edge shared by two neighbouring areas yields the bit-identical crossing in both, and a
 * point lying exactly on their common border belongs to exactly one of them.
 */
export function pointInRing(ring: Ring, lon: number, lat: number): boolean {
  let inside = false;
  const n = ring.length;
  if (n < 3) return false;
  let prev = ring[n - 1] as Position;
  for (let i = 0; i < n; i++) {
    const curr = ring[i] as Position;
    const prevAbove = prev[1] > lat;
    if (prevAbove !== curr[1] > lat) {
      const low = prevAbove ? curr : prev;
      const high = prevAbove ? prev : curr;
      const crossLon = low[0] + ((lat - low[1]) * (high[0] - low[0])) / (high[1] - low[1]);
      if (lon < crossLon) inside = !inside;
    }
    prev = curr;
  }
  return inside;
}

/** True when the point is inside a polygon (first ring the outer boundary, the others holes). */
export function pointInPolygon(rings: Ring[], lon: number, lat: number): boolean {
  const outer = rings[0];
  if (outer === undefined || !pointInRing(outer, lon, lat)) return false;
  for (let h = 1; h < rings.length; h++) {
    if (pointInRing(rings[h] as Ring, lon, lat)) return false;
  }
  return true;
}

/** True when the point is inside any polygon of a multipolygon. */
export function pointInPolygons(polygons: Ring[][], lon: number, lat: number): boolean {
  for (const polygon of polygons) {
    if (pointInPolygon(polygon, lon, lat)) return true;
  }
  return false;
}
