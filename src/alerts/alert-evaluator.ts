import type { Clock } from '../platform/clock.js';
import type { Database } from '../platform/database.js';
import { newId } from '../platform/ids.js';
import { countSourceTypes, countWindows } from '../surveillance/scoped-counts/scoped-count-service.js';
import type { AlertNotifier } from './alert-notifier.js';
import {
  continueEpisode,
  endEpisode,
  latestEpisode,
  listAlertRules,
  lockAlertRule,
} from './alert-repository.js';
import type { Alert, AlertRule } from './alert-rule.js';
import { placeOf, writeAlert } from './alert-writing.js';
import {
  type CorroborationEvidence,
  decideThreshold,
  type EpisodeState,
  WINDOW_MS,
  WINDOWS,
} from './threshold-decision.js';

/**
 * Evaluates a jurisdiction's enabled 24-hour threshold rules when asked (the outbox hands it every
 * committed change to overdoses; an edited rule asks too), raises alerts and has them delivered.
 * Evaluations of one jurisdiction never overlap: requests arriving during one are coalesced into a
 * single evaluation after it. Evaluating twice is harmless (episodes are decided under the rule's
 * lock), which the outbox's at-least-once handling relies on.
 */
export class AlertEvaluator {
  private readonly running = new Map<string, Promise<void>>();
  private readonly waiting = new Map<string, Promise<void>>();
  private readonly deliveries = new Set<Promise<void>>();
  private stopped = false;

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly notifier: AlertNotifier,
    private readonly onError: (error: unknown) => void = () => {},
  ) {}

  /** Asks for an evaluation of a jurisdiction and does not wait for it (failures go to onError). */
  schedule(jurisdictionId: string): void {
    if (this.stopped) return;
    this.evaluateSoon(jurisdictionId).catch(this.onError);
  }

  /**
   * Evaluates a jurisdiction in an evaluation that starts after this call (coalesced with one already
   * waiting); settles when it has, and rejects when it failed or the evaluator has stopped.
   */
  evaluateSoon(jurisdictionId: string): Promise<void> {
    if (this.stopped) return Promise.reject(new Error('The alert evaluator has stopped'));
    const queued = this.waiting.get(jurisdictionId);
    if (queued) return queued;
    const current = this.running.get(jurisdictionId);
    if (!current) return this.begin(jurisdictionId);
    const next = current
      .catch(() => {})
      .then(() => {
        this.waiting.delete(jurisdictionId);
        return this.begin(jurisdictionId);
      });
    this.waiting.set(jurisdictionId, next);
    return next;
  }

  /** Settles when no evaluation or delivery is under way (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.running.size > 0 || this.waiting.size > 0 || this.deliveries.size > 0) {
      await Promise.allSettled([...this.running.values(), ...this.waiting.values(), ...this.deliveries]);
    }
  }

  /** Stops taking requests and waits for the work under way. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.idle();
    this.notifier.close();
  }

  /** Evaluates every enabled rule of a jurisdiction now; returns the alerts raised (episodes opened). */
  async evaluate(jurisdictionId: string): Promise<Alert[]> {
    const rules = await listAlertRules(this.db, jurisdictionId, { enabledOnly: true });
    const raised: Alert[] = [];
    for (const rule of rules) {
      if (rule.method !== 'threshold_24h') continue;
      const alert = await this.evaluateRule(rule);
      if (alert) raised.push(alert);
    }
    return raised;
  }

  private begin(jurisdictionId: string): Promise<void> {
    const run = this.evaluate(jurisdictionId)
      .then(() => {})
      .finally(() => {
        if (this.running.get(jurisdictionId) === run) this.running.delete(jurisdictionId);
      });
    this.running.set(jurisdictionId, run);
    return run;
  }

  private async evaluateRule(rule: AlertRule): Promise<Alert | null> {
    const at = this.clock.now();
    const byWindow = await countWindows(this.db, rule.jurisdictionId, rule.scope, at, WINDOWS);
    const windowCounts = Array.from({ length: WINDOWS }, (_, k) => byWindow.get(k) ?? 0);
    const windowStart = new Date(at.getTime() - WINDOW_MS);
    // Threshold rules are corroborated by sources only; the count of them is read when asked for.
    const evidence: CorroborationEvidence = {};
    if (rule.corroboration === 'two_sources') {
      evidence.sourceTypes = await countSourceTypes(
        this.db,
        rule.jurisdictionId,
        rule.scope,
        windowStart,
        at,
      );
    }
    const decide = (episode: EpisodeState | null) =>
      decideThreshold({
        at: at.getTime(),
        windowCounts,
        minimumCount: rule.minimumCount,
        coolDownMinutes: rule.coolDownMinutes,
        episode,
        corroboration: rule.corroboration,
        evidence,
      });
    // Decided once on the latest episode as read (no transaction when nothing changes), then again
    // under the rule's lock, which serializes servers hearing the same change.
    const latest = await latestEpisode(this.db, rule.jurisdictionId, rule.id);
    if (decide(latest?.state ?? null).step === 'none') return null;
    const earlierCounts = Array.from({ length: WINDOWS - 1 }, (_, k) => byWindow.get(k + 1) ?? 0);
    const outcome = await this.db.transaction(async (tx) => {
      await lockAlertRule(tx, rule.id);
      const episode = await latestEpisode(tx, rule.jurisdictionId, rule.id);
      const decision = decide(episode?.state ?? null);
      if (decision.step === 'continue' && episode) {
        await continueEpisode(tx, rule.jurisdictionId, episode.alertId, at, decision.count);
      }
      if (decision.step === 'end' && episode) await endEpisode(tx, rule.jurisdictionId, episode.alertId, at);
      if (decision.step !== 'open') return null;
      const { placeName, timeZone } = await placeOf(tx, rule);
      const alert: Alert = {
        jurisdictionId: rule.jurisdictionId,
        id: newId(at.getTime()),
        ruleId: rule.id,
        raisedAt: at,
        windowStart,
        windowEnd: at,
        count: decision.count,
        threshold: decision.threshold ?? rule.minimumCount,
        status: 'new',
        details: {
          ruleName: rule.name,
          method: rule.method,
          scope: rule.scope,
          placeName,
          timeZone,
          minimumCount: rule.minimumCount,
          earlierCounts,
          ...(decision.recurrenceThreshold !== null
            ? { recurrenceThreshold: decision.recurrenceThreshold }
            : {}),
          ...(rule.corroboration !== 'none' ? { corroboration: rule.corroboration } : {}),
        },
        peakCount: decision.count,
        lastWindowEnd: at,
        endedAt: null,
        updatedAt: at,
      };
      return writeAlert(tx, rule, alert);
    });
    if (!outcome) return null;
    // Deliveries go on in the background so that a slow receiver never delays the next evaluation.
    const sending = this.notifier.deliver(rule, outcome.alert, outcome.deliveries).catch(this.onError);
    this.deliveries.add(sending);
    sending.finally(() => this.deliveries.delete(sending));
    return outcome.alert;
  }
}
