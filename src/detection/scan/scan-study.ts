import { DetectionError } from '../detection-error.js';
import { toEuclidean } from './distance.js';
import type { CaseRecord, LocationRecord } from './scan-files.js';
import type { ScanParameters } from './scan-parameters.js';

/**
 * The data of one analysis in typed arrays: each case is one unit with a location and a day, the
 * units grouped by location. Under the space-time permutation null hypothesis the cases per location
 * and the cases per day are fixed; only which day goes with which location changes.
 */
export interface ScanStudy {
  readonly locationIds: readonly string[];
  /** Euclidean points (x, y, z per location) whose distances are SaTScan's. */
  readonly points: Float64Array;
  /** Day 0 of the study (days since 1970-01-01) and its length in days. */
  readonly startDay: number;
  readonly dayCount: number;
  readonly totalCases: number;
  /** Location l's cases are units caseStart[l] .. caseStart[l+1]-1. */
  readonly caseStart: Int32Array;
  /** Each unit's day (0-based in the study), sorted within each location. */
  readonly caseDays: Int32Array;
  /** dayCumulative[d] = cases on days before d, all locations together (length dayCount + 1). */
  readonly dayCumulative: Int32Array;
}

/** Refuses, as SaTScan does, a latitude outside -90..90 or a longitude outside -180..180. */
function checkLatitudeLongitude(locations: readonly LocationRecord[], fileName: string): void {
  for (const { id, x: latitude, y: longitude } of locations) {
    if (Math.abs(latitude) > 90 || Math.abs(longitude) > 180) {
      throw new DetectionError(
        'SCAN_DATA_INVALID',
        `${fileName}: location ${id} has latitude ${latitude} and longitude ${longitude}; latitudes run from -90 to 90 and longitudes from -180 to 180`,
      );
    }
  }
}

/** Builds the study from the parsed files, applying SaTScan's strict or relaxed data checks. */
export function buildScanStudy(
  parameters: ScanParameters,
  cases: readonly CaseRecord[],
  locations: readonly LocationRecord[],
  caseFileName: string,
): ScanStudy {
  if (parameters.latLong) checkLatitudeLongitude(locations, parameters.coordinatesFile);
  const index = new Map(locations.map((location, i) => [location.id, i]));
  const dayCount = parameters.endDay - parameters.startDay + 1;
  const perLocation: number[][] = locations.map(() => []);
  for (const record of cases) {
    const location = index.get(record.locationId);
    if (location === undefined) {
      if (parameters.strictCoordinates) {
        throw new DetectionError(
          'SCAN_DATA_INVALID',
          `${caseFileName} line ${record.line}: location ${record.locationId} is not in the coordinates file`,
        );
      }
      continue;
    }
    const day = record.day - parameters.startDay;
    if (day < 0 || day >= dayCount) {
      if (parameters.strictStudyPeriod) {
        throw new DetectionError(
          'SCAN_DATA_INVALID',
          `${caseFileName} line ${record.line}: the date is outside the study period (StartDate..EndDate)`,
        );
      }
      continue;
    }
    const list = perLocation[location] as number[];
    for (let k = 0; k < record.count; k++) list.push(day);
  }
  const totalCases = perLocation.reduce((sum, list) => sum + list.length, 0);
  if (totalCases === 0)
    throw new DetectionError('SCAN_DATA_INVALID', `${caseFileName}: no cases in the study period`);
  const caseStart = new Int32Array(locations.length + 1);
  const caseDays = new Int32Array(totalCases);
  const dayCumulative = new Int32Array(dayCount + 1);
  let next = 0;
  perLocation.forEach((list, l) => {
    caseStart[l] = next;
    list.sort((a, b) => a - b);
    for (const day of list) {
      caseDays[next++] = day;
      dayCumulative[day + 1] = (dayCumulative[day + 1] as number) + 1;
    }
  });
  caseStart[locations.length] = next;
  for (let d = 1; d <= dayCount; d++)
    dayCumulative[d] = (dayCumulative[d] as number) + (dayCumulative[d - 1] as number);
  return {
    locationIds: locations.map((l) => l.id),
    points: toEuclidean(locations, parameters.latLong),
    startDay: parameters.startDay,
    dayCount,
    totalCases,
    caseStart,
    caseDays,
    dayCumulative,
  };
}
