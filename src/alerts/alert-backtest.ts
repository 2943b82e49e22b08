import { z } from 'zod';
import type { Queryable } from '../platform/database.js';
import {
  countBuckets,
  countBucketsBySourceType,
} from '../surveillance/scoped-counts/scoped-count-service.js';
import type { AlertScope, Corroboration } from './alert-rule.js';
import type { BacktestRange } from './backtest-range.js';
import { corroboratingSignalSchema } from './drug-check-corroboration.js';
import { EpisodeReplay, type ReplayedEpisode } from './episode-replay.js';
import { decideThreshold, WINDOW_MS, WINDOWS } from './threshold-decision.js';

const HOUR_MS = 3_600_000;
const HOURS_PER_WINDOW = WINDOW_MS / HOUR_MS;
/** The hours of history every evaluation looks back over: 31 windows of 24 hours. */
const LOOKBACK_HOURS = WINDOWS * HOURS_PER_WINDOW;

/**
 * One alert episode the rule would have raised: `start` the end of the window that crossed (the
 * alert), `end` the end of the last window with the signal, the count that opened it, its peak, and
 * the threshold that applied.
 */
const backtestEpisodeSchema = z.object({
  start: z.string(),
  end: z.string(),
  count: z.number(),
  peak: z.number(),
  threshold: z.number(),
  corroborated_by: z
    .array(corroboratingSignalSchema)
    .describe("Drug-checking signals of the rule's area in the episode's weeks or the two before"),
});

/** The episodes a rule would have raised over a range, how many began each month, and the range. */
export const backtestResultSchema = z.object({
  episodes: z.array(backtestEpisodeSchema),
  by_month: z.array(z.object({ month: z.string().describe('YYYY-MM'), episodes: z.number().int() })),
  total: z.number().int(),
  range: z.object({
    from: z.string(),
    to: z.string(),
    first_day: z.string(),
    last_day: z.string(),
    time_zone: z.string(),
  }),
});

/** A backtest's answer as it leaves the server. */
export type BacktestResult = z.infer<typeof backtestResultSchema>;

/** The rule fields a backtest replays. */
export interface BacktestRule {
  scope: AlertScope;
  minimumCount: number;
  coolDownMinutes: number;
  /** Two-source corroboration of a 24-hour rule is replayed from hourly counts by source type. */
  corroboration?: Corroboration;
}

/** The whole hours whose ends a range holds: the first after `from`, up to the last at or before `to`. */
export function evaluationHours(from: Date, to: Date): { first: number; hours: number } {
  const first = Math.floor(from.getTime() / HOUR_MS) * HOUR_MS + HOUR_MS;
  const last = Math.floor(to.getTime() / HOUR_MS) * HOUR_MS;
  return { first, hours: last < first ? 0 : (last - first) / HOUR_MS + 1 };
}

/** Running sums of hourly counts: `prefix[j]` is the sum of hours before j. */
function prefixSums(hourly: ArrayLike<number>, total: number): Float64Array {
  const prefix = new Float64Array(total + 1);
  for (let j = 0; j < total; j++) prefix[j + 1] = (prefix[j] as number) + (hourly[j] ?? 0);
  return prefix;
}

/**
 * Replays a rule at the end of every hour, pure: `hourly[j]` is the count of the hour
 * (base + j·1 h, base + (j+1)·1 h] with base = first − 744 h, so the evaluation at first + i·1 h sees
 * the 31 windows before it through prefix sums. Each hour is decided by `decideThreshold`, the live
 * evaluator's decision, on the episodes replayed so far (so the cool-down runs in simulated time).
 * With two-source corroboration, `hourlyByType` holds the same hours' counts of each primary source
 * type, and a window's evidence is how many types it holds.
 */
export function replayHourly(
  hourly: ArrayLike<number>,
  first: number,
  hours: number,
  rule: Omit<BacktestRule, 'scope'>,
  hourlyByType: readonly ArrayLike<number>[] = [],
): ReplayedEpisode[] {
  const total = hours - 1 + LOOKBACK_HOURS;
  const prefix = prefixSums(hourly, total);
  const typePrefixes = hourlyByType.map((counts) => prefixSums(counts, total));
  const replay = new EpisodeReplay();
  const windowCounts = new Array<number>(WINDOWS).fill(0);
  for (let i = 0; i < hours; i++) {
    const at = first + i * HOUR_MS;
    const m = LOOKBACK_HOURS + i;
    for (let k = 0; k < WINDOWS; k++) {
      windowCounts[k] =
        (prefix[m - k * HOURS_PER_WINDOW] as number) - (prefix[m - (k + 1) * HOURS_PER_WINDOW] as number);
    }
    const sourceTypes = typePrefixes.filter(
      (p) => (p[m] as number) - (p[m - HOURS_PER_WINDOW] as number) > 0,
    ).length;
    const decision = decideThreshold({
      at,
      windowCounts,
      minimumCount: rule.minimumCount,
      coolDownMinutes: rule.coolDownMinutes,
      episode: replay.state,
      corroboration: rule.corroboration ?? 'none',
      evidence: { sourceTypes },
    });
    replay.apply(decision.step, at, decision.count, decision.threshold);
  }
  return replay.episodes;
}

/**
 * The months (YYYY-MM in a time zone) of the windows ending at `first` to `last`: a window's month is
 * that of its last instant, so a day or hour ending at midnight on the 1st belongs to the month before.
 */
export function monthsBetween(first: number, last: number, timeZone: string): string[] {
  const key = monthKey(timeZone);
  const end = key(last);
  const months: string[] = [];
  let [year, month] = key(first).split('-').map(Number) as [number, number];
  for (let m = `${year}-${String(month).padStart(2, '0')}`; m <= end; ) {
    months.push(m);
    month++;
    if (month > 12) {
      month = 1;
      year++;
    }
    m = `${year}-${String(month).padStart(2, '0')}`;
  }
  return months;
}

/** The month of the window ending at `end`: that of its last instant, in the time zone. */
function monthKey(timeZone: string): (end: number) => string {
  const format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit' });
  return (end) => {
    const parts = format.formatToParts(new Date(end - 1));
    return `${parts.find((p) => p.type === 'year')?.value}-${parts.find((p) => p.type === 'month')?.value}`;
  };
}

/**
 * What a rule would have raised over a range had it been on: one statement counts the overdoses in
 * scope per hour over the range and the 31 days before it, then `replayHourly` slides the 24-hour
 * windows in memory. Months are those of the jurisdiction's time zone.
 */
export async function backtestThresholdRule(
  db: Queryable,
  jurisdictionId: string,
  rule: BacktestRule,
  range: BacktestRange,
): Promise<BacktestResult> {
  const { first, hours } = evaluationHours(range.from, range.to);
  if (hours === 0) return backtestResult([], first, first, range);
  const last = first + (hours - 1) * HOUR_MS;
  const total = hours - 1 + LOOKBACK_HOURS;
  // Bucket k back from `last` is hour j = total − 1 − k forward from the base.
  const forward = (byHourBack: ReadonlyMap<number, number>) => {
    const hourly = new Float64Array(total);
    for (const [k, n] of byHourBack) if (k >= 0 && k < total) hourly[total - 1 - k] = n;
    return hourly;
  };
  const at = new Date(last);
  const hourly = forward(await countBuckets(db, jurisdictionId, rule.scope, at, total, HOUR_MS));
  const byType =
    rule.corroboration === 'two_sources'
      ? [
          ...(await countBucketsBySourceType(db, jurisdictionId, rule.scope, at, total, HOUR_MS)).values(),
        ].map(forward)
      : [];
  const raised = replayHourly(hourly, first, hours, rule, byType);
  return backtestResult(raised, first, last, range);
}

/**
 * A backtest's answer from the episodes replayed between the evaluations at `first` and `last`: the
 * episodes, how many began in each month of the jurisdiction's time zone (months without any too),
 * and the range replayed.
 */
export function backtestResult(
  episodes: readonly ReplayedEpisode[],
  first: number,
  last: number,
  range: BacktestRange,
): BacktestResult {
  const { timeZone } = range;
  const key = monthKey(timeZone);
  const perMonth = new Map(monthsBetween(first, last, timeZone).map((m) => [m, 0]));
  for (const e of episodes) {
    const m = key(e.start);
    perMonth.set(m, (perMonth.get(m) ?? 0) + 1);
  }
  const iso = (t: number) => new Date(t).toISOString();
  return {
    episodes: episodes.map((e) => ({
      start: iso(e.start),
      end: iso(e.end),
      count: e.count,
      peak: e.peak,
      threshold: e.threshold,
      // Filled by the service (drug-check-corroboration.ts), which reads drug checking's signals.
      corroborated_by: [],
    })),
    by_month: [...perMonth].map(([month, n]) => ({ month, episodes: n })),
    total: episodes.length,
    range: {
      from: range.from.toISOString(),
      to: range.to.toISOString(),
      first_day: range.firstDay,
      last_day: range.lastDay,
      time_zone: timeZone,
    },
  };
}
