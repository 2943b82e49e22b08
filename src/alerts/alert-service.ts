import { authorize } from '../access/authorize.js';
import { actorTier } from '../access/policy.js';
import type { Actor } from '../access/roles.js';
import type { Clock } from '../platform/clock.js';
import type { Database } from '../platform/database.js';
import { SosError } from '../platform/errors.js';
import { newId } from '../platform/ids.js';
import type { Keyring } from '../platform/keyring.js';
import { type PresentedAlert, type PresentedRule, presentAlert, presentRule } from './alert-presenter.js';
import { insertAlertRule, listAlertRules, listAlerts } from './alert-repository.js';
import type { AlertMethod, AlertScope, EmailAudiences } from './alert-rule.js';

/** What the alert service needs. */
export interface AlertServiceDependencies {
  db: Database;
  clock: Clock;
  keyring: Keyring;
  /** Asks for an evaluation at once, so a new rule sees the counts already there. */
  evaluateSoon(jurisdictionId: string): void;
}

/** A new rule as asked for. */
export interface NewAlertRule {
  name: string;
  scope: AlertScope;
  method: AlertMethod;
  minimumCount: number;
  coolDownMinutes: number;
  emails: EmailAudiences;
  webhook?: { url: string; secret: string } | undefined;
  enabled: boolean;
}

function userOf(actor: Actor): Extract<Actor, { kind: 'user' }> {
  if (actor.kind !== 'user') throw new SosError('FORBIDDEN', 'Alerts are managed by signed-in users');
  return actor;
}

/** Creates a rule in the actor's jurisdiction; the webhook secret is sealed and never shown again. */
export async function createAlertRule(
  deps: AlertServiceDependencies,
  actor: Actor,
  input: NewAlertRule,
): Promise<PresentedRule> {
  authorize(actor, 'alert.manage');
  const user = userOf(actor);
  const sealed = input.webhook ? deps.keyring.seal(input.webhook.secret) : null;
  const rule = {
    jurisdictionId: user.jurisdictionId,
    id: newId(),
    name: input.name,
    scope: input.scope,
    method: input.method,
    minimumCount: input.minimumCount,
    coolDownMinutes: input.coolDownMinutes,
    emailAudiences: input.emails,
    webhookUrl: input.webhook?.url ?? null,
    webhookSecretKeyId: sealed?.keyId ?? null,
    webhookSecretSealed: sealed?.sealed ?? null,
    enabled: input.enabled,
    createdBy: user.userId,
    createdAt: deps.clock.now(),
  };
  await insertAlertRule(deps.db, rule);
  if (rule.enabled) deps.evaluateSoon(rule.jurisdictionId);
  return presentRule(rule);
}

/** The rules of the actor's jurisdiction. */
export async function readAlertRules(deps: AlertServiceDependencies, actor: Actor): Promise<PresentedRule[]> {
  authorize(actor, 'alert.manage');
  const user = userOf(actor);
  return (await listAlertRules(deps.db, user.jurisdictionId)).map(presentRule);
}

/** The latest alerts of the actor's jurisdiction, presented for the actor's tier. */
export async function readAlerts(
  deps: AlertServiceDependencies,
  actor: Actor,
  limit: number,
): Promise<PresentedAlert[]> {
  authorize(actor, 'alert.read');
  const user = userOf(actor);
  const tier = actorTier(user);
  return (await listAlerts(deps.db, user.jurisdictionId, limit)).map((a) => presentAlert(a, tier));
}
