import { userNames } from '../access/users/user-directory.js';
import type { Queryable } from '../platform/database.js';
import { listAlertEvents, listAlertResponses, listAlertsRaisedBetween } from './alert-repository.js';
import type { Alert, AlertEvent, AlertResponse } from './alert-rule.js';

// An alert's history (status changes and logged responses) with who did each by name. The names are
// the access module's (its `users`), asked for by id rather than joined.

/** An alert's status changes, newest first, each with the name (or email) of who made it. */
export async function readAlertEvents(
  db: Queryable,
  jurisdictionId: string,
  alertId: string,
): Promise<AlertEvent[]> {
  const events = await listAlertEvents(db, jurisdictionId, alertId);
  const names = await userNames(db, jurisdictionId, [...new Set(events.map((e) => e.changedBy))]);
  return events.map((e) => ({ ...e, changedByName: names.get(e.changedBy) ?? null }));
}

/** An alert's responses (or the one named), newest first, each with the name (or email) of who logged it. */
export async function readAlertResponses(
  db: Queryable,
  jurisdictionId: string,
  alertId: string,
  responseId?: string,
): Promise<AlertResponse[]> {
  const responses = await listAlertResponses(db, jurisdictionId, alertId, responseId);
  const names = await userNames(db, jurisdictionId, [...new Set(responses.map((r) => r.recordedBy))]);
  return responses.map((r) => ({ ...r, recordedByName: names.get(r.recordedBy) ?? null }));
}

/**
 * A jurisdiction's alerts raised in [from, to), oldest first, each with its responses: what a weekly
 * report prints. No actor: the report's service checked its reader and presents the alerts at their tier.
 */
export async function alertsRaisedBetween(
  db: Queryable,
  jurisdictionId: string,
  from: Date,
  to: Date,
): Promise<{ alert: Alert; responses: AlertResponse[] }[]> {
  const alerts = await listAlertsRaisedBetween(db, jurisdictionId, from, to);
  return Promise.all(
    alerts.map(async (alert) => ({
      alert,
      responses: await readAlertResponses(db, jurisdictionId, alert.id),
    })),
  );
}
