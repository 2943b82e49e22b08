import type { Tier } from '../access/roles.js';
import type { Alert, AlertEvent, AlertResponse, AlertRule } from './alert-rule.js';

/** A rule as it leaves the server: never its webhook secret. */
export interface PresentedRule {
  id: string;
  name: string;
  scope: AlertRule['scope'];
  method: string;
  params: Record<string, unknown> | null;
  corroboration: string;
  second_method: string | null;
  minimum_count: number;
  cool_down_minutes: number;
  emails: AlertRule['emailAudiences'];
  webhook: { url: string; has_secret: boolean } | null;
  enabled: boolean;
  created_by: string;
  created_at: string;
}

/** The fields of a rule that leave (the sealed secret stays). */
export function presentRule(rule: AlertRule): PresentedRule {
  return {
    id: rule.id,
    name: rule.name,
    scope: rule.scope,
    method: rule.method,
    params: rule.params ?? null,
    corroboration: rule.corroboration,
    second_method: rule.secondMethod ?? null,
    minimum_count: rule.minimumCount,
    cool_down_minutes: rule.coolDownMinutes,
    emails: rule.emailAudiences,
    webhook: rule.webhookUrl ? { url: rule.webhookUrl, has_secret: rule.webhookSecretSealed !== null } : null,
    enabled: rule.enabled,
    created_by: rule.createdBy,
    created_at: new Date(rule.createdAt).toISOString(),
  };
}

/** An alert as it leaves the server. */
export interface PresentedAlert {
  id: string;
  rule_id: string;
  rule_name: string;
  place: string;
  status: string;
  raised_at: string;
  window_start: string;
  window_end: string;
  count: number;
  threshold: number;
  /** The episode: its highest count, the end of its last window with the signal, when it fell back. */
  peak_count: number;
  last_window_end: string;
  ended_at: string | null;
  method?: string;
  scope?: AlertRule['scope'];
  earlier_counts?: number[];
  /** A statistical rule's period ('day' or 'week') and its method's upper bound. */
  period?: 'day' | 'week';
  upperbound?: number;
  corroboration?: string;
  second_method?: string;
}

const HOUR_MS = 3_600_000;

/**
 * The fields of an alert that leave, per tier: partners (T1) get times to the hour and no method
 * detail; analysts and above get the exact window, the scope and the earlier counts.
 */
export function presentAlert(alert: Alert, tier: Tier): PresentedAlert {
  const coarse = tier === 'T1' || tier === 'T0';
  const time = (d: Date) => {
    const ms = new Date(d).getTime();
    return new Date(coarse ? ms - (ms % HOUR_MS) : ms).toISOString();
  };
  const base: PresentedAlert = {
    id: alert.id,
    rule_id: alert.ruleId,
    rule_name: alert.details.ruleName,
    place: alert.details.placeName,
    status: alert.status,
    raised_at: time(alert.raisedAt),
    window_start: time(alert.windowStart),
    window_end: time(alert.windowEnd),
    count: alert.count,
    threshold: alert.threshold,
    peak_count: alert.peakCount,
    last_window_end: time(alert.lastWindowEnd),
    ended_at: alert.endedAt === null ? null : time(alert.endedAt),
  };
  if (coarse) return base;
  return {
    ...base,
    method: alert.details.method,
    scope: alert.details.scope,
    earlier_counts: alert.details.earlierCounts,
    ...(alert.details.period ? { period: alert.details.period } : {}),
    ...(alert.details.upperbound !== undefined ? { upperbound: alert.details.upperbound } : {}),
    ...(alert.details.corroboration ? { corroboration: alert.details.corroboration } : {}),
    ...(alert.details.secondMethod ? { second_method: alert.details.secondMethod } : {}),
  };
}

/** A status change as it leaves the server. */
export interface PresentedAlertEvent {
  id: string;
  from: string;
  to: string;
  note: string | null;
  changed_by: string;
  changed_at: string;
}

/** The fields of a status change that leave: who by name (or email), never a user id. */
export function presentAlertEvent(event: AlertEvent): PresentedAlertEvent {
  return {
    id: event.id,
    from: event.fromStatus,
    to: event.toStatus,
    note: event.note,
    changed_by: event.changedByName ?? 'a former user',
    changed_at: new Date(event.changedAt).toISOString(),
  };
}

/** A response as it leaves the server. */
export interface PresentedAlertResponse {
  id: string;
  action: string;
  note: string | null;
  taken_at: string;
  recorded_by: string;
  recorded_at: string;
}

/** The fields of a response that leave: who by name (or email), never a user id. */
export function presentAlertResponse(response: AlertResponse): PresentedAlertResponse {
  return {
    id: response.id,
    action: response.action,
    note: response.note,
    taken_at: new Date(response.takenAt).toISOString(),
    recorded_by: response.recordedByName ?? 'a former user',
    recorded_at: new Date(response.recordedAt).toISOString(),
  };
}
