import nodemailer from 'nodemailer';
import type { Database } from '../platform/database.js';
import type { Keyring } from '../platform/keyring.js';
import { type AlertDelivery, claimDeliveryAttempt, updateDelivery } from './alert-repository.js';
import type { Alert, AlertRule } from './alert-rule.js';
import { analystAlertText, partnerAlertText } from './alert-texts.js';
import type { WebhookAddressPolicy } from './webhook-address.js';
import { postWebhook } from './webhook-request.js';
import { signWebhookBody } from './webhook-signature.js';

/** How the notifier reaches people; the backoff is shortened in tests. */
export interface NotifierOptions {
  smtpUrl: string | null;
  mailFrom: string;
  /** Waits before each retry, in milliseconds: one retry per entry after the first attempt. */
  retryDelaysMs?: readonly number[];
  /** How long one attempt may take. */
  attemptTimeoutMs?: number;
  /** Which webhook addresses may be called (public ones, and the ranges an operator allows). */
  webhookAddresses: WebhookAddressPolicy;
}

/**
 * Retries after 1 s, 5 s and 25 s ride out a blip; after 2, 10 and 30 minutes, an SMTP server or a
 * receiver that is down for a while: a spike alert is still worth having within the hour.
 */
const ALERT_RETRY_DELAYS_MS: readonly number[] = [1_000, 5_000, 25_000, 120_000, 600_000, 1_800_000];

/**
 * A wait up to this long is slept through by the process that tried; a longer one is left to the
 * delivery sweep, so that no process holds an alert for half an hour and any server may resume it.
 */
const LONGEST_WAIT_IN_PROCESS_MS = 60_000;
/** How long an attempt under way holds its delivery: longer than any attempt may take (SMTP's timeouts below). */
const ATTEMPT_HOLD_MS = 180_000;

const HOUR_MS = 3_600_000;

/** The JSON a webhook receives: partner-level facts (times to the hour) and the partner text. */
export function webhookPayload(alert: Alert): Record<string, unknown> {
  const hour = (d: Date) => new Date(d.getTime() - (d.getTime() % HOUR_MS)).toISOString();
  return {
    alert_id: alert.id,
    rule_id: alert.ruleId,
    rule_name: alert.details.ruleName,
    method: alert.details.method,
    place: alert.details.placeName,
    raised_hour: hour(alert.raisedAt),
    window_hours: 24,
    count: alert.count,
    threshold: alert.threshold,
    text: partnerAlertText(alert).body,
  };
}

/**
 * Sends an alert's deliveries: one email per address (the text of its audience) through SMTP and the
 * signed webhook, each retried with backoff, and records every attempt's outcome on its delivery row.
 */
export class AlertNotifier {
  private readonly transport: ReturnType<typeof nodemailer.createTransport> | null;
  private readonly retryDelays: readonly number[];
  private readonly timeoutMs: number;

  constructor(
    private readonly db: Database,
    private readonly keyring: Keyring,
    private readonly options: NotifierOptions,
  ) {
    // Timeouts bound an attempt, so that it ends well inside ATTEMPT_HOLD_MS.
    this.transport = options.smtpUrl
      ? nodemailer.createTransport({
          url: options.smtpUrl,
          connectionTimeout: 30_000,
          greetingTimeout: 30_000,
          socketTimeout: 60_000,
        })
      : null;
    this.retryDelays = options.retryDelaysMs ?? ALERT_RETRY_DELAYS_MS;
    this.timeoutMs = options.attemptTimeoutMs ?? 10_000;
  }

  /**
   * Sends the pending deliveries of an alert at once; settles when each has been sent, has failed for
   * good, waits longer than this process sleeps (the sweep resumes it), or is another server's.
   */
  async deliver(rule: AlertRule, alert: Alert, deliveries: readonly AlertDelivery[]): Promise<void> {
    await Promise.all(deliveries.map((d) => this.attempt(d, () => this.sendOne(rule, alert, d))));
  }

  /** Closes the SMTP connections. */
  close(): void {
    this.transport?.close();
  }

  private async sendOne(rule: AlertRule, alert: Alert, delivery: AlertDelivery): Promise<void> {
    if (delivery.channel === 'email') {
      if (!this.transport) throw new Error('SOS_SMTP_URL is not set');
      const text = delivery.audience === 'analyst' ? analystAlertText(alert) : partnerAlertText(alert);
      await this.transport.sendMail({
        from: this.options.mailFrom,
        to: delivery.target,
        subject: text.subject,
        text: text.body,
        headers: { 'X-SOS-Alert': alert.id },
      });
      return;
    }
    if (!rule.webhookSecretKeyId || !rule.webhookSecretSealed)
      throw new Error('The rule has no webhook secret');
    const secret = this.keyring.open<string>(rule.webhookSecretKeyId, rule.webhookSecretSealed);
    const body = JSON.stringify(webhookPayload(alert));
    const status = await postWebhook(
      delivery.target,
      {
        headers: {
          'content-type': 'application/json',
          'user-agent': 'SOS-alerts/1',
          'x-sos-signature': signWebhookBody(body, secret),
          'x-sos-delivery': delivery.id,
        },
        body,
        timeoutMs: this.timeoutMs,
      },
      this.options.webhookAddresses,
    );
    if (status < 200 || status > 299) throw new Error(`The webhook answered ${status}`);
  }

  /**
   * Tries a delivery until it succeeds, the retries run out or the next wait is the sweep's. Each
   * attempt is first claimed on the row, so two servers never make the same attempt, and its outcome
   * recorded with when the next may be made.
   */
  private async attempt(delivery: AlertDelivery, send: () => Promise<void>): Promise<void> {
    let attempts = delivery.attempts;
    for (;;) {
      const held = new Date(Date.now() + ATTEMPT_HOLD_MS);
      if (!(await claimDeliveryAttempt(this.db, delivery, attempts, held))) return;
      attempts += 1;
      try {
        await send();
        await updateDelivery(this.db, {
          ...delivery,
          attempts,
          status: 'sent',
          lastError: null,
          sentAt: new Date(),
          nextAttemptAt: null,
        });
        return;
      } catch (error) {
        const lastError = error instanceof Error ? error.message : String(error);
        const wait = this.retryDelays[attempts - 1];
        await updateDelivery(this.db, {
          ...delivery,
          attempts,
          status: wait === undefined ? 'failed' : 'pending',
          lastError,
          sentAt: null,
          nextAttemptAt: wait === undefined ? null : new Date(Date.now() + wait),
        }).catch(() => {});
        if (wait === undefined || wait > LONGEST_WAIT_IN_PROCESS_MS) return;
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
    }
  }
}
