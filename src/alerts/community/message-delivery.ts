import { findJurisdiction } from '../../access/jurisdictions/jurisdiction-service.js';
import type { Clock } from '../../platform/clock.js';
import type { Database, Queryable } from '../../platform/database.js';
import type { Keyring } from '../../platform/keyring.js';
import { findCommunityAlert } from './community-alert-repository.js';
import type { CommunityMessageEvent } from './community-message-queue.js';
import {
  alertEmail,
  type CommunityEmail,
  type CommunityTextContext,
  confirmedEmail,
  confirmedSms,
  confirmRequestEmail,
  confirmRequestSms,
  helpSms,
  smsStopFooter,
  stoppedEmail,
  stoppedSms,
  unknownAreaSms,
} from './community-texts.js';
import { CONFIRM_HOURS, type CommunityChannel } from './community-vocabulary.js';
import type { MessageChannel } from './message-channels.js';
import { type CommunityMessageRow, lockMessage, recordMessageOutcome } from './message-repository.js';
import { findSubscriber, type SubscriberRow, setConfirmTokenHash } from './subscriber-repository.js';
import { hashConfirmToken, newConfirmToken, stopPath } from './subscription-links.js';

/** What sending community messages needs. */
export interface CommunityDeliveryDependencies {
  db: Database;
  clock: Clock;
  keyring: Keyring;
  channels: Record<CommunityChannel, MessageChannel>;
  /** Where links point (SOS_PUBLIC_URL). */
  siteUrl: string;
}

/** After this many failed sends a message is given up (the outbox waits longer between each). */
export const MESSAGE_ATTEMPTS = 8;

/** A message's text for its channel, or null when the message no longer applies. */
async function compose(
  tx: Queryable,
  deps: CommunityDeliveryDependencies,
  message: CommunityMessageRow,
  subscriber: SubscriberRow,
  context: CommunityTextContext,
): Promise<CommunityEmail | null> {
  const stop = `${deps.siteUrl}${stopPath(deps.keyring, subscriber.jurisdictionId, subscriber.id)}`;
  const names = message.areaNames ?? [];
  const sms = message.channel === 'sms';
  const text = (body: string): CommunityEmail => ({ subject: '', body });
  switch (message.kind) {
    case 'confirm_request': {
      // A request answered, replaced or stopped meanwhile is not asked again.
      if (subscriber.requestedAreaIds === null) return null;
      if (sms) return text(confirmRequestSms(context, names));
      // The link's token exists only in this email: the database keeps its hash.
      const token = newConfirmToken();
      await setConfirmTokenHash(tx, subscriber.jurisdictionId, subscriber.id, hashConfirmToken(token));
      return confirmRequestEmail(context, names, {
        confirm: `${deps.siteUrl}/alerts/confirm/${token}`,
        stop,
        hours: CONFIRM_HOURS,
      });
    }
    case 'confirmed':
      return sms ? text(confirmedSms(context, names)) : confirmedEmail(context, names, stop);
    case 'stopped':
      return sms ? text(stoppedSms(context)) : stoppedEmail(context);
    case 'help':
      return text(helpSms(context));
    case 'unknown_area':
      return text(unknownAreaSms(context, names));
    case 'alert': {
      const alert = await findCommunityAlert(tx, message.jurisdictionId, message.communityAlertId as string);
      if (!alert) return null;
      const pwud = subscriber.audience === 'people_who_use_drugs';
      if (sms)
        return text(
          `${pwud ? alert.peopleWhoUseDrugsSms : alert.publicSms}${smsStopFooter(context.language)}`,
        );
      return alertEmail(
        context,
        { title: alert.title, message: pwud ? alert.peopleWhoUseDrugsMessage : alert.publicMessage },
        stop,
      );
    }
  }
}

/**
 * Sends one queued message (the outbox's handler): at most once, since the row is locked and its
 * status checked, and the provider gets the message id as its idempotency key for the case where
 * the provider accepted but the answer was lost. An alert for a subscriber who stopped meanwhile
 * is not sent. A failed send is recorded and thrown, so the outbox retries it, up to MESSAGE_ATTEMPTS.
 */
export async function deliverCommunityMessage(
  deps: CommunityDeliveryDependencies,
  event: CommunityMessageEvent,
): Promise<void> {
  const failure = await deps.db.transaction(async (tx): Promise<Error | null> => {
    const message = await lockMessage(tx, event.jurisdiction_id, event.message_id);
    if (message?.status !== 'queued') return null;
    const subscriber = await findSubscriber(tx, message.jurisdictionId, message.subscriberId);
    const jurisdiction = await findJurisdiction(tx, message.jurisdictionId);
    const stoppedSince =
      subscriber?.status === 'stopped' && message.kind !== 'stopped' && message.kind !== 'help';
    if (!subscriber || !jurisdiction || stoppedSince) {
      await recordMessageOutcome(tx, message, {
        status: 'failed',
        error: 'The subscriber stopped before it was sent',
      });
      return null;
    }
    const content = await compose(tx, deps, message, subscriber, {
      sender: jurisdiction.name,
      language: subscriber.language,
    });
    if (!content) {
      await recordMessageOutcome(tx, message, { status: 'failed', error: 'No longer asked for' });
      return null;
    }
    const { address } = deps.keyring.open<{ address: string }>(
      subscriber.addressKeyId,
      subscriber.addressSealed,
    );
    try {
      await deps.channels[message.channel].send({
        to: address,
        subject: content.subject,
        body: content.body,
        idempotencyKey: message.id,
      });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      const attempts = message.attempts;
      await recordMessageOutcome(tx, message, {
        status: attempts + 1 >= MESSAGE_ATTEMPTS ? 'failed' : 'queued',
        error: reason,
      });
      return attempts + 1 >= MESSAGE_ATTEMPTS
        ? null
        : new Error(`Community message ${message.id}: ${reason}`);
    }
    await recordMessageOutcome(tx, message, { status: 'sent', at: deps.clock.now() });
    return null;
  });
  if (failure) throw failure;
}
