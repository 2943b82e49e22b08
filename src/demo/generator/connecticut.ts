import { connecticutOutline } from './connecticut-outline.js';

/** A town centre around which synthetic overdoses cluster. */
export interface Town {
  /** The town's name as in the Connecticut town layer (Willimantic is a village of Windham). */
  name: string;
  lat: number;
  lon: number;
  /** Relative share of the state's overdoses. */
  weight: number;
  /** Standard deviation of the Gaussian spread around the centre, in km (larger towns spread wider). */
  spreadKm: number;
}

/**
 * Downtown points of the towns that carry most of Connecticut's overdose burden. Weights are the towns'
 * counts of accidental drug deaths by injury city 2012-2022 (CT OCME open data), rounded: that count
 * already folds population and burden together. The towns listed hold about 70% of those deaths; their
 * Gaussian spread reaches into the suburbs around them and the uniform background covers the rest.
 */
export const towns: readonly Town[] = [
  { name: 'Hartford', lat: 41.7637, lon: -72.6851, weight: 950, spreadKm: 3 },
  { name: 'Waterbury', lat: 41.5582, lon: -73.0515, weight: 730, spreadKm: 3.5 },
  { name: 'New Haven', lat: 41.3083, lon: -72.9279, weight: 730, spreadKm: 3 },
  { name: 'Bridgeport', lat: 41.1792, lon: -73.1894, weight: 600, spreadKm: 3 },
  { name: 'New Britain', lat: 41.6612, lon: -72.7795, weight: 370, spreadKm: 2.5 },
  { name: 'Bristol', lat: 41.6718, lon: -72.9493, weight: 275, spreadKm: 3 },
  { name: 'Meriden', lat: 41.5382, lon: -72.807, weight: 255, spreadKm: 3 },
  { name: 'Norwich', lat: 41.5243, lon: -72.0759, weight: 230, spreadKm: 3 },
  { name: 'New London', lat: 41.3557, lon: -72.0995, weight: 215, spreadKm: 1.5 },
  { name: 'West Haven', lat: 41.2706, lon: -72.947, weight: 205, spreadKm: 2 },
  { name: 'Torrington', lat: 41.8007, lon: -73.1212, weight: 205, spreadKm: 3 },
  { name: 'Danbury', lat: 41.3948, lon: -73.454, weight: 200, spreadKm: 3.5 },
  { name: 'Middletown', lat: 41.5623, lon: -72.6506, weight: 190, spreadKm: 3.5 },
  { name: 'East Hartford', lat: 41.7823, lon: -72.612, weight: 180, spreadKm: 2.5 },
  { name: 'Manchester', lat: 41.7759, lon: -72.5215, weight: 175, spreadKm: 3 },
  { name: 'Milford', lat: 41.2223, lon: -73.0565, weight: 160, spreadKm: 3 },
  { name: 'Stamford', lat: 41.0534, lon: -73.5387, weight: 155, spreadKm: 3.5 },
  { name: 'Stratford', lat: 41.1845, lon: -73.1332, weight: 150, spreadKm: 2.5 },
  { name: 'Enfield', lat: 41.9762, lon: -72.5918, weight: 135, spreadKm: 3.5 },
  { name: 'Norwalk', lat: 41.1177, lon: -73.4082, weight: 130, spreadKm: 3 },
  { name: 'Hamden', lat: 41.3959, lon: -72.8968, weight: 125, spreadKm: 3 },
  { name: 'Naugatuck', lat: 41.4859, lon: -73.0507, weight: 120, spreadKm: 2.5 },
  { name: 'Groton', lat: 41.3501, lon: -72.0784, weight: 105, spreadKm: 3 },
  { name: 'East Haven', lat: 41.2762, lon: -72.8684, weight: 105, spreadKm: 2 },
  { name: 'Southington', lat: 41.5965, lon: -72.8776, weight: 100, spreadKm: 3 },
  { name: 'Shelton', lat: 41.3165, lon: -73.0932, weight: 100, spreadKm: 3 },
  { name: 'Windham', lat: 41.7107, lon: -72.2081, weight: 95, spreadKm: 2.5 },
  { name: 'Branford', lat: 41.2795, lon: -72.8151, weight: 90, spreadKm: 2.5 },
  { name: 'Wallingford', lat: 41.4571, lon: -72.8231, weight: 90, spreadKm: 3.5 },
  { name: 'Vernon', lat: 41.8668, lon: -72.4495, weight: 85, spreadKm: 2.5 },
  { name: 'West Hartford', lat: 41.762, lon: -72.742, weight: 80, spreadKm: 2.5 },
  { name: 'Ansonia', lat: 41.3462, lon: -73.079, weight: 75, spreadKm: 1.5 },
];

/** The box that every generated point stays inside. */
export const connecticutBounds = { south: 40.98, north: 42.05, west: -73.73, east: -71.78 } as const;

/** Connecticut's land area in km² (US Census), for the density of the uniform background. */
export const connecticutLandAreaKm2 = 12_542;

const kmPerDegreeLatitude = 111.32;

/** A point as latitude and longitude in degrees. */
export interface Point {
  lat: number;
  lon: number;
}

/** Moves a point by (northKm, eastKm); a flat-earth step is exact enough at the scale of a town. */
export function offsetByKm(origin: Point, northKm: number, eastKm: number): Point {
  return {
    lat: origin.lat + northKm / kmPerDegreeLatitude,
    lon: origin.lon + eastKm / (kmPerDegreeLatitude * Math.cos((origin.lat * Math.PI) / 180)),
  };
}

/** Distance in km between two nearby points (equirectangular; within metres of great-circle at 10 km). */
export function distanceKm(a: Point, b: Point): number {
  const meanLat = ((a.lat + b.lat) / 2) * (Math.PI / 180);
  const north = (a.lat - b.lat) * kmPerDegreeLatitude;
  const east = (a.lon - b.lon) * kmPerDegreeLatitude * Math.cos(meanLat);
  return Math.hypot(north, east);
}

/**
 * A rectangle wholly inside the outline (north of the shore, inside the state lines), where most points
 * fall: it saves walking the outline's 472 edges for them.
 */
export const connecticutInterior = { south: 41.45, north: 41.99, west: -73.47, east: -71.82 } as const;

/** Whether a point lies on Connecticut's land: inside the box and inside the state's outline. */
export function isInConnecticut(lat: number, lon: number): boolean {
  const bounds = connecticutBounds;
  if (lat < bounds.south || lat > bounds.north || lon < bounds.west || lon > bounds.east) return false;
  const interior = connecticutInterior;
  if (lat > interior.south && lat < interior.north && lon > interior.west && lon < interior.east) return true;
  // Even-odd ray casting over the outline's edges.
  const ring = connecticutOutline;
  let inside = false;
  for (let i = 0, j = ring.length - 2; i < ring.length; j = i, i += 2) {
    const xi = ring[i] as number;
    const yi = ring[i + 1] as number;
    const xj = ring[j] as number;
    const yj = ring[j + 1] as number;
    if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}
