import nodemailer from 'nodemailer';
import type { Database } from '../platform/database.js';
import type { Keyring } from '../platform/keyring.js';
import { type AlertDelivery, updateDelivery } from './alert-repository.js';
import type { Alert, AlertRule } from './alert-rule.js';
import { analystAlertText, partnerAlertText } from './alert-texts.js';
import { signWebhookBody } from './webhook-signature.js';

/** How the notifier reaches people; the backoff is shortened in tests. */
export interface NotifierOptions {
  smtpUrl: string | null;
  mailFrom: string;
  /** Waits before each retry, in milliseconds: three retries after the first attempt. */
  retryDelaysMs?: readonly number[];
  /** How long one attempt may take. */
  attemptTimeoutMs?: number;
}

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
    this.transport = options.smtpUrl ? nodemailer.createTransport(options.smtpUrl) : null;
    this.retryDelays = options.retryDelaysMs ?? [1_000, 5_000, 25_000];
    this.timeoutMs = options.attemptTimeoutMs ?? 10_000;
  }

  /** Sends every delivery of an alert at once; settles when each has been sent or has failed. */
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
    const response = await fetch(delivery.target, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'SOS-alerts/1',
        'x-sos-signature': signWebhookBody(body, secret),
        'x-sos-delivery': delivery.id,
      },
      body,
      redirect: 'error',
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    await response.arrayBuffer().catch(() => undefined);
    if (!response.ok) throw new Error(`The webhook answered ${response.status}`);
  }

  /** Tries a delivery until it succeeds or the retries run out, recording each attempt. */
  private async attempt(delivery: AlertDelivery, send: () => Promise<void>): Promise<void> {
    for (let attempts = 1; ; attempts++) {
      try {
        await send();
        await updateDelivery(this.db, {
          ...delivery,
          attempts,
          status: 'sent',
          lastError: null,
          sentAt: new Date(),
        });
        return;
      } catch (error) {
        const lastError = error instanceof Error ? error.message : String(error);
        const wait = this.retryDelays[attempts - 1];
        const status = wait === undefined ? 'failed' : 'pending';
        await updateDelivery(this.db, { ...delivery, attempts, status, lastError, sentAt: null }).catch(
          () => {},
        );
        if (wait === undefined) return;
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
    }
  }
}
