import { addDays } from '../platform/calendar-days.js';

/** How far back a substance must be absent from an area for its result to be "first seen" there. */
export const LOOKBACK_WEEKS = 26;
/** The weeks before a week whose mean is the area's baseline for a substance. */
export const BASELINE_WEEKS = 8;
/** A rise needs at least this many results in the week... */
export const RISE_MINIMUM = 3;
/** ...and at least this many times the baseline. */
export const RISE_FACTOR = 2;

/** Results of one substance in one area and week (a week without any is simply absent). */
export interface SubstanceWeekCount {
  layerId: string;
  areaId: string;
  weekStart: string;
  substance: string;
  results: number;
}

/** One week of one substance in one area that raised a signal, and why. */
export interface AdulterantSignalFinding extends SubstanceWeekCount {
  /** No result of the area held the substance in the `LOOKBACK_WEEKS` weeks before. */
  firstSeenInArea: boolean;
  /** The mean results a week over the `BASELINE_WEEKS` weeks before. */
  baseline: number;
}

/** The weeks whose counts a judgement of `fromWeek`..`toWeek` needs: from this week start on. */
export function historyStart(fromWeek: string): string {
  return addDays(fromWeek, -7 * LOOKBACK_WEEKS);
}

/**
 * The signals of the weeks starting in [fromWeek, toWeek], pure. A substance found in an area raises
 * a signal in a week when no result of that area held it in the 26 weeks before (first seen), or when
 * the week's results reach 3 and twice the mean of the 8 weeks before (a rise). `counts` must hold
 * every week from `historyStart(fromWeek)` on. Newest first, then by area and substance.
 */
export function adulterantSignalFindings(
  counts: readonly SubstanceWeekCount[],
  fromWeek: string,
  toWeek: string,
): AdulterantSignalFinding[] {
  const series = new Map<string, Map<string, number>>();
  for (const c of counts) {
    const key = `${c.layerId}\u0000${c.areaId}\u0000${c.substance}`;
    const weeks = series.get(key) ?? new Map<string, number>();
    weeks.set(c.weekStart, (weeks.get(c.weekStart) ?? 0) + c.results);
    series.set(key, weeks);
  }
  const findings: AdulterantSignalFinding[] = [];
  for (const [key, weeks] of series) {
    const [layerId, areaId, substance] = key.split('\u0000') as [string, string, string];
    for (const [weekStart, results] of weeks) {
      if (weekStart < fromWeek || weekStart > toWeek || results <= 0) continue;
      const before = (n: number) => weeks.get(addDays(weekStart, -7 * n)) ?? 0;
      let seenBefore = false;
      for (let n = 1; n <= LOOKBACK_WEEKS && !seenBefore; n++) seenBefore = before(n) > 0;
      let sum = 0;
      for (let n = 1; n <= BASELINE_WEEKS; n++) sum += before(n);
      const baseline = sum / BASELINE_WEEKS;
      const rise = results >= RISE_MINIMUM && results >= RISE_FACTOR * baseline;
      if (seenBefore && !rise) continue;
      findings.push({
        layerId,
        areaId,
        weekStart,
        substance,
        results,
        firstSeenInArea: !seenBefore,
        baseline,
      });
    }
  }
  return findings.sort(
    (a, b) =>
      b.weekStart.localeCompare(a.weekStart) ||
      a.layerId.localeCompare(b.layerId) ||
      a.areaId.localeCompare(b.areaId) ||
      a.substance.localeCompare(b.substance),
  );
}

/** The weeks before an overdose episode whose drug-check signals still corroborate it. */
export const CORROBORATION_WEEKS_BEFORE = 2;

/**
 * The week starts whose signals corroborate an episode of the days `fromDay` to `toDay`: the
 * episode's own weeks and the two before them (an adulterant is often seen a week or two before
 * the overdoses it causes), pure.
 */
export function corroborationWeeks(fromDay: string, toDay: string, weekStartOf: (day: string) => string) {
  return {
    fromWeek: addDays(weekStartOf(fromDay), -7 * CORROBORATION_WEEKS_BEFORE),
    toWeek: weekStartOf(toDay),
  };
}
