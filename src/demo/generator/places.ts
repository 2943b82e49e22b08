import {
  connecticutBounds,
  connecticutLandAreaKm2,
  distanceKm,
  isInConnecticut,
  offsetByKm,
  type Point,
  type Town,
  towns,
} from './connecticut.js';
import { type Random, WeightedChoice } from './random.js';
import { realism } from './realism.js';

const townChoice = new WeightedChoice<Town>(towns.map((town) => [town, town.weight] as const));
const totalTownWeight = towns.reduce((sum, town) => sum + town.weight, 0);

/** Draws a town by its weight (spikes strike where overdoses already are). */
export function drawTown(random: Random): Town {
  return townChoice.draw(random);
}

/**
 * Rounds to 5 decimals (about 1 m), the precision written to the file, so that every check made here
 * (on land, inside a circle) holds for the value a reader parses back.
 */
function roundedPoint(lat: number, lon: number): Point {
  return { lat: Math.round(lat * 1e5) / 1e5, lon: Math.round(lon * 1e5) / 1e5 };
}

/** Draws the place of an ordinary event: around a town centre or, rarely, anywhere on the state's land. */
export function drawBaselinePlace(random: Random): Point {
  if (random.chance(realism.backgroundShare)) {
    const bounds = connecticutBounds;
    for (;;) {
      const point = roundedPoint(
        random.between(bounds.south, bounds.north),
        random.between(bounds.west, bounds.east),
      );
      if (isInConnecticut(point.lat, point.lon)) return point;
    }
  }
  const town = drawTown(random);
  for (;;) {
    const spread = offsetByKm(town, town.spreadKm * random.normal(), town.spreadKm * random.normal());
    const point = roundedPoint(spread.lat, spread.lon);
    if (isInConnecticut(point.lat, point.lon)) return point;
  }
}

/** Draws a point uniformly inside a circle (as measured by `distanceKm`) and on land; the centre must be on land. */
export function drawPlaceInCircle(random: Random, centre: Point, radiusKm: number): Point {
  for (;;) {
    const distance = radiusKm * Math.sqrt(random.next());
    const angle = 2 * Math.PI * random.next();
    const moved = offsetByKm(centre, distance * Math.cos(angle), distance * Math.sin(angle));
    const point = roundedPoint(moved.lat, moved.lon);
    if (distanceKm(point, centre) <= radiusKm && isInConnecticut(point.lat, point.lon)) return point;
  }
}

/** Expected events per km² at a point, as a share of all ordinary events (the mixture drawBaselinePlace samples). */
function baselineDensity(point: Point): number {
  let density = realism.backgroundShare / connecticutLandAreaKm2;
  for (const town of towns) {
    const variance = town.spreadKm * town.spreadKm;
    const distance = distanceKm(point, town);
    density +=
      (((1 - realism.backgroundShare) * town.weight) / totalTownWeight) *
      (Math.exp((-distance * distance) / (2 * variance)) / (2 * Math.PI * variance));
  }
  return density;
}

/**
 * The share of ordinary events expected inside a circle, by midpoint quadrature on a polar grid. It
 * ignores that points off land are redrawn, so near the shore it slightly overstates the share.
 */
export function baselineShareWithin(centre: Point, radiusKm: number): number {
  const rings = 12;
  const sectors = 24;
  const ringWidth = radiusKm / rings;
  const sectorAngle = (2 * Math.PI) / sectors;
  let share = 0;
  for (let i = 0; i < rings; i++) {
    const distance = (i + 0.5) * ringWidth;
    for (let j = 0; j < sectors; j++) {
      const angle = (j + 0.5) * sectorAngle;
      const point = offsetByKm(centre, distance * Math.cos(angle), distance * Math.sin(angle));
      share += baselineDensity(point) * distance * ringWidth * sectorAngle;
    }
  }
  return share;
}
