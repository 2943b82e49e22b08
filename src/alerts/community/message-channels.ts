import type { AddressRange } from '../../platform/ip-ranges.js';
import type { HostResolver } from '../webhook-address.js';
import { postWebhook } from '../webhook-request.js';

/** One message for a channel: the address, the text, and the key that makes a retry harmless. */
export interface OutgoingMessage {
  to: string;
  /** Email only. */
  subject: string;
  body: string;
  /** The message's id: a provider that sees it twice sends once. */
  idempotencyKey: string;
}

/**
 * A way to reach subscribers (SMS, email), behind which the provider is chosen by configuration.
 * `send` resolves once the provider accepted the message, or throws why not; its errors never
 * carry the address, since they reach logs.
 */
export interface MessageChannel {
  readonly configured: boolean;
  send(message: OutgoingMessage): Promise<void>;
}

/** The SMS provider's settings (SOS_SMS_URL, SOS_SMS_TOKEN, SOS_SMS_FROM) and the SSRF policy. */
export interface SmsProviderSettings {
  url: string | null;
  token: string | null;
  from: string | null;
  allowedRanges: readonly AddressRange[];
  resolve?: HostResolver;
}

/** How long a provider may take to accept a message. */
const SMS_TIMEOUT_MS = 10_000;

/**
 * SMS through a configurable HTTP provider: a POST of `{ to, from, body }` as JSON with a bearer
 * token and an Idempotency-Key header; any 2xx is accepted. The URL is checked as webhooks are
 * (no loopback, private network or metadata service unless allowed) and the connection pinned.
 */
export function smsChannel(settings: SmsProviderSettings): MessageChannel {
  const { url, token, from } = settings;
  return {
    configured: url !== null && token !== null && from !== null,
    async send(message) {
      if (url === null || token === null || from === null)
        throw new Error('SOS_SMS_URL, SOS_SMS_TOKEN and SOS_SMS_FROM must be set to send text messages');
      const status = await postWebhook(
        url,
        {
          headers: {
            'content-type': 'application/json',
            authorization: `Bearer ${token}`,
            'idempotency-key': message.idempotencyKey,
          },
          body: JSON.stringify({ to: message.to, from, body: message.body }),
          timeoutMs: SMS_TIMEOUT_MS,
        },
        { allowedRanges: settings.allowedRanges, ...(settings.resolve ? { resolve: settings.resolve } : {}) },
      );
      if (status < 200 || status > 299) throw new Error(`The SMS provider answered ${status}`);
    },
  };
}

/** The deployment's mailer as this module needs it (the outreach mailer, wired by src/main). */
export interface PlainMailer {
  readonly configured: boolean;
  send(mail: { to: string; subject: string; body: string }): Promise<unknown>;
}

/** Email through the deployment's SMTP server (SOS_SMTP_URL). */
export function emailChannel(mailer: PlainMailer): MessageChannel {
  return {
    get configured() {
      return mailer.configured;
    },
    async send(message) {
      if (!mailer.configured) throw new Error('SOS_SMTP_URL is not set');
      try {
        await mailer.send({ to: message.to, subject: message.subject, body: message.body });
      } catch (error) {
        // An SMTP refusal may quote the recipient: only its code leaves.
        const code =
          (error as { responseCode?: number; code?: string }).responseCode ??
          (error as { code?: string }).code;
        throw new Error(`The SMTP server refused the message (${code ?? 'no code'})`);
      }
    },
  };
}
