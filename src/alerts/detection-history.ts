import type { Queryable } from '../platform/database.js';
import { jurisdictionsWithStatisticalRules, listAlertRules } from './alert-repository.js';
import { isStatisticalMethod } from './alert-rule.js';
import { historyPeriods, periodOf } from './statistical-rule.js';

/** Days of counts one rule's method (and its second method) reads back from its last period, pure. */
export function ruleHistoryDays(rule: {
  method: string;
  params: Record<string, unknown> | null;
  secondMethod: string | null;
}): number {
  const days = (method: string, params: Record<string, unknown> | null) =>
    isStatisticalMethod(method) ? historyPeriods(method, params) * (periodOf(method) === 'week' ? 7 : 1) : 1;
  return Math.max(days(rule.method, rule.params), rule.secondMethod ? days(rule.secondMethod, null) : 0);
}

/**
 * The longest history any enabled statistical rule of any jurisdiction reads, in days (0 without
 * one): counts older than that are no longer read by detection, so they may be archived.
 */
export async function detectionHistoryDays(db: Queryable): Promise<number> {
  let longest = 0;
  for (const jurisdictionId of await jurisdictionsWithStatisticalRules(db)) {
    for (const rule of await listAlertRules(db, jurisdictionId, { enabledOnly: true })) {
      longest = Math.max(longest, ruleHistoryDays(rule));
    }
  }
  return longest;
}
