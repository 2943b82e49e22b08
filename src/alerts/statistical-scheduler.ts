import { findJurisdiction } from '../access/jurisdictions/jurisdiction-service.js';
import { addDays } from '../platform/calendar-days.js';
import type { Database } from '../platform/database.js';
import { newId } from '../platform/ids.js';
import { localDateOf } from '../platform/time-zones.js';
import type { AlertNotifier } from './alert-notifier.js';
import {
  continueEpisode,
  endEpisode,
  jurisdictionsWithStatisticalRules,
  latestEpisode,
  listAlertRules,
  lockAlertRule,
} from './alert-repository.js';
import { type Alert, type AlertRule, isStatisticalMethod, type StatisticalMethod } from './alert-rule.js';
import { placeOf, writeAlert } from './alert-writing.js';
import { localMidnight, ruleSeries, sourceTypesByPeriod } from './rule-series.js';
import {
  historyPeriods,
  isoWeekday,
  judgeLastPeriod,
  lastCompletePeriod,
  periodOf,
} from './statistical-rule.js';
import { type CorroborationEvidence, decideStatistical, type EpisodeState } from './threshold-decision.js';

/** Earlier periods kept in an alert's details, most recent first. */
const EARLIER_KEPT = 30;

/**
 * Runs the enabled statistical rules (EARS C2, ESSENCE switch, Farrington) of every jurisdiction
 * over the rollups: for each rule, the series of complete periods up to yesterday
 * (days) or the last complete MMWR week (weeks) from the aggregates' `countRows`, the method on it,
 * and an alert episode opened when its last period alarms after one that did not (with the rule's
 * minimum count, cool-down and corroboration; a period judged once), continued while periods keep
 * alarming and ended when one does not, written and delivered as the live evaluator does. The job
 * runner runs it on an interval (config.alertScheduleMinutes).
 */
export class StatisticalRuleScheduler {
  private readonly deliveries = new Set<Promise<void>>();

  constructor(
    private readonly db: Database,
    private readonly notifier: AlertNotifier,
    private readonly options: { onError?: (error: unknown) => void } = {},
  ) {}

  /**
   * One round over every jurisdiction's enabled statistical rules at `now` (the job runner's job);
   * settles once the alerts raised have been delivered, so stopping the runner waits for them.
   */
  async runOnce(now: Date): Promise<Alert[]> {
    const raised: Alert[] = [];
    for (const jurisdictionId of await jurisdictionsWithStatisticalRules(this.db)) {
      const rules = await listAlertRules(this.db, jurisdictionId, { enabledOnly: true });
      for (const rule of rules) {
        if (!isStatisticalMethod(rule.method)) continue;
        try {
          const alert = await this.evaluateRule(rule, rule.method, now);
          if (alert) raised.push(alert);
        } catch (error) {
          // One rule's failure (a layer since removed, say) does not stop the others.
          this.options.onError?.(error);
        }
      }
    }
    await Promise.all(this.deliveries);
    return raised;
  }

  private async evaluateRule(rule: AlertRule, method: StatisticalMethod, now: Date): Promise<Alert | null> {
    const timeZone = (await findJurisdiction(this.db, rule.jurisdictionId))?.timeZone ?? 'UTC';
    const period = periodOf(method);
    const { first, last } = lastCompletePeriod(localDateOf(now, timeZone), period);
    const windowStart = localMidnight(first, timeZone);
    const windowEnd = localMidnight(addDays(last, 1), timeZone);

    const second = rule.corroboration === 'second_method' ? rule.secondMethod : null;
    const periods = Math.max(historyPeriods(method, rule.params), second ? historyPeriods(second, null) : 0);
    const series = await ruleSeries(this.db, rule, period, first, last, periods);
    const count = series.counts.at(-1) ?? 0;
    const verdict = judgeLastPeriod(
      method,
      rule.params,
      series.counts,
      isoWeekday(series.starts[0] ?? first),
    );
    const evidence: CorroborationEvidence = {};
    // Decided at the period's end, as the backtest decides it, so both keep the same episodes.
    const decide = (episode: EpisodeState | null) =>
      decideStatistical({
        at: windowEnd.getTime(),
        count,
        alarm: verdict.alarm,
        upperbound: verdict.upperbound,
        minimumCount: rule.minimumCount,
        coolDownMinutes: rule.coolDownMinutes,
        episode,
        corroboration: rule.corroboration,
        evidence,
      });
    const latest = await latestEpisode(this.db, rule.jurisdictionId, rule.id);
    // The evidence is gathered only for a signal that it could hold back.
    const before = decide(latest?.state ?? null);
    if (before.reason === 'already_judged') return null;
    if (before.reason === 'signal' || before.reason === 'not_corroborated') {
      if (rule.corroboration === 'two_sources') {
        evidence.sourceTypes =
          (await sourceTypesByPeriod(this.db, rule, period, first, last)).get(first) ?? 0;
      } else if (second) {
        evidence.secondMethodAlarm = judgeLastPeriod(
          second,
          null,
          series.counts,
          isoWeekday(series.starts[0] ?? first),
        ).alarm;
      }
    }
    if (decide(latest?.state ?? null).step === 'none') return null;

    const outcome = await this.db.transaction(async (tx) => {
      await lockAlertRule(tx, rule.id);
      const episode = await latestEpisode(tx, rule.jurisdictionId, rule.id);
      const decision = decide(episode?.state ?? null);
      if (decision.step === 'continue' && episode) {
        await continueEpisode(tx, rule.jurisdictionId, episode.alertId, windowEnd, count);
      }
      if (decision.step === 'end' && episode) {
        await endEpisode(tx, rule.jurisdictionId, episode.alertId, windowEnd);
      }
      if (decision.step !== 'open') return null;
      const place = await placeOf(tx, rule);
      const earlier = series.counts.slice(0, -1).reverse().slice(0, EARLIER_KEPT);
      const alert: Alert = {
        jurisdictionId: rule.jurisdictionId,
        id: newId(now.getTime()),
        ruleId: rule.id,
        raisedAt: now,
        windowStart,
        windowEnd,
        count,
        threshold: decision.threshold,
        status: 'new',
        details: {
          ruleName: rule.name,
          method: rule.method,
          scope: rule.scope,
          ...place,
          minimumCount: rule.minimumCount,
          earlierCounts: earlier,
          period,
          ...(verdict.upperbound !== null ? { upperbound: verdict.upperbound } : {}),
          ...(rule.corroboration !== 'none' ? { corroboration: rule.corroboration } : {}),
          ...(second ? { secondMethod: second } : {}),
        },
        peakCount: count,
        lastWindowEnd: windowEnd,
        endedAt: null,
        updatedAt: now,
      };
      return writeAlert(tx, rule, alert);
    });
    if (!outcome) return null;
    const sending = this.notifier
      .deliver(rule, outcome.alert, outcome.deliveries)
      .catch((error) => this.options.onError?.(error));
    this.deliveries.add(sending);
    sending.finally(() => this.deliveries.delete(sending));
    return outcome.alert;
  }
}
