/**
 * Distances between locations as SaTScan measures them: Cartesian coordinates by the plane's
 * Euclidean distance; latitude/longitude by the straight line (chord) through a sphere of radius
 * 6367 km between the two points, 2R·sin(θ/2) for a central angle θ: a hair shorter than the great
 * circle at city scale, and what SaTScan reports as a cluster's radius.
 */

/** The Earth's radius SaTScan uses, in km. */
export const EARTH_RADIUS_KM = 6367;

/** A location's coordinates as given: latitude/longitude in degrees, or Cartesian x/y. */
export interface Coordinates {
  readonly x: number;
  readonly y: number;
}

/** Points in 3-D (or the plane, z = 0) whose Euclidean distance is the distance SaTScan uses. */
export function toEuclidean(points: readonly Coordinates[], latLong: boolean): Float64Array {
  const out = new Float64Array(points.length * 3);
  points.forEach((p, i) => {
    if (latLong) {
      // For latitude/longitude, x is the latitude and y the longitude (the coordinates file's order).
      const lat = (p.x * Math.PI) / 180;
      const lon = (p.y * Math.PI) / 180;
      out[i * 3] = EARTH_RADIUS_KM * Math.cos(lat) * Math.cos(lon);
      out[i * 3 + 1] = EARTH_RADIUS_KM * Math.cos(lat) * Math.sin(lon);
      out[i * 3 + 2] = EARTH_RADIUS_KM * Math.sin(lat);
    } else {
      out[i * 3] = p.x;
      out[i * 3 + 1] = p.y;
    }
  });
  return out;
}

/** The distance between points i and j of a toEuclidean array. */
export function pointDistance(points: Float64Array, i: number, j: number): number {
  const dx = (points[i * 3] as number) - (points[j * 3] as number);
  const dy = (points[i * 3 + 1] as number) - (points[j * 3 + 1] as number);
  const dz = (points[i * 3 + 2] as number) - (points[j * 3 + 2] as number);
  return Math.sqrt(dx * dx + dy * dy + dz * dz);
}
