import { highRateLogLikelihoodRatio } from './likelihood.js';
import type { ScanCircles } from './scan-circles.js';
import type { ScanStudy } from './scan-study.js';

/** A window count larger than any: no window seen yet for that number of cases. */
const NO_WINDOW = 0x7fffffff;

type Visit = (
  llr: number,
  step: number,
  startDay: number,
  endDay: number,
  observed: number,
  expected: number,
) => void;

const ignore: Visit = () => {};

/** The window settings of a scan. */
export interface WindowSettings {
  /** Prospective: only windows that end on the study's last day. */
  readonly prospective: boolean;
  readonly maxWindowDays: number;
  readonly minCases: number;
}

/** The best cylinder around one centre. */
export interface CentreBest {
  readonly centre: number;
  readonly llr: number;
  /** Index into the circles' steps. */
  readonly step: number;
  /** First and last day of the window (0-based in the study). */
  readonly startDay: number;
  readonly endDay: number;
  readonly observed: number;
  readonly expected: number;
}

/**
 * Scans every cylinder for one assignment of days to cases and returns either the largest log
 * likelihood ratio (for a Monte Carlo replication) or each centre's best cylinder (for the data).
 *
 * Why it is fast:
 * - Expected counts factorise. Under the permutation model μ(location, day) = N_loc·N_day / N, so a
 *   cylinder expects μ = n·W/N, where n is the circle's cases over the whole study and W the cases
 *   of every location in the window: a prefix sum over days gives W, and n is fixed per circle.
 * - Circles grow: around a centre, each location's cases are added to the circle's cases per day,
 *   and only windows that hold one of the new cases are looked at again.
 * - Only windows that start and end on a day with a case of the circle can be best: trimming empty
 *   days keeps c and does not raise μ, and the ratio rises as μ falls while c > μ.
 * - For a circle, the ratio rises with c and falls with μ, so only the smallest W for each c
 *   matters: the window loop keeps that minimum with integer work, from one circle to the next of a
 *   centre, and logarithms are taken only on the few (c, W) pairs that no larger c with a smaller W
 *   dominates, and only when c·ln(c/μ), read from a table, could beat the best cylinder so far.
 * - A replication skips circles whose cases repeat those of an earlier centre.
 * - Typed arrays throughout, and no allocation per circle or per replication.
 */
export class CylinderScanner {
  /** The circle's cases on each day of the study, and a bit set of the days with any. */
  private readonly circleCounts: Int32Array;
  private readonly circleDays: Int32Array;
  /** The circle's case days near a new case, and its cases up to each of them. */
  private readonly nearDay: Int32Array;
  private readonly nearUpTo: Int32Array;
  private maxObserved = 0;
  /** The ratio a cylinder must beat to be visited: the best so far of the scan or of the centre. */
  private threshold = 0;
  /** ln k for k = 0..N, for the cheap bound on a cylinder's ratio. */
  private readonly logs: Float64Array;
  /** Per number of circle cases c: the fewest cases of all locations in a window holding c, and that window. */
  private readonly minWindowCases: Int32Array;
  private readonly windowStart: Int32Array;
  private readonly windowEnd: Int32Array;

  constructor(
    private readonly study: ScanStudy,
    private readonly circles: ScanCircles,
    private readonly settings: WindowSettings,
  ) {
    this.logs = Float64Array.from({ length: study.totalCases + 1 }, (_, k) => Math.log(k));
    this.circleCounts = new Int32Array(study.dayCount);
    this.circleDays = new Int32Array((study.dayCount >> 5) + 1);
    this.nearDay = new Int32Array(2 * settings.maxWindowDays);
    this.nearUpTo = new Int32Array(2 * settings.maxWindowDays);
    this.minWindowCases = new Int32Array(study.totalCases + 2).fill(NO_WINDOW);
    this.windowStart = new Int32Array(study.totalCases + 2);
    this.windowEnd = new Int32Array(study.totalCases + 2);
  }

  /** The largest log likelihood ratio over all cylinders, for days assigned as `caseDays`. */
  maxLlr(caseDays: Int32Array): number {
    this.threshold = 0;
    const locations = this.study.locationIds.length;
    for (let centre = 0; centre < locations; centre++) this.scanCentre(centre, caseDays, false, ignore);
    return this.threshold;
  }

  /** Each centre's best cylinder (none where no cylinder has a positive ratio), for `caseDays`. */
  bestPerCentre(caseDays: Int32Array): CentreBest[] {
    const out: CentreBest[] = [];
    const locations = this.study.locationIds.length;
    for (let centre = 0; centre < locations; centre++) {
      let best: CentreBest | undefined;
      this.threshold = 0;
      // Visited only when strictly better: on a tie the smaller circle and the earlier window stay.
      this.scanCentre(centre, caseDays, true, (llr, step, startDay, endDay, observed, expected) => {
        best = { centre, llr, step, startDay, endDay, observed, expected };
      });
      if (best) out.push(best);
    }
    return out;
  }

  /** Hands a cylinder to `visit` if it beats the best so far, which it then becomes. */
  private offer(
    visit: Visit,
    llr: number,
    step: number,
    startDay: number,
    endDay: number,
    observed: number,
    expected: number,
  ): void {
    if (llr <= this.threshold) return;
    this.threshold = llr;
    visit(llr, step, startDay, endDay, observed, expected);
  }

  private scanCentre(centre: number, caseDays: Int32Array, everyCircle: boolean, visit: Visit): void {
    const { order, orderStart, stepStart, stepSize, stepRepeated } = this.circles;
    const { caseStart } = this.study;
    const counts = this.circleCounts;
    const days = this.circleDays;
    const first = orderStart[centre] as number;
    let size = 0;
    let n = 0;
    this.maxObserved = 0;
    for (let step = stepStart[centre] as number; step < (stepStart[centre + 1] as number); step++) {
      const target = stepSize[step] as number;
      const added = size;
      for (; size < target; size++) {
        const l = order[first + size] as number;
        for (let k = caseStart[l] as number; k < (caseStart[l + 1] as number); k++) {
          const day = caseDays[k] as number;
          counts[day] = (counts[day] as number) + 1;
          days[day >> 5] = (days[day >> 5] as number) | (1 << (day & 31));
        }
        n += (caseStart[l + 1] as number) - (caseStart[l] as number);
      }
      if (!this.settings.prospective) {
        for (let k = added; k < size; k++) {
          const l = order[first + k] as number;
          this.addWindowsAround(caseDays, caseStart[l] as number, caseStart[l + 1] as number, everyCircle);
        }
      }
      if (n < this.settings.minCases || (!everyCircle && stepRepeated[step] === 1)) continue;
      if (this.settings.prospective) this.prospectiveWindows(n, step, visit);
      else this.evaluateFrontier(n, step, visit);
    }
    // Empty the day counts and the minima for the next centre.
    for (let k = 0; k < size; k++) {
      const l = order[first + k] as number;
      for (let u = caseStart[l] as number; u < (caseStart[l + 1] as number); u++) {
        const day = caseDays[u] as number;
        counts[day] = 0;
        days[day >> 5] = 0;
      }
    }
    const minW = this.minWindowCases;
    for (let observed = 1; observed <= this.maxObserved; observed++) minW[observed] = NO_WINDOW;
  }

  private prospectiveWindows(n: number, step: number, visit: Visit): void {
    const { dayCumulative: cumulative, dayCount, totalCases } = this.study;
    const counts = this.circleCounts;
    const all = cumulative[dayCount] as number;
    let observed = 0;
    for (let start = dayCount - 1; start >= dayCount - this.settings.maxWindowDays; start--) {
      const here = counts[start] as number;
      if (here === 0) continue;
      observed += here;
      if (observed < this.settings.minCases) continue;
      const expected = (n * (all - (cumulative[start] as number))) / totalCases;
      if (observed > expected) {
        this.offer(
          visit,
          highRateLogLikelihoodRatio(observed, expected, totalCases),
          step,
          start,
          dayCount - 1,
          observed,
          expected,
        );
      }
    }
  }

  /**
   * Records, for each count c, the fewest cases of all locations in any window holding c of the
   * circle's cases, over the windows that hold one of the cases just added (days from..to-1 of
   * `caseDays`, sorted). Windows without them keep their count, so the minima of the smaller circles
   * stay valid bounds; where such a window gained cases, the same window is seen here with its new
   * count, which dominates the stale one. The circle's case days near each new day are gathered from
   * the bit set of its days into a short list first, so the window loops touch only days with cases.
   */
  private addWindowsAround(caseDays: Int32Array, from: number, to: number, track: boolean): void {
    const { dayCumulative: cumulative, dayCount } = this.study;
    const { maxWindowDays } = this.settings;
    const counts = this.circleCounts;
    const days = this.circleDays;
    const nearDay = this.nearDay;
    const nearUpTo = this.nearUpTo;
    const minW = this.minWindowCases;
    let maxObserved = this.maxObserved;
    let previous = -1;
    for (let k = from; k < to; k++) {
      const day = caseDays[k] as number;
      if (day === previous) continue;
      // Windows that also hold the previous new day were seen with it: start after it.
      const firstStart = Math.max(day - maxWindowDays + 1, previous + 1);
      previous = day;
      const lastEnd = Math.min(dayCount - 1, day + maxWindowDays - 1);
      let near = 0;
      let running = 0;
      let dayIndex = 0;
      // The days with cases, from the bit set: a few words instead of every day of the range.
      for (let word = firstStart >> 5; word <= lastEnd >> 5; word++) {
        let bits = days[word] as number;
        if (word === firstStart >> 5) bits &= -1 << (firstStart & 31);
        if (word === lastEnd >> 5 && (lastEnd & 31) !== 31) bits &= (1 << ((lastEnd & 31) + 1)) - 1;
        while (bits !== 0) {
          const lowest = bits & -bits;
          const d = (word << 5) + 31 - Math.clz32(lowest);
          bits ^= lowest;
          if (d === day) dayIndex = near;
          running += counts[d] as number;
          nearDay[near] = d;
          nearUpTo[near] = running;
          near++;
        }
      }
      for (let a = 0; a <= dayIndex; a++) {
        const start = nearDay[a] as number;
        const casesBefore = (nearUpTo[a] as number) - (counts[start] as number);
        const before = cumulative[start] as number;
        const limit = start + maxWindowDays;
        for (let b = dayIndex; b < near; b++) {
          const end = nearDay[b] as number;
          if (end >= limit) break;
          const observed = (nearUpTo[b] as number) - casesBefore;
          const windowCases = (cumulative[end + 1] as number) - before;
          if (windowCases < (minW[observed] as number)) {
            minW[observed] = windowCases;
            if (track) {
              this.windowStart[observed] = start;
              this.windowEnd[observed] = end;
            }
          }
          if (observed > maxObserved) maxObserved = observed;
        }
      }
    }
    this.maxObserved = maxObserved;
  }

  /**
   * The circle's best windows: walking c down, a (c, W) pair is evaluated only if no larger c has
   * a smaller W, so logarithms are taken on a handful of pairs.
   */
  private evaluateFrontier(n: number, step: number, visit: Visit): void {
    const { totalCases } = this.study;
    const minW = this.minWindowCases;
    const logs = this.logs;
    // ln μ = ln W + ln(n/N).
    const logCircleShare = (logs[n] as number) - (logs[totalCases] as number);
    let smallest = NO_WINDOW;
    for (let observed = this.maxObserved; observed >= this.settings.minCases; observed--) {
      const windowCases = minW[observed] as number;
      if (windowCases >= smallest) continue;
      smallest = windowCases;
      const expected = (n * windowCases) / totalCases;
      if (observed <= expected) continue;
      // c·ln(c/μ) bounds the ratio (the outside term is negative): from the table of logarithms, it
      // spares the two logarithms of most pairs, which cannot beat the best cylinder so far.
      const bound =
        observed * (logs[observed] as number) - observed * (logCircleShare + (logs[windowCases] as number));
      if (bound < this.threshold - 1e-9) continue;
      this.offer(
        visit,
        highRateLogLikelihoodRatio(observed, expected, totalCases),
        step,
        this.windowStart[observed] as number,
        this.windowEnd[observed] as number,
        observed,
        expected,
      );
    }
  }
}
