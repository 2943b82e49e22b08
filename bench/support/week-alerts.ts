/**
 * Alerts for a report's week, so that a benchmarked report lists them with their response logs as a
 * busy jurisdiction's would: one 24-hour threshold rule, `count` alerts spread over the week, each
 * with `responsesEach` logged responses. (Counts and windows are made up; the report only lists them.)
 */
import { insertAlert, insertAlertResponse, insertAlertRule } from '../../src/alerts/alert-repository.js';
import { responseActions } from '../../src/alerts/alert-rule.js';
import type { AppContext } from '../../src/main/app-context.js';
import { newId } from '../../src/platform/ids.js';

const HOUR_MS = 3_600_000;

/** Writes the rule, its alerts and their responses; `weekStart` is the week's first local midnight. */
export async function seedWeekAlerts(
  context: AppContext,
  jurisdiction: { id: string; timeZone: string },
  recordedBy: string,
  weekStart: Date,
  options: { count: number; responsesEach: number },
): Promise<void> {
  const rule = {
    jurisdictionId: jurisdiction.id,
    id: newId(),
    name: 'Statewide 24-hour spike',
    scope: {},
    method: 'threshold_24h' as const,
    params: null,
    corroboration: 'none' as const,
    secondMethod: null,
    minimumCount: 3,
    coolDownMinutes: 360,
    emailAudiences: { analyst: [], partner: [] },
    webhookUrl: null,
    webhookSecretKeyId: null,
    webhookSecretSealed: null,
    enabled: false,
    createdBy: recordedBy,
    createdAt: weekStart,
  };
  await context.db.transaction(async (tx) => {
    await insertAlertRule(tx, rule);
    for (let i = 0; i < options.count; i++) {
      // Spread over the week's 168 hours, at least the rule's 6-hour cool-down apart.
      const windowEnd = new Date(
        weekStart.getTime() + Math.floor(((i + 0.5) * 168) / options.count) * HOUR_MS,
      );
      const alert = {
        jurisdictionId: jurisdiction.id,
        id: newId(),
        ruleId: rule.id,
        raisedAt: windowEnd,
        windowStart: new Date(windowEnd.getTime() - 24 * HOUR_MS),
        windowEnd,
        count: 900 + i,
        threshold: 880,
        status: 'responding' as const,
        details: {
          ruleName: rule.name,
          method: rule.method,
          scope: rule.scope,
          placeName: 'Connecticut',
          timeZone: jurisdiction.timeZone,
          minimumCount: rule.minimumCount,
          earlierCounts: Array.from({ length: 30 }, (_, j) => 850 + (j % 7) * 5),
        },
        peakCount: 900 + i,
        lastWindowEnd: windowEnd,
        endedAt: new Date(windowEnd.getTime() + HOUR_MS),
        updatedAt: new Date(windowEnd.getTime() + HOUR_MS),
      };
      await insertAlert(tx, alert);
      for (let j = 0; j < options.responsesEach; j++) {
        const takenAt = new Date(windowEnd.getTime() + (j + 1) * HOUR_MS);
        await insertAlertResponse(tx, jurisdiction.id, {
          id: newId(),
          alertId: alert.id,
          action: responseActions[j % responseActions.length] ?? 'other',
          note: `Response ${j + 1} to the spike of ${alert.count}`,
          takenAt,
          recordedBy,
          recordedAt: takenAt,
        });
      }
    }
  });
}
