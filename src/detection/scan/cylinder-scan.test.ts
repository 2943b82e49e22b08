import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CylinderScanner } from './cylinder-scan.js';
import { pointDistance } from './distance.js';
import { highRateLogLikelihoodRatio } from './likelihood.js';
import { buildScanCircles } from './scan-circles.js';
import { buildScanStudy, type ScanStudy } from './scan-study.js';
import { randomTestData, testParameters } from './test-study.js';

/**
 * The scan done the slow, obvious way: every circle as SaTScan makes them (around every centre, the
 * first k locations by distance, exact ties by x then y, for every k, all locations at one place
 * together), every window, expected counts summed cell by cell from N_loc·N_day/N.
 */
function bruteForceMax(
  study: ScanStudy,
  maxRadius: number,
  maxPercent: number,
  maxDays: number,
  minCases: number,
  prospective: boolean,
): number {
  const L = study.locationIds.length;
  const D = study.dayCount;
  const N = study.totalCases;
  const counts = new Array<number>(L * D).fill(0);
  const at = (l: number, d: number) => counts[l * D + d] as number;
  for (let l = 0; l < L; l++) {
    for (let u = study.caseStart[l] as number; u < (study.caseStart[l + 1] as number); u++) {
      counts[l * D + (study.caseDays[u] as number)] = at(l, study.caseDays[u] as number) + 1;
    }
  }
  const x = (l: number) => study.points[l * 3] as number;
  const y = (l: number) => study.points[l * 3 + 1] as number;
  const byLocation = Array.from({ length: L }, (_, l) =>
    counts.slice(l * D, (l + 1) * D).reduce((a, b) => a + b, 0),
  );
  const byDay = Array.from({ length: D }, (_, d) => byLocation.reduce((sum, _n, l) => sum + at(l, d), 0));
  let best = 0;
  for (let centre = 0; centre < L; centre++) {
    const distance = (l: number) => pointDistance(study.points, centre, l);
    const order = Array.from({ length: L }, (_, l) => l).sort((a, b) => {
      if (a === centre || b === centre) return a === centre ? -1 : 1;
      if (distance(a) !== distance(b)) return distance(a) < distance(b) ? -1 : 1;
      if (x(a) !== x(b)) return x(a) < x(b) ? -1 : 1;
      if (y(a) !== y(b)) return y(a) < y(b) ? -1 : 1;
      return a - b;
    });
    for (let k = 1; k <= L; k++) {
      const last = order[k - 1] as number;
      const next = order[k];
      if (next !== undefined && x(next) === x(last) && y(next) === y(last)) continue;
      if (distance(last) > maxRadius) continue;
      const inside = order.slice(0, k);
      const circleCases = inside.reduce((sum, l) => sum + (byLocation[l] as number), 0);
      if (circleCases > (N * maxPercent) / 100) continue;
      for (let start = 0; start < D; start++) {
        for (let end = start; end < Math.min(D, start + maxDays); end++) {
          if (prospective && end !== D - 1) continue;
          let observed = 0;
          let expected = 0;
          for (const l of inside) {
            for (let d = start; d <= end; d++) {
              observed += at(l, d);
              expected += ((byLocation[l] as number) * (byDay[d] as number)) / N;
            }
          }
          if (observed < minCases) continue;
          best = Math.max(best, highRateLogLikelihoodRatio(observed, expected, N));
        }
      }
    }
  }
  return best;
}

const SETUPS = [
  { name: 'scattered locations', grid: false, radius: 3, percent: 50, days: 5, minCases: 2, studyDays: 21 },
  // On a grid many locations tie in distance exactly, and a 20% cap on cases binds before the radius.
  {
    name: 'a grid with ties and a tight cap',
    grid: true,
    radius: 4,
    percent: 20,
    days: 8,
    minCases: 3,
    studyDays: 21,
  },
  // Windows that cross the 32-day words of the day bit set.
  { name: 'a long study', grid: false, radius: 3, percent: 50, days: 12, minCases: 2, studyDays: 100 },
];

describe('CylinderScanner', () => {
  for (const prospective of [false, true]) {
    for (const setup of SETUPS) {
      it(`finds the largest ratio that scanning every cylinder cell by cell finds (${prospective ? 'prospective' : 'retrospective'}, ${setup.name})`, () => {
        for (const seed of [1, 2, 3, 4, 5, 6]) {
          const parameters = testParameters({ endDay: setup.studyDays - 1, prospective });
          const { locations, cases } = randomTestData(
            seed,
            16,
            setup.studyDays * 3,
            setup.studyDays,
            setup.grid,
          );
          const study = buildScanStudy(parameters, cases, locations, 'test.cas');
          const circles = buildScanCircles(study, setup.radius, setup.percent);
          const settings = { prospective, maxWindowDays: setup.days, minCases: setup.minCases };
          const fast = new CylinderScanner(study, circles, settings);
          const expected = bruteForceMax(
            study,
            setup.radius,
            setup.percent,
            setup.days,
            setup.minCases,
            prospective,
          );
          assert.ok(expected > 0);
          assert.ok(Math.abs(fast.maxLlr(study.caseDays) - expected) < 1e-9, `seed ${seed}`);
          const perCentre = fast.bestPerCentre(study.caseDays);
          assert.ok(Math.abs(Math.max(0, ...perCentre.map((b) => b.llr)) - expected) < 1e-9);
        }
      });
    }
  }

  it('reports a best cylinder whose counts are the cylinder’s own', () => {
    const parameters = testParameters({ endDay: 20 });
    const { locations, cases } = randomTestData(9, 14, 60, 21);
    const study = buildScanStudy(parameters, cases, locations, 'test.cas');
    const circles = buildScanCircles(study, 3, 50);
    const scanner = new CylinderScanner(study, circles, {
      prospective: false,
      maxWindowDays: 7,
      minCases: 2,
    });
    for (const best of scanner.bestPerCentre(study.caseDays)) {
      const first = circles.orderStart[best.centre] as number;
      const members = Array.from(
        circles.order.subarray(first, first + (circles.stepSize[best.step] as number)),
      );
      let observed = 0;
      let circleCases = 0;
      for (const l of members) {
        for (let u = study.caseStart[l] as number; u < (study.caseStart[l + 1] as number); u++) {
          circleCases++;
          const day = study.caseDays[u] as number;
          if (day >= best.startDay && day <= best.endDay) observed++;
        }
      }
      const windowCases =
        (study.dayCumulative[best.endDay + 1] as number) - (study.dayCumulative[best.startDay] as number);
      assert.equal(best.observed, observed);
      assert.ok(Math.abs(best.expected - (circleCases * windowCases) / study.totalCases) < 1e-12);
      assert.ok(best.endDay - best.startDay < 7);
    }
  });
});
