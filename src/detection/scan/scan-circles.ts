import { pointDistance } from './distance.js';
import type { ScanStudy } from './scan-study.js';

/**
 * The circles of the scan, as nested sequences: around each centre, the locations in SaTScan's
 * order, and the steps at which a circle is closed. SaTScan sorts by distance compared exactly (no
 * tolerance), an exact tie going to the smaller x, then y, then z, and makes a circle of every first
 * k locations of that order; so of two cells a grid puts at the same distance up to 1e-12 km, or
 * exactly, one can be in a circle without the other. A step closes after each location except one
 * whose next location has the very same coordinates (SaTScan merges such locations into one), only
 * where the step brings new cases (a circle that adds only empty locations has the same likelihood
 * as the smaller one, and SaTScan reports the smaller), and only while the circle keeps within the
 * largest radius and the largest share of cases.
 */
export interface ScanCircles {
  /** Centre c's neighbours, nearest first, are order[orderStart[c]] .. order[orderStart[c+1]-1]. */
  readonly order: Int32Array;
  readonly orderStart: Int32Array;
  /** Centre c's circles are steps stepStart[c] .. stepStart[c+1]-1: the first stepSize[s] neighbours. */
  readonly stepStart: Int32Array;
  readonly stepSize: Int32Array;
  readonly stepRadius: Float64Array;
  /** 1 where the same cases form a circle of an earlier centre: replications need not scan it again. */
  readonly stepRepeated: Uint8Array;
}

function mix(value: number, salt: number): number {
  let z = Math.imul(value ^ salt, 0x9e3779b1);
  z = Math.imul(z ^ (z >>> 15), 0x85ebca77);
  return (z ^ (z >>> 13)) >>> 0;
}

/** Builds every centre's circles within the limits of the analysis. */
export function buildScanCircles(
  study: ScanStudy,
  maxRadius: number | null,
  maxCasesPercent: number,
): ScanCircles {
  const locationCount = study.locationIds.length;
  const maxCases = (study.totalCases * maxCasesPercent) / 100;
  const radiusLimit = maxRadius ?? Number.POSITIVE_INFINITY;
  const { points } = study;
  const coordinate = (l: number, axis: number) => points[l * 3 + axis] as number;
  const samePlace = (a: number, b: number) =>
    coordinate(a, 0) === coordinate(b, 0) &&
    coordinate(a, 1) === coordinate(b, 1) &&
    coordinate(a, 2) === coordinate(b, 2);
  const order: number[] = [];
  const orderStart = new Int32Array(locationCount + 1);
  const steps: Array<{ size: number; radius: number; repeated: boolean }> = [];
  const stepStart = new Int32Array(locationCount + 1);
  // Circles seen so far by the set of locations with cases they hold: an order-free hash first, the
  // sorted list to settle a match.
  const seen = new Map<string, number[][]>();
  const casesAt = (l: number) => (study.caseStart[l + 1] as number) - (study.caseStart[l] as number);
  const distances = new Float64Array(locationCount);
  const byDistance = Array.from({ length: locationCount }, (_, i) => i);

  for (let centre = 0; centre < locationCount; centre++) {
    orderStart[centre] = order.length;
    stepStart[centre] = steps.length;
    for (let l = 0; l < locationCount; l++) distances[l] = pointDistance(study.points, centre, l);
    // The centre first even if another location shares its coordinates; exact ties by x, y, z, and
    // locations at the very same place by file order.
    byDistance.sort((a, b) =>
      a === centre
        ? -1
        : b === centre
          ? 1
          : (distances[a] as number) - (distances[b] as number) ||
            coordinate(a, 0) - coordinate(b, 0) ||
            coordinate(a, 1) - coordinate(b, 1) ||
            coordinate(a, 2) - coordinate(b, 2) ||
            a - b,
    );
    let cases = 0;
    let lastCases = 0;
    let hashA = 0;
    let hashB = 0;
    const members: number[] = [];
    for (let k = 0; k < locationCount; k++) {
      const l = byDistance[k] as number;
      const distance = distances[l] as number;
      if (distance > radiusLimit) break;
      const added = casesAt(l);
      if (cases + added > maxCases) break;
      order.push(l);
      cases += added;
      if (added > 0) {
        members.push(l);
        hashA = (hashA + mix(l, 0x1b873593)) >>> 0;
        hashB = (hashB + mix(l, 0x68e31da4)) >>> 0;
      }
      const next = byDistance[k + 1];
      if ((next !== undefined && samePlace(next, l)) || cases === lastCases) continue;
      lastCases = cases;
      const key = `${hashA}:${hashB}:${members.length}`;
      const sorted = [...members].sort((a, b) => a - b);
      const sameHash = seen.get(key);
      const repeated = sameHash?.some((other) => other.every((v, i) => v === sorted[i])) ?? false;
      if (!repeated) {
        if (sameHash) sameHash.push(sorted);
        else seen.set(key, [sorted]);
      }
      steps.push({ size: k + 1, radius: distance, repeated });
    }
  }
  orderStart[locationCount] = order.length;
  stepStart[locationCount] = steps.length;
  return {
    order: Int32Array.from(order),
    orderStart,
    stepStart,
    stepSize: Int32Array.from(steps, (s) => s.size),
    stepRadius: Float64Array.from(steps, (s) => s.radius),
    stepRepeated: Uint8Array.from(steps, (s) => (s.repeated ? 1 : 0)),
  };
}
