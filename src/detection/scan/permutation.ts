import { seededRandom, shuffleInPlace } from './prng.js';
import type { ScanStudy } from './scan-study.js';

/**
 * One random data set under the null hypothesis of the space-time permutation model: the study's
 * days are dealt out again among its cases at random, which keeps every location's and every day's
 * case count. Replication r always draws the same data set from the same seed.
 */
export function permutedCaseDays(
  study: ScanStudy,
  seed: number,
  replication: number,
  into?: Int32Array,
): Int32Array {
  const days = into ?? new Int32Array(study.totalCases);
  days.set(study.caseDays);
  shuffleInPlace(days, seededRandom(seed, replication));
  const locations = study.locationIds.length;
  for (let l = 0; l < locations; l++) {
    const from = study.caseStart[l] as number;
    const to = study.caseStart[l + 1] as number;
    if (to - from > 1) days.subarray(from, to).sort();
  }
  return days;
}
