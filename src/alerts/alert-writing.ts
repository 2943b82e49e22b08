import { findJurisdiction } from '../access/jurisdictions/jurisdiction-service.js';
import type { Queryable } from '../platform/database.js';
import { newId } from '../platform/ids.js';
import { nameOfArea } from '../surveillance/layer-geometry-service.js';
import { type AlertDelivery, insertAlert, insertDeliveries } from './alert-repository.js';
import type { Alert, AlertRule } from './alert-rule.js';

/** Where and in which time zone a rule watches: the area's name, or the jurisdiction's. */
export async function placeOf(
  tx: Queryable,
  rule: AlertRule,
): Promise<{ placeName: string; timeZone: string }> {
  const jurisdiction = await findJurisdiction(tx, rule.jurisdictionId);
  const placeName =
    (rule.scope.layerId && rule.scope.areaId
      ? await nameOfArea(tx, rule.jurisdictionId, rule.scope.layerId, rule.scope.areaId)
      : null) ??
    rule.scope.areaId ??
    jurisdiction?.name ??
    'the jurisdiction';
  return { placeName, timeZone: jurisdiction?.timeZone ?? 'UTC' };
}

/**
 * Stores an alert and its pending deliveries, inside the caller's transaction (which holds the
 * rule's lock and has decided): the one path of the live evaluator and the scheduler.
 */
export async function writeAlert(
  tx: Queryable,
  rule: AlertRule,
  alert: Alert,
): Promise<{ alert: Alert; deliveries: AlertDelivery[] }> {
  await insertAlert(tx, alert);
  const deliveries = plannedDeliveries(rule, alert);
  await insertDeliveries(tx, deliveries);
  return { alert, deliveries };
}

/**
 * How long new deliveries are left to the server that raised the alert, which sends them at once;
 * another server's delivery sweep takes them only if that one stopped first.
 */
const RAISING_SERVER_GRACE_MS = 60_000;

/** One pending delivery per email address (with its audience) and one for the webhook. */
export function plannedDeliveries(rule: AlertRule, alert: Alert): AlertDelivery[] {
  const base = {
    jurisdictionId: alert.jurisdictionId,
    alertId: alert.id,
    attempts: 0,
    lastError: null,
    sentAt: null,
    // Real time, not the app's clock: deliveries are timed by the sweep, which runs on real time.
    nextAttemptAt: new Date(Date.now() + RAISING_SERVER_GRACE_MS),
  };
  const deliveries: AlertDelivery[] = [];
  for (const audience of ['analyst', 'partner'] as const) {
    for (const target of rule.emailAudiences[audience] ?? []) {
      deliveries.push({ ...base, id: newId(), channel: 'email', audience, target, status: 'pending' });
    }
  }
  if (rule.webhookUrl) {
    deliveries.push({
      ...base,
      id: newId(),
      channel: 'webhook',
      audience: null,
      target: rule.webhookUrl,
      status: 'pending',
    });
  }
  return deliveries;
}
