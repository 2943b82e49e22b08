import { randomUUID } from 'node:crypto';
import { recordAuditEntries } from '../../access/audit/audit-log.js';
import { authorize } from '../../access/authorize.js';
import type { Jurisdiction } from '../../access/jurisdictions/jurisdiction.js';
import { findJurisdiction, listJurisdictions } from '../../access/jurisdictions/jurisdiction-service.js';
import { type Actor, auditActor } from '../../access/roles.js';
import type { Clock } from '../../platform/clock.js';
import type { Database, Queryable } from '../../platform/database.js';
import { SosError } from '../../platform/errors.js';
import type { Keyring } from '../../platform/keyring.js';
import { queueMessages } from './community-message-queue.js';
import {
  CONFIRM_HOURS,
  type CommunityChannel,
  type CommunityLanguage,
  type SubscriberAudience,
} from './community-vocabulary.js';
import { addressHashes, normalizeAddress, normalizePhone } from './contact-address.js';
import { readSmsKeyword } from './sms-keywords.js';
import {
  confirmSubscriberRequest,
  insertSubscriber,
  lockSubscriber,
  lockSubscriberByAddress,
  lockSubscriberByToken,
  type SubscriberRow,
  stopSubscriber,
  subscriberAreaIds,
  updateSubscriberRequest,
} from './subscriber-repository.js';
import { areasByName, pickAreas, type SubscriptionAreas, subscriptionAreas } from './subscription-areas.js';
import { CONFIRM_TOKEN_PATTERN, hashConfirmToken, stopCodeMatches } from './subscription-links.js';

/** What subscriptions need. */
export interface SubscriptionDependencies {
  db: Database;
  clock: Clock;
  keyring: Keyring;
}

/** A jurisdiction by id or short name, else UNKNOWN_JURISDICTION. */
async function jurisdictionNamed(db: Queryable, idOrShortName: string): Promise<Jurisdiction> {
  const jurisdiction = await findJurisdiction(db, idOrShortName);
  if (!jurisdiction) throw new SosError('UNKNOWN_JURISDICTION', `No jurisdiction "${idOrShortName}"`);
  return jurisdiction;
}

/** The areas to subscribe by, else COMMUNITY_ALERTS_NO_AREAS (a jurisdiction with no layer yet). */
async function areasOf(db: Queryable, jurisdictionId: string): Promise<SubscriptionAreas> {
  const layer = await subscriptionAreas(db, jurisdictionId);
  if (!layer || layer.areas.length === 0) throw new SosError('COMMUNITY_ALERTS_NO_AREAS');
  return layer;
}

/** The subscriber of an address, locked, or a new one (sealed) with this status. */
async function subscriberOf(
  tx: Queryable,
  deps: SubscriptionDependencies,
  jurisdictionId: string,
  contact: { channel: CommunityChannel; address: string; language: CommunityLanguage },
): Promise<{ subscriber: SubscriberRow; created: boolean }> {
  const hashes = addressHashes(deps.keyring, contact.channel, contact.address);
  const found = await lockSubscriberByAddress(tx, jurisdictionId, contact.channel, hashes);
  if (found) return { subscriber: found, created: false };
  const sealed = deps.keyring.seal({ address: contact.address });
  const subscriber: SubscriberRow = {
    jurisdictionId,
    id: randomUUID(),
    channel: contact.channel,
    addressKeyId: sealed.keyId,
    addressSealed: sealed.sealed,
    audience: 'public',
    language: contact.language,
    status: 'inquired',
    requestedAreaIds: null,
    requestedAudience: null,
    confirmTokenHash: null,
    confirmExpiresAt: null,
  };
  await insertSubscriber(tx, {
    ...subscriber,
    addressHash: hashes[0] as string,
    createdAt: deps.clock.now(),
  });
  return { subscriber, created: true };
}

/** Audits a subscriber's step: ids and counts only, never the address. */
async function audit(
  tx: Queryable,
  actor: Actor,
  subscriber: SubscriberRow,
  at: Date,
  action: string,
  details: Record<string, unknown> = {},
): Promise<void> {
  await recordAuditEntries(tx, subscriber.jurisdictionId, at, [
    {
      ...auditActor(actor),
      action: `community_subscribers.${action}`,
      subjectType: 'community_subscribers',
      subjectId: subscriber.id,
      purpose: null,
      details: { channel: subscriber.channel, ...details },
    },
  ]);
}

/**
 * Asks a subscriber to confirm these areas (double opt-in): the request waits CONFIRM_HOURS; a
 * confirmed subscriber keeps receiving for their current areas until they confirm the new ones.
 */
async function askConfirmation(
  tx: Queryable,
  deps: SubscriptionDependencies,
  actor: Actor,
  subscriber: SubscriberRow,
  request: {
    areas: { id: string; name: string }[];
    audience: SubscriberAudience;
    language: CommunityLanguage;
  },
): Promise<void> {
  const now = deps.clock.now();
  await updateSubscriberRequest(tx, subscriber.jurisdictionId, subscriber.id, {
    status: subscriber.status === 'confirmed' ? 'confirmed' : 'pending',
    language: request.language,
    areaIds: request.areas.map((a) => a.id),
    audience: request.audience,
    tokenHash: null,
    expiresAt: new Date(now.getTime() + CONFIRM_HOURS * 3_600_000),
  });
  await queueMessages(tx, subscriber.jurisdictionId, now, [
    {
      subscriberId: subscriber.id,
      channel: subscriber.channel,
      kind: 'confirm_request',
      areaNames: request.areas.map((a) => a.name),
    },
  ]);
  await audit(tx, actor, subscriber, now, 'request', { areas: request.areas.length });
}

/** Whether a subscriber has a request to confirm that has not expired. */
function requestOpen(subscriber: SubscriberRow, now: Date): boolean {
  return (
    subscriber.requestedAreaIds !== null &&
    subscriber.confirmExpiresAt !== null &&
    subscriber.confirmExpiresAt.getTime() >= now.getTime()
  );
}

/** Confirms a subscriber's open request: the areas asked for replace theirs, and they are told. */
async function confirmRequest(
  tx: Queryable,
  deps: SubscriptionDependencies,
  actor: Actor,
  subscriber: SubscriberRow,
): Promise<void> {
  const now = deps.clock.now();
  const layer = await areasOf(tx, subscriber.jurisdictionId);
  const areas = layer.areas.filter((a) => (subscriber.requestedAreaIds ?? []).includes(a.id));
  await confirmSubscriberRequest(tx, subscriber, {
    audience: subscriber.requestedAudience ?? subscriber.audience,
    layerId: layer.layerId,
    areaIds: areas.map((a) => a.id),
    at: now,
  });
  await queueMessages(tx, subscriber.jurisdictionId, now, [
    {
      subscriberId: subscriber.id,
      channel: subscriber.channel,
      kind: 'confirmed',
      areaNames: areas.map((a) => a.name),
    },
  ]);
  await audit(tx, actor, subscriber, now, 'confirm', { areas: areas.length });
}

/** Stops a subscriber at once and tells them once: a second stop sends nothing. */
async function stop(
  tx: Queryable,
  deps: SubscriptionDependencies,
  actor: Actor,
  subscriber: SubscriberRow,
): Promise<boolean> {
  if (subscriber.status === 'stopped') return false;
  const now = deps.clock.now();
  await stopSubscriber(tx, subscriber, now);
  await queueMessages(tx, subscriber.jurisdictionId, now, [
    { subscriberId: subscriber.id, channel: subscriber.channel, kind: 'stopped' },
  ]);
  await audit(tx, actor, subscriber, now, 'stop');
  return true;
}

/** Answers with who sends and how to stop (allowed even after a stop, as carriers require). */
async function help(
  tx: Queryable,
  deps: SubscriptionDependencies,
  actor: Actor,
  subscriber: SubscriberRow,
): Promise<void> {
  const now = deps.clock.now();
  await queueMessages(tx, subscriber.jurisdictionId, now, [
    { subscriberId: subscriber.id, channel: subscriber.channel, kind: 'help' },
  ]);
  await audit(tx, actor, subscriber, now, 'help');
}

/** A request for alerts from the public page. */
export interface SubscriptionRequest {
  jurisdiction: string;
  channel: CommunityChannel;
  /** The phone number or email address as typed. */
  address: string;
  areaIds: string[];
  audience: SubscriberAudience;
  language: CommunityLanguage;
}

/**
 * Someone asks, on the public page, for alerts for areas by SMS or email: a confirmation request is
 * sent (reply YES, or a link), and nothing more until it is confirmed. The answer is the same whether
 * the address was known or not, so the page tells no one who subscribes.
 */
export async function requestSubscription(
  deps: SubscriptionDependencies,
  actor: Actor,
  request: SubscriptionRequest,
): Promise<void> {
  authorize(actor, 'community_alert.subscribe');
  const address = normalizeAddress(request.channel, request.address);
  const jurisdiction = await jurisdictionNamed(deps.db, request.jurisdiction);
  const layer = await areasOf(deps.db, jurisdiction.id);
  if (request.areaIds.length === 0)
    throw new SosError('VALIDATION_FAILED', 'Choose at least one area', { field: 'area_ids' });
  const areas = pickAreas(layer, request.areaIds, 'area_ids');
  await deps.db.transaction(async (tx) => {
    const { subscriber } = await subscriberOf(tx, deps, jurisdiction.id, {
      channel: request.channel,
      address,
      language: request.language,
    });
    await askConfirmation(tx, deps, actor, subscriber, {
      areas,
      audience: request.audience,
      language: request.language,
    });
  });
}

/** The jurisdiction an inbound text is for: named by the provider's webhook URL, else the only one. */
async function inboundJurisdiction(db: Queryable, named: string | null): Promise<Jurisdiction> {
  if (named !== null) return jurisdictionNamed(db, named);
  const all = await listJurisdictions(db);
  if (all.length !== 1)
    throw new SosError(
      'VALIDATION_FAILED',
      'This deployment has several jurisdictions: the SMS webhook URL must name one (?jurisdiction=...)',
      { field: 'jurisdiction' },
    );
  return all[0] as Jurisdiction;
}

/** What an inbound text did, for the provider's answer (no address, no text). */
export type InboundOutcome =
  | 'stopped'
  | 'already_stopped'
  | 'help'
  | 'confirmed'
  | 'confirm_requested'
  | 'unknown_area'
  | 'ignored';

/**
 * Handles a text message from a phone (the provider's webhook, signature already checked): STOP and
 * its synonyms stop at once, HELP answers, JOIN <areas> asks to confirm, YES confirms an open request,
 * and START or YES after a stop asks to confirm the former areas again. Anything else gets the help text.
 */
export async function handleInboundSms(
  deps: SubscriptionDependencies,
  actor: Actor,
  message: { jurisdiction: string | null; from: string; body: string },
): Promise<InboundOutcome> {
  authorize(actor, 'community_alert.subscribe');
  const phone = normalizePhone(message.from);
  const jurisdiction = await inboundJurisdiction(deps.db, message.jurisdiction);
  const layer = await areasOf(deps.db, jurisdiction.id);
  const keyword = readSmsKeyword(message.body);
  const language = keyword.kind === 'unknown' ? 'en' : keyword.language;
  return deps.db.transaction(async (tx): Promise<InboundOutcome> => {
    const hashes = addressHashes(deps.keyring, 'sms', phone);
    const known = await lockSubscriberByAddress(tx, jurisdiction.id, 'sms', hashes);
    if (keyword.kind === 'stop') {
      // A stop from a number we never wrote to needs no answer and keeps nothing.
      if (!known) return 'ignored';
      return (await stop(tx, deps, actor, known)) ? 'stopped' : 'already_stopped';
    }
    const { subscriber } = known
      ? { subscriber: known }
      : await subscriberOf(tx, deps, jurisdiction.id, { channel: 'sms', address: phone, language });
    const now = deps.clock.now();
    if (keyword.kind === 'join' && keyword.areaNames.length > 0) {
      const { found, unknown } = areasByName(layer, keyword.areaNames);
      if (unknown.length > 0) {
        await queueMessages(tx, jurisdiction.id, now, [
          { subscriberId: subscriber.id, channel: 'sms', kind: 'unknown_area', areaNames: unknown },
        ]);
        await audit(tx, actor, subscriber, now, 'unknown_area', { names: unknown.length });
        return 'unknown_area';
      }
      await askConfirmation(tx, deps, actor, subscriber, {
        areas: found,
        audience: subscriber.audience,
        language,
      });
      return 'confirm_requested';
    }
    if (keyword.kind === 'yes') {
      if (subscriber.status !== 'stopped' && requestOpen(subscriber, now)) {
        await confirmRequest(tx, deps, actor, subscriber);
        return 'confirmed';
      }
      // After a stop, or once a request expired, YES or START asks again for the areas they had.
      const former =
        subscriber.requestedAreaIds ?? (await subscriberAreaIds(tx, jurisdiction.id, subscriber.id));
      const areas = layer.areas.filter((a) => former.includes(a.id));
      if (subscriber.status !== 'confirmed' && areas.length > 0) {
        await askConfirmation(tx, deps, actor, subscriber, {
          areas,
          audience: subscriber.requestedAudience ?? subscriber.audience,
          language,
        });
        return 'confirm_requested';
      }
      if (subscriber.status === 'confirmed') return 'ignored';
    }
    await help(tx, deps, actor, subscriber);
    return 'help';
  });
}

/** What a confirmation link is about, for its page. */
export interface ConfirmationView {
  jurisdictionName: string;
  language: CommunityLanguage;
  areaNames: string[];
}

/** The subscriber of a confirmation link, locked; NOT_FOUND for a link that is not (or no longer) valid. */
async function subscriberOfLink(tx: Queryable, token: string): Promise<SubscriberRow> {
  const subscriber = CONFIRM_TOKEN_PATTERN.test(token)
    ? await lockSubscriberByToken(tx, hashConfirmToken(token))
    : null;
  if (!subscriber) throw new SosError('NOT_FOUND', 'This confirmation link is not valid');
  return subscriber;
}

/** What an email confirmation link would confirm (the page shows it with a button; opening it confirms nothing). */
export async function readConfirmation(
  deps: SubscriptionDependencies,
  actor: Actor,
  token: string,
): Promise<ConfirmationView> {
  authorize(actor, 'community_alert.subscribe');
  return deps.db.transaction(async (tx) => {
    const subscriber = await subscriberOfLink(tx, token);
    if (!requestOpen(subscriber, deps.clock.now())) throw new SosError('COMMUNITY_CONFIRMATION_EXPIRED');
    const jurisdiction = await jurisdictionNamed(tx, subscriber.jurisdictionId);
    const layer = await areasOf(tx, subscriber.jurisdictionId);
    return {
      jurisdictionName: jurisdiction.name,
      language: subscriber.language,
      areaNames: layer.areas
        .filter((a) => (subscriber.requestedAreaIds ?? []).includes(a.id))
        .map((a) => a.name),
    };
  });
}

/** Confirms through the email link (once: the link is void after). */
export async function confirmByLink(
  deps: SubscriptionDependencies,
  actor: Actor,
  token: string,
): Promise<ConfirmationView> {
  authorize(actor, 'community_alert.subscribe');
  return deps.db.transaction(async (tx) => {
    const subscriber = await subscriberOfLink(tx, token);
    if (!requestOpen(subscriber, deps.clock.now())) throw new SosError('COMMUNITY_CONFIRMATION_EXPIRED');
    const jurisdiction = await jurisdictionNamed(tx, subscriber.jurisdictionId);
    const layer = await areasOf(tx, subscriber.jurisdictionId);
    const areaNames = layer.areas
      .filter((a) => (subscriber.requestedAreaIds ?? []).includes(a.id))
      .map((a) => a.name);
    await confirmRequest(tx, deps, actor, subscriber);
    return { jurisdictionName: jurisdiction.name, language: subscriber.language, areaNames };
  });
}

/** Stops through an email's stop link (its code is a keyed hash of the ids); NOT_FOUND when it is not one. */
export async function stopByLink(
  deps: SubscriptionDependencies,
  actor: Actor,
  link: { jurisdictionId: string; subscriberId: string; code: string },
): Promise<{ language: CommunityLanguage }> {
  authorize(actor, 'community_alert.subscribe');
  if (!stopCodeMatches(deps.keyring, link.jurisdictionId, link.subscriberId, link.code))
    throw new SosError('NOT_FOUND', 'This stop link is not valid');
  return deps.db.transaction(async (tx) => {
    const subscriber = await lockSubscriber(tx, link.jurisdictionId, link.subscriberId);
    if (!subscriber) throw new SosError('NOT_FOUND', 'This stop link is not valid');
    await stop(tx, deps, actor, subscriber);
    return { language: subscriber.language };
  });
}

/** What the public sign-up page offers: the jurisdiction's name and its areas. */
export async function readSubscriptionChoices(
  deps: SubscriptionDependencies,
  actor: Actor,
  jurisdiction: string,
): Promise<{ jurisdiction: Jurisdiction; areas: { id: string; name: string }[] }> {
  authorize(actor, 'community_alert.subscribe');
  const found = await jurisdictionNamed(deps.db, jurisdiction);
  return { jurisdiction: found, areas: (await areasOf(deps.db, found.id)).areas };
}
