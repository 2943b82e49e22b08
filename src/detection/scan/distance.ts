/**
 * Distances between locations as SaTScan measures them: Cartesian coordinates by the plane's
 * Euclidean distance; latitude/longitude by the straight line (chord) through a sphere of radius
 * 6367 km between the two points, 2R·sin(θ/2) for a central angle θ: a hair shorter than the great
 * circle at city scale, and what SaTScan reports as a cluster's radius.
 */

import { sineCosine } from './rounded-trigonometry.js';

/** The Earth's radius SaTScan uses, in km. */
export const EARTH_RADIUS_KM = 6367;

/** A location's coordinates as given: latitude/longitude in degrees, or Cartesian x/y. */
export interface Coordinates {
  readonly x: number;
  readonly y: number;
}

/**
 * Points in 3-D (or the plane, z = 0) whose Euclidean distance is the distance SaTScan uses. For
 * latitude/longitude the doubles are SaTScan's to the last bit: degrees to radians as (d·π)/180, then
 * x = (R·cos lon)·cos lat, y = (R·sin lon)·cos lat, z = R·sin lat, multiplied in that order, with
 * correctly rounded sine and cosine (see rounded-trigonometry.ts). Circles compare these distances
 * exactly, so an ulp here can move a cell in or out of a circle on a regular grid.
 */
export function toEuclidean(points: readonly Coordinates[], latLong: boolean): Float64Array {
  const out = new Float64Array(points.length * 3);
  // Gridded coordinates repeat a few values many times: each angle's sine and cosine once.
  const trigonometry = new Map<number, [number, number]>();
  const sinCos = (degrees: number): [number, number] => {
    let known = trigonometry.get(degrees);
    if (!known) {
      known = sineCosine((degrees * Math.PI) / 180);
      trigonometry.set(degrees, known);
    }
    return known;
  };
  points.forEach((p, i) => {
    if (latLong) {
      // For latitude/longitude, x is the latitude and y the longitude (the coordinates file's order).
      const [sinLat, cosLat] = sinCos(p.x);
      const [sinLon, cosLon] = sinCos(p.y);
      out[i * 3] = EARTH_RADIUS_KM * cosLon * cosLat;
      out[i * 3 + 1] = EARTH_RADIUS_KM * sinLon * cosLat;
      out[i * 3 + 2] = EARTH_RADIUS_KM * sinLat;
    } else {
      out[i * 3] = p.x;
      out[i * 3 + 1] = p.y;
    }
  });
  return out;
}

/** The distance between points i and j of a toEuclidean array: the squares summed in x, y, z order. */
export function pointDistance(points: Float64Array, i: number, j: number): number {
  const dx = (points[i * 3] as number) - (points[j * 3] as number);
  const dy = (points[i * 3 + 1] as number) - (points[j * 3 + 1] as number);
  const dz = (points[i * 3 + 2] as number) - (points[j * 3 + 2] as number);
  return Math.sqrt(dx * dx + dy * dy + dz * dz);
}
