import { DetectionError } from '../detection/detection-error.js';
import { IMPROVED_FARRINGTON } from '../detection/farrington-flexible.js';
import { checkDetectionParameters, type DetectionMethod, runDetection } from '../detection/run-detection.js';
import { addDays } from '../platform/calendar-days.js';
import { SosError } from '../platform/errors.js';
import type { StatisticalMethod } from './alert-rule.js';

/** How a rule's statistical method runs: which detection method, on what periods, with what defaults. */
interface MethodPlan {
  detection: DetectionMethod;
  period: 'day' | 'week';
  /** Settings fixed or defaulted before the rule's own parameters (R's control names). */
  defaults: Record<string, unknown>;
  /** Parameters a rule may not set: the scheduler chooses the range, the method name fixes some. */
  reserved: readonly string[];
  /** Periods of history the method needs for its last one, from its checked parameters. */
  history(p: Record<string, unknown>): number;
}

const num = (value: unknown): number => Number(value);

const PLANS: Record<StatisticalMethod, MethodPlan> = {
  ears_c2: {
    detection: 'earsC',
    period: 'day',
    defaults: { method: 'C2' },
    reserved: ['range', 'method'],
    // C2: the baseline, then a lag of two days.
    history: (p) => num(p.baseline) + 2 + 1,
  },
  essence_switch: {
    detection: 'switch',
    period: 'day',
    defaults: {},
    reserved: ['range'],
    history: (p) => num(p.B) + num(p.g) + 1,
  },
  farrington: {
    detection: 'farrington',
    period: 'week',
    defaults: { ...IMPROVED_FARRINGTON },
    reserved: ['range', 'frequency'],
    // b years of 52 weeks back, w weeks either side.
    history: (p) => 52 * num(p.b) + num(p.w) + 1,
  },
};

/** The period a statistical method counts by. */
export function periodOf(method: StatisticalMethod): 'day' | 'week' {
  return PLANS[method].period;
}

/**
 * Checks a rule's parameters for its method (R's control names, as `sos detect` takes them) and
 * returns the settings the method runs with; DETECTION_PARAMETER_INVALID names a bad one.
 */
export function checkRuleParameters(
  method: StatisticalMethod,
  params: Record<string, unknown> | null | undefined,
): Record<string, unknown> {
  const plan = PLANS[method];
  for (const name of plan.reserved) {
    if (params && name in params) {
      throw new SosError('DETECTION_PARAMETER_INVALID', `${name}: not a parameter of ${method} rules`, {
        parameter: name,
      });
    }
  }
  return inCatalogTerms(() =>
    checkDetectionParameters(plan.detection, { ...plan.defaults, ...(params ?? {}) }),
  );
}

/** Periods of history a rule's method needs, its last (tested) one included. */
export function historyPeriods(method: StatisticalMethod, params: Record<string, unknown> | null): number {
  return PLANS[method].history(checkRuleParameters(method, params));
}

/** What a method says of the last period of a series. */
export interface LastPeriodVerdict {
  alarm: boolean;
  /** The upper bound, or null when the method could not compute one. */
  upperbound: number | null;
}

/**
 * Runs a rule's method on a series (oldest first) and returns its verdict on the last period, pure.
 * `isoWeekdayOfFirst` is the ISO weekday of the first day (daily series).
 */
export function judgeLastPeriod(
  method: StatisticalMethod,
  params: Record<string, unknown> | null,
  series: readonly number[],
  isoWeekdayOfFirst: number,
): LastPeriodVerdict {
  return judgePeriods(method, params, series, series.length - 1, isoWeekdayOfFirst)[0] as LastPeriodVerdict;
}

/**
 * The method's verdicts on every period of a series from index `from` (0-based) to the last, in one
 * run, pure. Each verdict reads only the periods before its own, so it is the one `judgeLastPeriod`
 * gives on the series cut after that period: a backtest replays the schedule without re-running it.
 */
export function judgePeriods(
  method: StatisticalMethod,
  params: Record<string, unknown> | null,
  series: readonly number[],
  from: number,
  isoWeekdayOfFirst: number,
): LastPeriodVerdict[] {
  const plan = PLANS[method];
  const settings = { ...checkRuleParameters(method, params), range: [from + 1, series.length] };
  const calendar = { frequency: plan.period === 'day' ? 365 : 52, isoWeekdayOfFirst };
  const { result } = inCatalogTerms(() => runDetection(plan.detection, series, settings, calendar));
  return Array.from({ length: series.length - from }, (_, i) => ({
    alarm: result.alarm[i] === true,
    upperbound: result.upperbound[i] ?? null,
  }));
}

/** Runs detection, turning its DetectionError into the catalog's error of the same code and message. */
function inCatalogTerms<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof DetectionError) throw new SosError(error.code, error.message, error.details);
    throw error;
  }
}

/** The ISO weekday (1 = Monday … 7 = Sunday) of a day. */
export function isoWeekday(day: string): number {
  return new Date(`${day}T00:00:00Z`).getUTCDay() || 7;
}

/**
 * The last complete period before the local day `today`, as its first and last days: yesterday for
 * days; for weeks, the last MMWR week (Sunday to Saturday) that ended before today.
 */
export function lastCompletePeriod(today: string, period: 'day' | 'week'): { first: string; last: string } {
  const yesterday = addDays(today, -1);
  if (period === 'day') return { first: yesterday, last: yesterday };
  // Saturday is ISO weekday 6: step back from yesterday to the latest Saturday.
  const last = addDays(yesterday, -((isoWeekday(yesterday) + 1) % 7));
  return { first: addDays(last, -6), last };
}

/**
 * The first days of `count` back-to-back periods ending with the one starting at `lastFirst`,
 * oldest first.
 */
export function periodStarts(lastFirst: string, period: 'day' | 'week', count: number): string[] {
  const step = period === 'day' ? 1 : 7;
  return Array.from({ length: count }, (_, i) => addDays(lastFirst, -(count - 1 - i) * step));
}
