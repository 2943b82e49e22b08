import { seededRandom } from './prng.js';
import type { CaseRecord, LocationRecord } from './scan-files.js';
import type { ScanParameters } from './scan-parameters.js';

/** Parameters for tests: a Cartesian study of `days` days from day 0, with the given limits. */
export function testParameters(overrides: Partial<ScanParameters> = {}): ScanParameters {
  return {
    caseFile: 'test.cas',
    coordinatesFile: 'test.geo',
    startDay: 0,
    endDay: 29,
    latLong: false,
    prospective: false,
    maxCasesPercent: 50,
    maxRadius: 3,
    maxWindowDays: 7,
    minCases: 2,
    replications: 19,
    seed: 12345678,
    secondaryClusters: 'no-geographical-overlap',
    strictStudyPeriod: true,
    strictCoordinates: true,
    analysisIntervalDays: 1,
    ...overrides,
  };
}

/**
 * Random locations on a 10×10 square (or on the points of a unit grid, where many distances tie)
 * and random cases on them over `days` days.
 */
export function randomTestData(
  seed: number,
  locationCount: number,
  caseCount: number,
  days: number,
  grid = false,
): { locations: LocationRecord[]; cases: CaseRecord[] } {
  const random = seededRandom(seed);
  const uniform = () => random.nextUint32() / 0x1_0000_0000;
  const side = Math.ceil(Math.sqrt(locationCount));
  const locations = Array.from({ length: locationCount }, (_, i) => ({
    id: `L${i}`,
    x: grid ? i % side : Math.round(uniform() * 100) / 10,
    y: grid ? Math.floor(i / side) : Math.round(uniform() * 100) / 10,
  }));
  const cases = Array.from({ length: caseCount }, (_, i) => ({
    // Squared draws crowd the cases into the first locations, so some circles have many.
    locationId: `L${Math.floor(uniform() ** 2 * locationCount)}`,
    count: 1,
    day: random.below(days),
    line: i + 1,
  }));
  return { locations, cases };
}
