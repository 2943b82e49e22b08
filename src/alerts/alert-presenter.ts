import { z } from 'zod';
import type { Tier } from '../access/roles.js';
import {
  type Alert,
  type AlertEvent,
  type AlertResponse,
  type AlertRule,
  type AlertScope,
  alertMethods,
  alertStatuses,
  corroborations,
  responseActions,
  statisticalMethods,
} from './alert-rule.js';
import { type CorroboratingSignal, corroboratingSignalSchema } from './drug-check-corroboration.js';

/** The overdoses a rule counts, named as a rule is created with them. */
export const presentedScopeSchema = z.object({
  layer: z.string().optional().describe('A layer id, or h3r7 for H3 resolution-7 cells'),
  area: z.string().optional(),
  source_types: z.array(z.string()).optional(),
  substance: z.string().optional(),
  case_definition: z.string().optional(),
});

/** A scope as it leaves the server. */
export type PresentedScope = z.infer<typeof presentedScopeSchema>;

/** The fields of a scope that leave, in the API's names (the same as a new rule's `scope`). */
export function presentScope(scope: AlertScope): PresentedScope {
  return {
    ...(scope.layerId !== undefined ? { layer: scope.layerId } : {}),
    ...(scope.areaId !== undefined ? { area: scope.areaId } : {}),
    ...(scope.sourceTypes !== undefined ? { source_types: scope.sourceTypes } : {}),
    ...(scope.substance !== undefined ? { substance: scope.substance } : {}),
    ...(scope.caseDefinition !== undefined ? { case_definition: scope.caseDefinition } : {}),
  };
}

/** A rule as it leaves the server: never its webhook secret. */
export const presentedRuleSchema = z.object({
  id: z.string(),
  name: z.string(),
  scope: presentedScopeSchema,
  method: z.enum(alertMethods),
  params: z.record(z.string(), z.unknown()).nullable(),
  corroboration: z.enum(corroborations),
  second_method: z.enum(statisticalMethods).nullable(),
  minimum_count: z.number().int(),
  cool_down_minutes: z.number().int(),
  emails: z.object({ analyst: z.array(z.string()), partner: z.array(z.string()) }),
  webhook: z.object({ url: z.string(), has_secret: z.boolean() }).nullable(),
  enabled: z.boolean(),
  created_by: z.string(),
  created_at: z.string(),
});

/** A rule as it leaves the server. */
export type PresentedRule = z.infer<typeof presentedRuleSchema>;

/** The fields of a rule that leave (the sealed secret stays). */
export function presentRule(rule: AlertRule): PresentedRule {
  return {
    id: rule.id,
    name: rule.name,
    scope: presentScope(rule.scope),
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

/** An alert as it leaves the server; the optional fields are for analysts and above only. */
export const presentedAlertSchema = z.object({
  id: z.string(),
  rule_id: z.string(),
  rule_name: z.string(),
  place: z.string(),
  status: z.enum(alertStatuses),
  raised_at: z.string(),
  window_start: z.string(),
  window_end: z.string(),
  count: z.number(),
  threshold: z.number(),
  peak_count: z.number().describe("The episode's highest count"),
  last_window_end: z.string().describe('The end of the last window with the signal'),
  ended_at: z.string().nullable().describe('When the count fell back'),
  method: z.enum(alertMethods).optional(),
  scope: presentedScopeSchema.optional(),
  earlier_counts: z.array(z.number()).optional(),
  period: z.enum(['day', 'week']).optional().describe("A statistical rule's period"),
  upperbound: z.number().optional().describe("The statistical method's upper bound"),
  corroboration: z.enum(corroborations).optional(),
  second_method: z.enum(statisticalMethods).optional(),
});

/** An alert as it leaves the server. */
export type PresentedAlert = z.infer<typeof presentedAlertSchema>;

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
    scope: presentScope(alert.details.scope),
    earlier_counts: alert.details.earlierCounts,
    ...(alert.details.period ? { period: alert.details.period } : {}),
    ...(alert.details.upperbound !== undefined ? { upperbound: alert.details.upperbound } : {}),
    ...(alert.details.corroboration ? { corroboration: alert.details.corroboration } : {}),
    ...(alert.details.secondMethod ? { second_method: alert.details.secondMethod } : {}),
  };
}

/** A status change as it leaves the server: who by name (or email), never a user id. */
export const presentedAlertEventSchema = z.object({
  id: z.string(),
  from: z.enum(alertStatuses),
  to: z.enum(alertStatuses),
  note: z.string().nullable(),
  changed_by: z.string(),
  changed_at: z.string(),
});

/** A status change as it leaves the server. */
export type PresentedAlertEvent = z.infer<typeof presentedAlertEventSchema>;

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

/** A response as it leaves the server: who by name (or email), never a user id. */
export const presentedAlertResponseSchema = z.object({
  id: z.string(),
  action: z.enum(responseActions),
  note: z.string().nullable(),
  taken_at: z.string(),
  recorded_by: z.string(),
  recorded_at: z.string(),
});

/** A response as it leaves the server. */
export type PresentedAlertResponse = z.infer<typeof presentedAlertResponseSchema>;

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

/** An alert with its status changes and responses, newest first. */
export const presentedAlertDetailSchema = presentedAlertSchema.extend({
  events: z.array(presentedAlertEventSchema),
  responses: z.array(presentedAlertResponseSchema),
  corroborating_signals: z
    .array(corroboratingSignalSchema)
    .optional()
    .describe(
      "Drug-checking signals of the alert's area in its weeks or the two before (for the roles that read drug checking)",
    ),
});

/** An alert with its history as it leaves the server. */
export type PresentedAlertDetail = z.infer<typeof presentedAlertDetailSchema>;

/** The fields of an alert and its history that leave, for the reader's tier. */
export function presentAlertDetail(
  alert: Alert,
  tier: Tier,
  events: readonly AlertEvent[],
  responses: readonly AlertResponse[],
  corroboratingSignals?: readonly CorroboratingSignal[],
): PresentedAlertDetail {
  return {
    ...presentAlert(alert, tier),
    events: events.map(presentAlertEvent),
    responses: responses.map(presentAlertResponse),
    ...(corroboratingSignals ? { corroborating_signals: [...corroboratingSignals] } : {}),
  };
}
