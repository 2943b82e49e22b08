import type { Queryable } from '../platform/database.js';
import type { Alert, AlertEvent, AlertResponse, AlertRule } from './alert-rule.js';
import type { EpisodeState } from './threshold-decision.js';

const RULE_COLUMNS = `jurisdiction_id as "jurisdictionId", id, name, scope, method, params, corroboration,
  second_method as "secondMethod", minimum_count as "minimumCount",
  cool_down_minutes as "coolDownMinutes", email_audiences as "emailAudiences", webhook_url as "webhookUrl",
  webhook_secret_key_id as "webhookSecretKeyId", webhook_secret_sealed as "webhookSecretSealed", enabled,
  created_by as "createdBy", created_at as "createdAt"`;

const ALERT_COLUMNS = `jurisdiction_id as "jurisdictionId", id, rule_id as "ruleId", raised_at as "raisedAt",
  window_start as "windowStart", window_end as "windowEnd", count, threshold, status, details,
  peak_count as "peakCount", last_window_end as "lastWindowEnd", ended_at as "endedAt", updated_at as "updatedAt"`;

/** Stores a new rule. */
export async function insertAlertRule(db: Queryable, rule: AlertRule): Promise<void> {
  await db.query(
    `insert into alert_rules (jurisdiction_id, id, name, scope, method, minimum_count, cool_down_minutes,
       email_audiences, webhook_url, webhook_secret_key_id, webhook_secret_sealed, enabled, created_by, created_at,
       params, corroboration, second_method)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)`,
    [
      rule.jurisdictionId,
      rule.id,
      rule.name,
      JSON.stringify(rule.scope),
      rule.method,
      rule.minimumCount,
      rule.coolDownMinutes,
      JSON.stringify(rule.emailAudiences),
      rule.webhookUrl,
      rule.webhookSecretKeyId,
      rule.webhookSecretSealed,
      rule.enabled,
      rule.createdBy,
      rule.createdAt,
      rule.params === null ? null : JSON.stringify(rule.params),
      rule.corroboration,
      rule.secondMethod,
    ],
  );
}

/** The jurisdictions with an enabled rule of a statistical method (the scheduler's round). */
export async function jurisdictionsWithStatisticalRules(db: Queryable): Promise<string[]> {
  const rows = await db.query<{ id: string }>(
    `select distinct jurisdiction_id as id from alert_rules where enabled and method <> 'threshold_24h'
     order by 1`,
  );
  return rows.map((r) => r.id);
}

/** A jurisdiction's rules, oldest first; only the enabled ones when asked. */
export async function listAlertRules(
  db: Queryable,
  jurisdictionId: string,
  options: { enabledOnly?: boolean } = {},
): Promise<AlertRule[]> {
  return db.query<AlertRule>(
    `select ${RULE_COLUMNS} from alert_rules
     where jurisdiction_id = $1 ${options.enabledOnly ? 'and enabled' : ''}
     order by created_at, id`,
    [jurisdictionId],
  );
}

/**
 * Holds the rule's lock until the transaction ends, so that two processes hearing the same change
 * cannot both raise an alert for it.
 */
export async function lockAlertRule(tx: Queryable, ruleId: string): Promise<void> {
  await tx.query('select pg_advisory_xact_lock(hashtextextended($1::text, 0))', [`alert_rule:${ruleId}`]);
}

/** The rule's latest episode (its newest alert), or null when it has none. */
export async function latestEpisode(
  db: Queryable,
  jurisdictionId: string,
  ruleId: string,
): Promise<{ alertId: string; state: EpisodeState } | null> {
  const [row] = await db.query<{ id: string; lastWindowEnd: Date; endedAt: Date | null }>(
    `select id, last_window_end as "lastWindowEnd", ended_at as "endedAt" from alerts
     where jurisdiction_id = $1 and rule_id = $2 order by raised_at desc, id desc limit 1`,
    [jurisdictionId, ruleId],
  );
  if (!row) return null;
  const endedAt = row.endedAt ? new Date(row.endedAt).getTime() : null;
  return { alertId: row.id, state: { lastSignalAt: new Date(row.lastWindowEnd).getTime(), endedAt } };
}

/** Continues an episode: its signal seen again at `at` with a window count of `count`. */
export async function continueEpisode(
  tx: Queryable,
  jurisdictionId: string,
  alertId: string,
  at: Date,
  count: number,
): Promise<void> {
  await tx.query(
    `update alerts set peak_count = greatest(peak_count, $4), last_window_end = $3, ended_at = null,
       updated_at = $3
     where jurisdiction_id = $1 and id = $2`,
    [jurisdictionId, alertId, at, count],
  );
}

/** Ends an episode: its signal fell back at `at`. */
export async function endEpisode(
  tx: Queryable,
  jurisdictionId: string,
  alertId: string,
  at: Date,
): Promise<void> {
  await tx.query('update alerts set ended_at = $3, updated_at = $3 where jurisdiction_id = $1 and id = $2', [
    jurisdictionId,
    alertId,
    at,
  ]);
}

/** Stores a raised alert. */
export async function insertAlert(db: Queryable, alert: Alert): Promise<void> {
  await db.query(
    `insert into alerts (jurisdiction_id, id, rule_id, raised_at, window_start, window_end, count, threshold,
       status, details, peak_count, last_window_end, ended_at, updated_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
    [
      alert.jurisdictionId,
      alert.id,
      alert.ruleId,
      alert.raisedAt,
      alert.windowStart,
      alert.windowEnd,
      alert.count,
      alert.threshold,
      alert.status,
      JSON.stringify(alert.details),
      alert.peakCount,
      alert.lastWindowEnd,
      alert.endedAt,
      alert.updatedAt,
    ],
  );
}

/** A jurisdiction's alerts, newest first. */
export async function listAlerts(db: Queryable, jurisdictionId: string, limit: number): Promise<Alert[]> {
  return db.query<Alert>(
    `select ${ALERT_COLUMNS} from alerts where jurisdiction_id = $1 order by raised_at desc, id desc limit $2`,
    [jurisdictionId, limit],
  );
}

/** A jurisdiction's alerts raised in [from, to), oldest first (a weekly report's alerts). */
export async function listAlertsRaisedBetween(
  db: Queryable,
  jurisdictionId: string,
  from: Date,
  to: Date,
): Promise<Alert[]> {
  return db.query<Alert>(
    `select ${ALERT_COLUMNS} from alerts where jurisdiction_id = $1 and raised_at >= $2 and raised_at < $3
     order by raised_at, id`,
    [jurisdictionId, from, to],
  );
}

/** One notification of an alert, as stored. */
export interface AlertDelivery {
  jurisdictionId: string;
  id: string;
  alertId: string;
  channel: 'email' | 'webhook';
  audience: 'analyst' | 'partner' | null;
  target: string;
  attempts: number;
  status: 'pending' | 'sent' | 'failed';
  lastError: string | null;
  sentAt: Date | null;
  /** When a pending delivery may next be tried (see the schema); null once sent or given up. */
  nextAttemptAt: Date | null;
}

const DELIVERY_COLUMNS = `jurisdiction_id as "jurisdictionId", id, alert_id as "alertId", channel, audience, target,
  attempts, status, last_error as "lastError", sent_at as "sentAt", next_attempt_at as "nextAttemptAt"`;

/** Stores deliveries (pending, before anything is sent). */
export async function insertDeliveries(db: Queryable, deliveries: readonly AlertDelivery[]): Promise<void> {
  for (const d of deliveries) {
    await db.query(
      `insert into alert_deliveries (jurisdiction_id, id, alert_id, channel, audience, target, attempts, status,
         last_error, sent_at, next_attempt_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [
        d.jurisdictionId,
        d.id,
        d.alertId,
        d.channel,
        d.audience,
        d.target,
        d.attempts,
        d.status,
        d.lastError,
        d.sentAt,
        d.nextAttemptAt,
      ],
    );
  }
}

/**
 * Claims the next attempt of a pending delivery: counts it and holds it until `heldUntil`, provided
 * nobody counted an attempt since `attemptsRead` was read. Of several servers that read the same row,
 * one claims it; the others are told false and leave it.
 */
export async function claimDeliveryAttempt(
  db: Queryable,
  d: Pick<AlertDelivery, 'jurisdictionId' | 'id'>,
  attemptsRead: number,
  heldUntil: Date,
): Promise<boolean> {
  const rows = await db.query<{ id: string }>(
    `update alert_deliveries set attempts = attempts + 1, next_attempt_at = $4
     where jurisdiction_id = $1 and id = $2 and attempts = $3 and status = 'pending'
     returning id`,
    [d.jurisdictionId, d.id, attemptsRead, heldUntil],
  );
  return rows.length === 1;
}

/** Records an attempt's outcome. */
export async function updateDelivery(
  db: Queryable,
  d: Pick<
    AlertDelivery,
    'jurisdictionId' | 'id' | 'attempts' | 'status' | 'lastError' | 'sentAt' | 'nextAttemptAt'
  >,
): Promise<void> {
  await db.query(
    `update alert_deliveries set attempts = $3, status = $4, last_error = $5, sent_at = $6, next_attempt_at = $7
     where jurisdiction_id = $1 and id = $2`,
    [d.jurisdictionId, d.id, d.attempts, d.status, d.lastError, d.sentAt, d.nextAttemptAt],
  );
}

/** Pending deliveries of every jurisdiction whose next attempt is due at `now`, oldest first. */
export async function dueDeliveries(db: Queryable, now: Date, limit: number): Promise<AlertDelivery[]> {
  return db.query<AlertDelivery>(
    `select ${DELIVERY_COLUMNS} from alert_deliveries
     where status = 'pending' and (next_attempt_at is null or next_attempt_at <= $1)
     order by next_attempt_at nulls first, jurisdiction_id, id
     limit $2`,
    [now, limit],
  );
}

/** An alert's deliveries. */
export async function listDeliveries(
  db: Queryable,
  jurisdictionId: string,
  alertId: string,
): Promise<AlertDelivery[]> {
  return db.query<AlertDelivery>(
    `select ${DELIVERY_COLUMNS} from alert_deliveries where jurisdiction_id = $1 and alert_id = $2
     order by channel, target`,
    [jurisdictionId, alertId],
  );
}

/** One rule of a jurisdiction, or null. */
export async function findAlertRule(
  db: Queryable,
  jurisdictionId: string,
  id: string,
): Promise<AlertRule | null> {
  const [row] = await db.query<AlertRule>(
    `select ${RULE_COLUMNS} from alert_rules where jurisdiction_id = $1 and id = $2`,
    [jurisdictionId, id],
  );
  return row ?? null;
}

/** Turns a rule on or off. */
export async function setAlertRuleEnabled(
  db: Queryable,
  jurisdictionId: string,
  id: string,
  enabled: boolean,
): Promise<void> {
  await db.query('update alert_rules set enabled = $3 where jurisdiction_id = $1 and id = $2', [
    jurisdictionId,
    id,
    enabled,
  ]);
}

/** One alert of a jurisdiction, or null; `forUpdate` locks its row until the transaction ends. */
export async function findAlert(
  db: Queryable,
  jurisdictionId: string,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<Alert | null> {
  const [row] = await db.query<Alert>(
    `select ${ALERT_COLUMNS} from alerts where jurisdiction_id = $1 and id = $2 ${options.forUpdate ? 'for update' : ''}`,
    [jurisdictionId, id],
  );
  return row ?? null;
}

/** Moves an alert to a status and records the change. */
export async function recordAlertStatus(
  tx: Queryable,
  jurisdictionId: string,
  event: Omit<AlertEvent, 'changedByName'>,
): Promise<void> {
  await tx.query('update alerts set status = $3 where jurisdiction_id = $1 and id = $2', [
    jurisdictionId,
    event.alertId,
    event.toStatus,
  ]);
  await tx.query(
    `insert into alert_events (jurisdiction_id, id, alert_id, from_status, to_status, note, changed_by, changed_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [
      jurisdictionId,
      event.id,
      event.alertId,
      event.fromStatus,
      event.toStatus,
      event.note,
      event.changedBy,
      event.changedAt,
    ],
  );
}

/** An alert's status changes, newest first (who made each by id: names come from the access module). */
export async function listAlertEvents(
  db: Queryable,
  jurisdictionId: string,
  alertId: string,
): Promise<Omit<AlertEvent, 'changedByName'>[]> {
  return db.query<Omit<AlertEvent, 'changedByName'>>(
    `select e.id, e.alert_id as "alertId", e.from_status as "fromStatus", e.to_status as "toStatus", e.note,
       e.changed_by as "changedBy", e.changed_at as "changedAt"
     from alert_events e
     where e.jurisdiction_id = $1 and e.alert_id = $2
     order by e.changed_at desc, e.id desc`,
    [jurisdictionId, alertId],
  );
}

/** Stores a response to an alert. */
export async function insertAlertResponse(
  db: Queryable,
  jurisdictionId: string,
  response: Omit<AlertResponse, 'recordedByName'>,
): Promise<void> {
  await db.query(
    `insert into alert_responses (jurisdiction_id, id, alert_id, action, note, taken_at, recorded_by, recorded_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [
      jurisdictionId,
      response.id,
      response.alertId,
      response.action,
      response.note,
      response.takenAt,
      response.recordedBy,
      response.recordedAt,
    ],
  );
}

/**
 * An alert's responses, newest first (by when they were taken), with who recorded each by id (names
 * come from the access module).
 */
export async function listAlertResponses(
  db: Queryable,
  jurisdictionId: string,
  alertId: string,
  responseId?: string,
): Promise<Omit<AlertResponse, 'recordedByName'>[]> {
  const params: unknown[] = [jurisdictionId, alertId];
  if (responseId) params.push(responseId);
  return db.query<Omit<AlertResponse, 'recordedByName'>>(
    `select r.id, r.alert_id as "alertId", r.action, r.note, r.taken_at as "takenAt", r.recorded_by as "recordedBy",
       r.recorded_at as "recordedAt"
     from alert_responses r
     where r.jurisdiction_id = $1 and r.alert_id = $2 ${responseId ? 'and r.id = $3' : ''}
     order by r.taken_at desc, r.recorded_at desc, r.id desc`,
    params,
  );
}
