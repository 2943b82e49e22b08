import { decideAccess } from '../access/access-decision.js';
import { recordAuditEntries } from '../access/audit/audit-log.js';
import { authorizeUser } from '../access/authorize.js';
import { findJurisdiction } from '../access/jurisdictions/jurisdiction-service.js';
import { actorTier } from '../access/policy.js';
import { type Actor, auditActor } from '../access/roles.js';
import type { Clock } from '../platform/clock.js';
import type { Database } from '../platform/database.js';
import { SosError } from '../platform/errors.js';
import { newId } from '../platform/ids.js';
import type { Keyring } from '../platform/keyring.js';
import { newestOverdoseAt } from '../surveillance/scoped-counts/scoped-count-service.js';
import { type BacktestResult, backtestThresholdRule } from './alert-backtest.js';
import { readAlertEvents, readAlertResponses } from './alert-history.js';
import {
  type PresentedAlert,
  type PresentedAlertDetail,
  type PresentedAlertResponse,
  type PresentedRule,
  presentAlert,
  presentAlertDetail,
  presentAlertResponse,
  presentRule,
} from './alert-presenter.js';
import {
  findAlert,
  findAlertRule,
  insertAlertResponse,
  insertAlertRule,
  listAlertRules,
  listAlerts,
  recordAlertStatus,
  setAlertRuleEnabled,
} from './alert-repository.js';
import {
  type AlertMethod,
  type AlertScope,
  type AlertStatus,
  type Corroboration,
  type EmailAudiences,
  isStatisticalMethod,
  mayTransition,
  type ResponseAction,
  type StatisticalMethod,
} from './alert-rule.js';
import { type AskedRange, resolveBacktestRange } from './backtest-range.js';
import { alertCorroboration, withDrugCheckCorroboration } from './drug-check-corroboration.js';
import { backtestStatisticalRule } from './statistical-backtest.js';
import { checkRuleParameters, periodOf } from './statistical-rule.js';
import { checkWebhookAddress, type WebhookAddressPolicy } from './webhook-address.js';

/** What the alert service needs. */
export interface AlertServiceDependencies {
  db: Database;
  clock: Clock;
  keyring: Keyring;
  /** Asks for an evaluation at once, so a new rule sees the counts already there. */
  evaluateSoon(jurisdictionId: string): void;
  /** Which webhook addresses a rule may name (public ones, and the ranges an operator allows). */
  webhookAddresses: WebhookAddressPolicy;
}

/** A new rule as asked for. */
export interface NewAlertRule {
  name: string;
  scope: AlertScope;
  method: AlertMethod;
  params?: Record<string, unknown> | undefined;
  corroboration?: Corroboration | undefined;
  secondMethod?: StatisticalMethod | undefined;
  minimumCount: number;
  coolDownMinutes: number;
  emails: EmailAudiences;
  webhook?: { url: string; secret: string } | undefined;
  enabled: boolean;
}

function invalid(field: string, message: string): SosError {
  return new SosError('VALIDATION_FAILED', message, { field });
}

/**
 * Checks how a rule decides: parameters for statistical methods only (through the detection
 * methods' checks, R's control names), `second_method` only with that corroboration, on a
 * statistical rule, naming another method of the same period. Returns the fields as stored.
 */
export function checkRuleDecision(input: {
  method: AlertMethod;
  params?: Record<string, unknown> | undefined;
  corroboration?: Corroboration | undefined;
  secondMethod?: StatisticalMethod | undefined;
}): {
  params: Record<string, unknown> | null;
  corroboration: Corroboration;
  secondMethod: StatisticalMethod | null;
} {
  const corroboration = input.corroboration ?? 'none';
  const params = input.params ?? null;
  if (!isStatisticalMethod(input.method)) {
    if (params !== null) throw invalid('params', `${input.method} takes no params`);
    if (corroboration === 'second_method') {
      throw invalid('corroboration', `${input.method} rules are corroborated by two_sources only`);
    }
  } else {
    checkRuleParameters(input.method, params);
  }
  if (corroboration !== 'second_method') {
    if (input.secondMethod !== undefined)
      throw invalid('second_method', 'second_method needs corroboration second_method');
    return { params, corroboration, secondMethod: null };
  }
  const second = input.secondMethod;
  if (second === undefined) throw invalid('second_method', 'Name the second_method that must also alarm');
  if (!isStatisticalMethod(input.method) || second === input.method) {
    throw invalid('second_method', "second_method is another statistical method than the rule's");
  }
  if (periodOf(second) !== periodOf(input.method)) {
    throw invalid(
      'second_method',
      `${second} counts by ${periodOf(second)}, ${input.method} by ${periodOf(input.method)}`,
    );
  }
  return { params, corroboration, secondMethod: second };
}

/** Why the host's command line or an API key may not do this. */
const SIGNED_IN_ONLY = 'Alerts are managed by signed-in users';

/** Creates a rule in the actor's jurisdiction; the webhook secret is sealed and never shown again. */
export async function createAlertRule(
  deps: AlertServiceDependencies,
  actor: Actor,
  input: NewAlertRule,
): Promise<PresentedRule> {
  authorizeUser(actor, 'alert.manage', SIGNED_IN_ONLY);
  const decision = checkRuleDecision(input);
  if (input.webhook) await checkWebhookAddress(input.webhook.url, deps.webhookAddresses);
  const sealed = input.webhook ? deps.keyring.seal(input.webhook.secret) : null;
  const rule = {
    jurisdictionId: actor.jurisdictionId,
    id: newId(),
    name: input.name,
    scope: input.scope,
    method: input.method,
    ...decision,
    minimumCount: input.minimumCount,
    coolDownMinutes: input.coolDownMinutes,
    emailAudiences: input.emails,
    webhookUrl: input.webhook?.url ?? null,
    webhookSecretKeyId: sealed?.keyId ?? null,
    webhookSecretSealed: sealed?.sealed ?? null,
    enabled: input.enabled,
    createdBy: actor.userId,
    createdAt: deps.clock.now(),
  };
  await insertAlertRule(deps.db, rule);
  if (rule.enabled) deps.evaluateSoon(rule.jurisdictionId);
  return presentRule(rule);
}

/** The rules of the actor's jurisdiction. */
export async function readAlertRules(deps: AlertServiceDependencies, actor: Actor): Promise<PresentedRule[]> {
  authorizeUser(actor, 'alert.manage', SIGNED_IN_ONLY);
  return (await listAlertRules(deps.db, actor.jurisdictionId)).map(presentRule);
}

/** The latest alerts of the actor's jurisdiction, presented for the actor's tier. */
export async function readAlerts(
  deps: AlertServiceDependencies,
  actor: Actor,
  limit: number,
): Promise<PresentedAlert[]> {
  authorizeUser(actor, 'alert.read', SIGNED_IN_ONLY);
  const tier = actorTier(actor);
  return (await listAlerts(deps.db, actor.jurisdictionId, limit)).map((a) => presentAlert(a, tier));
}

/** Turns a rule of the actor's jurisdiction on or off. */
export async function updateAlertRule(
  deps: AlertServiceDependencies,
  actor: Actor,
  ruleId: string,
  change: { enabled: boolean },
): Promise<PresentedRule> {
  authorizeUser(actor, 'alert.manage', SIGNED_IN_ONLY);
  const rule = await deps.db.transaction(async (tx) => {
    const found = await findAlertRule(tx, actor.jurisdictionId, ruleId);
    if (!found) throw new SosError('NOT_FOUND', 'No alert rule by that id');
    if (found.enabled !== change.enabled) {
      await setAlertRuleEnabled(tx, actor.jurisdictionId, ruleId, change.enabled);
      await recordAuditEntries(tx, actor.jurisdictionId, deps.clock.now(), [
        {
          ...auditActor(actor),
          action: change.enabled ? 'alert_rule.enable' : 'alert_rule.disable',
          subjectType: 'alert_rule',
          subjectId: ruleId,
          purpose: null,
          details: { name: found.name },
        },
      ]);
    }
    return { ...found, enabled: change.enabled };
  });
  if (rule.enabled) deps.evaluateSoon(rule.jurisdictionId);
  return presentRule(rule);
}

/** A rule to replay over a range. */
export interface BacktestRequest {
  scope: AlertScope;
  method: AlertMethod;
  params?: Record<string, unknown> | undefined;
  corroboration?: Corroboration | undefined;
  secondMethod?: StatisticalMethod | undefined;
  minimumCount: number;
  coolDownMinutes: number;
  /** Days of the jurisdiction or instants; by default the data's last year (see `resolveBacktestRange`). */
  range: AskedRange;
}

/** What a rule would have raised over a range of the actor's jurisdiction's history. */
export async function backtestAlertRule(
  deps: AlertServiceDependencies,
  actor: Actor,
  request: BacktestRequest,
): Promise<BacktestResult> {
  authorizeUser(actor, 'alert.backtest', SIGNED_IN_ONLY);
  const decision = checkRuleDecision(request);
  const jurisdiction = await findJurisdiction(deps.db, actor.jurisdictionId);
  const range = resolveBacktestRange(request.range, {
    timeZone: jurisdiction?.timeZone ?? 'UTC',
    now: deps.clock.now(),
    newestOverdoseAt: await newestOverdoseAt(deps.db, actor.jurisdictionId),
  });
  const result = isStatisticalMethod(request.method)
    ? await backtestStatisticalRule(
        deps.db,
        actor.jurisdictionId,
        { ...request, method: request.method, ...decision },
        range,
      )
    : await backtestThresholdRule(
        deps.db,
        actor.jurisdictionId,
        { ...request, corroboration: decision.corroboration },
        range,
      );
  const windowMs = isStatisticalMethod(request.method)
    ? (periodOf(request.method) === 'week' ? 7 : 1) * 24 * 3_600_000
    : undefined;
  return withDrugCheckCorroboration(
    deps.db,
    actor.jurisdictionId,
    { scope: request.scope, ...(windowMs ? { windowMs } : {}) },
    result,
  );
}

/** One alert of the actor's jurisdiction with its history; another jurisdiction's is NOT_FOUND. */
export async function readAlert(
  deps: AlertServiceDependencies,
  actor: Actor,
  alertId: string,
): Promise<PresentedAlertDetail> {
  authorizeUser(actor, 'alert.read', SIGNED_IN_ONLY);
  const alert = await findAlert(deps.db, actor.jurisdictionId, alertId);
  if (!alert) throw new SosError('NOT_FOUND', 'No alert by that id');
  const [events, responses] = [
    await readAlertEvents(deps.db, actor.jurisdictionId, alertId),
    await readAlertResponses(deps.db, actor.jurisdictionId, alertId),
  ];
  // Drug-checking signals are shown to the roles that read drug checking (T1) only.
  const signals =
    decideAccess(actor, 'drug_check.read').effect === 'allow'
      ? await alertCorroboration(deps.db, alert)
      : undefined;
  return presentAlertDetail(alert, actorTier(actor), events, responses, signals);
}

/**
 * Moves an alert through its lifecycle (new → acknowledged → responding → closed, or straight to
 * closed; closed is final), recording who, when, from, to and why in its events and the audit trail.
 */
export async function changeAlertStatus(
  deps: AlertServiceDependencies,
  actor: Actor,
  alertId: string,
  change: { status: AlertStatus; note?: string | undefined },
): Promise<PresentedAlert> {
  authorizeUser(actor, 'alert.respond', SIGNED_IN_ONLY);
  const now = deps.clock.now();
  const alert = await deps.db.transaction(async (tx) => {
    const found = await findAlert(tx, actor.jurisdictionId, alertId, { forUpdate: true });
    if (!found) throw new SosError('NOT_FOUND', 'No alert by that id');
    if (!mayTransition(found.status, change.status)) {
      throw new SosError(
        'ALERT_TRANSITION_INVALID',
        `An alert cannot move from ${found.status} to ${change.status}`,
        { from: found.status, to: change.status },
      );
    }
    const note = change.note?.trim() || null;
    await recordAlertStatus(tx, actor.jurisdictionId, {
      id: newId(now.getTime()),
      alertId,
      fromStatus: found.status,
      toStatus: change.status,
      note,
      changedBy: actor.userId,
      changedAt: now,
    });
    await recordAuditEntries(tx, actor.jurisdictionId, now, [
      {
        ...auditActor(actor),
        action: 'alert.status',
        subjectType: 'alert',
        subjectId: alertId,
        purpose: null,
        details: { from: found.status, to: change.status, note },
      },
    ]);
    return { ...found, status: change.status };
  });
  return presentAlert(alert, actorTier(actor));
}

/** Logs what was done about an alert of the actor's jurisdiction; `takenAt` may not be in the future. */
export async function recordAlertResponse(
  deps: AlertServiceDependencies,
  actor: Actor,
  alertId: string,
  input: { action: ResponseAction; note?: string | undefined; takenAt?: Date | undefined },
): Promise<PresentedAlertResponse> {
  authorizeUser(actor, 'alert.respond', SIGNED_IN_ONLY);
  const now = deps.clock.now();
  const takenAt = input.takenAt ?? now;
  if (takenAt.getTime() > now.getTime()) {
    throw new SosError('VALIDATION_FAILED', 'taken_at is in the future', { field: 'taken_at' });
  }
  const id = newId(now.getTime());
  await deps.db.transaction(async (tx) => {
    if (!(await findAlert(tx, actor.jurisdictionId, alertId))) {
      throw new SosError('NOT_FOUND', 'No alert by that id');
    }
    await insertAlertResponse(tx, actor.jurisdictionId, {
      id,
      alertId,
      action: input.action,
      note: input.note?.trim() || null,
      takenAt,
      recordedBy: actor.userId,
      recordedAt: now,
    });
    await recordAuditEntries(tx, actor.jurisdictionId, now, [
      {
        ...auditActor(actor),
        action: 'alert.response',
        subjectType: 'alert',
        subjectId: alertId,
        purpose: null,
        details: { response: id, action: input.action, takenAt: takenAt.toISOString() },
      },
    ]);
  });
  const [stored] = await readAlertResponses(deps.db, actor.jurisdictionId, alertId, id);
  if (!stored) throw new SosError('INTERNAL');
  return presentAlertResponse(stored);
}
