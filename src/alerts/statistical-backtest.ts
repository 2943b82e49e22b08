import { addDays } from '../platform/calendar-days.js';
import type { Queryable } from '../platform/database.js';
import { localDateOf } from '../platform/time-zones.js';
import { type BacktestResult, type BacktestRule, backtestResult } from './alert-backtest.js';
import type { Corroboration, StatisticalMethod } from './alert-rule.js';
import type { BacktestRange } from './backtest-range.js';
import { EpisodeReplay } from './episode-replay.js';
import { localMidnight, ruleSeries, sourceTypesByPeriod } from './rule-series.js';
import {
  historyPeriods,
  isoWeekday,
  judgePeriods,
  lastCompletePeriod,
  periodOf,
} from './statistical-rule.js';
import { decideStatistical } from './threshold-decision.js';

/** A statistical rule to replay: what the scheduler reads of a stored rule. */
export interface StatisticalBacktestRule extends BacktestRule {
  method: StatisticalMethod;
  params: Record<string, unknown> | null;
  corroboration: Corroboration;
  secondMethod: StatisticalMethod | null;
}

/**
 * What a statistical rule would have raised over a range had it been on: every complete
 * period (day or MMWR week) that ended in the range is judged as the scheduler judges it just after
 * its end, from one series and one run of the method (and of the second method), then decided by
 * the scheduler's `decideStatistical` on the episodes replayed so far (one per run of alarming
 * periods, the cool-down in simulated time). Two-source corroboration
 * reads the source types of every period in one statement.
 */
export async function backtestStatisticalRule(
  db: Queryable,
  jurisdictionId: string,
  rule: StatisticalBacktestRule,
  range: BacktestRange,
): Promise<BacktestResult> {
  const { from, to, timeZone } = range;
  const period = periodOf(rule.method);
  const step = period === 'day' ? 1 : 7;
  // The first period judged ends after `from`: the one after the last complete by `from`'s day.
  const before = lastCompletePeriod(localDateOf(from, timeZone), period);
  const last = lastCompletePeriod(localDateOf(to, timeZone), period);
  const firstStart = addDays(before.first, step);
  const judged = Math.round((Date.parse(last.first) - Date.parse(firstStart)) / (step * 86_400_000)) + 1;
  const firstEnd = localMidnight(addDays(firstStart, step), timeZone).getTime();
  if (judged <= 0) return backtestResult([], firstEnd, firstEnd, range);

  const second = rule.corroboration === 'second_method' ? rule.secondMethod : null;
  const history = Math.max(
    historyPeriods(rule.method, rule.params),
    second ? historyPeriods(second, null) : 0,
  );
  const series = await ruleSeries(
    db,
    { jurisdictionId, scope: rule.scope },
    period,
    last.first,
    last.last,
    history - 1 + judged,
  );
  const from0 = series.counts.length - judged;
  const weekday = isoWeekday(series.starts[0] ?? last.first);
  const verdicts = judgePeriods(rule.method, rule.params, series.counts, from0, weekday);
  const secondVerdicts = second ? judgePeriods(second, null, series.counts, from0, weekday) : null;
  const sourceTypes =
    rule.corroboration === 'two_sources'
      ? await sourceTypesByPeriod(db, { jurisdictionId, scope: rule.scope }, period, firstStart, last.last)
      : null;

  const replay = new EpisodeReplay();
  let lastEnd = firstEnd;
  verdicts.forEach((verdict, i) => {
    const start = series.starts[from0 + i] as string;
    const at = localMidnight(addDays(start, step), timeZone).getTime();
    lastEnd = at;
    const count = series.counts[from0 + i] ?? 0;
    const decision = decideStatistical({
      at,
      count,
      alarm: verdict.alarm,
      upperbound: verdict.upperbound,
      minimumCount: rule.minimumCount,
      coolDownMinutes: rule.coolDownMinutes,
      episode: replay.state,
      corroboration: rule.corroboration,
      evidence: {
        ...(sourceTypes ? { sourceTypes: sourceTypes.get(start) ?? 0 } : {}),
        ...(secondVerdicts ? { secondMethodAlarm: secondVerdicts[i]?.alarm === true } : {}),
      },
    });
    replay.apply(decision.step, at, count, decision.threshold);
  });
  return backtestResult(replay.episodes, firstEnd, lastEnd, range);
}
