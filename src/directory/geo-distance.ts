/** A point on the earth, in decimal degrees (WGS 84). */
export interface LatLon {
  latitude: number;
  longitude: number;
}

/** The mean radius of the earth (IUGG), in km: a sphere is within 0.5% of the ellipsoid's distances. */
const EARTH_RADIUS_KM = 6371.0088;
const RADIANS = Math.PI / 180;

/** The great-circle distance between two points, in km (the haversine formula, stable for short distances). */
export function distanceKm(a: LatLon, b: LatLon): number {
  const dLat = (b.latitude - a.latitude) * RADIANS;
  const dLon = (b.longitude - a.longitude) * RADIANS;
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(a.latitude * RADIANS) * Math.cos(b.latitude * RADIANS) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}
