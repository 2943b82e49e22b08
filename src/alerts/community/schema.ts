import { sql } from 'drizzle-orm';
import {
  customType,
  index,
  integer,
  json,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

const bytea = customType<{ data: Uint8Array }>({ dataType: () => 'bytea' });

/**
 * People who asked for community alerts, by phone (SMS) or email, with no name. The address is
 * sealed with the keyring and found again by its keyed hash only; nothing else identifies them.
 */
export const communitySubscribers = pgTable(
  'community_subscribers',
  {
    jurisdictionId: uuid('jurisdiction_id').notNull(),
    id: uuid('id').notNull(),
    /** `sms` or `email`. */
    channel: text('channel').notNull(),
    /** The phone number (E.164) or email address, sealed: `{ address }`. */
    addressKeyId: text('address_key_id').notNull(),
    addressSealed: bytea('address_sealed').notNull(),
    /** HMAC of the normalized address under the sealing key (hex): the only way to find it again. */
    addressHash: text('address_hash').notNull(),
    /** `public` or `people_who_use_drugs`: which text of an alert they receive. */
    audience: text('audience').notNull(),
    /** `en` or `es`: the language of the messages SOS writes (confirmations, stop, help). */
    language: text('language').notNull(),
    /** `inquired` (asked for help only), `pending`, `confirmed`, `stopped`. */
    status: text('status').notNull(),
    /** The areas asked for and not yet confirmed (`string[]`), with the audience asked for. */
    requestedAreaIds: json('requested_area_ids'),
    requestedAudience: text('requested_audience'),
    /** The email confirmation link's token, as its SHA-256 only. */
    confirmTokenHash: text('confirm_token_hash'),
    /** Until when a confirmation (reply YES or the link) is accepted. */
    confirmExpiresAt: timestamp('confirm_expires_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    confirmedAt: timestamp('confirmed_at', { withTimezone: true }),
    stoppedAt: timestamp('stopped_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.jurisdictionId, t.id] }),
    uniqueIndex('community_subscribers_address_idx').on(t.jurisdictionId, t.channel, t.addressHash),
    index('community_subscribers_token_idx')
      .on(t.confirmTokenHash)
      .where(sql`${t.confirmTokenHash} is not null`),
  ],
);

/** The areas a confirmed subscriber receives alerts for (areas of one layer). */
export const communitySubscriptionAreas = pgTable(
  'community_subscription_areas',
  {
    jurisdictionId: uuid('jurisdiction_id').notNull(),
    subscriberId: uuid('subscriber_id').notNull(),
    layerId: text('layer_id').notNull(),
    areaId: text('area_id').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.jurisdictionId, t.subscriberId, t.layerId, t.areaId] }),
    index('community_subscription_areas_area_idx').on(t.jurisdictionId, t.layerId, t.areaId),
  ],
);

/**
 * A community alert: one bad-batch warning for some areas, with a text per audience. An analyst
 * approves one version; any change after that makes it a draft again, and only an approved version
 * is sent.
 */
export const communityAlerts = pgTable(
  'community_alerts',
  {
    jurisdictionId: uuid('jurisdiction_id').notNull(),
    id: uuid('id').notNull(),
    /** `draft`, `approved`, `sent`. */
    status: text('status').notNull(),
    /** Counts every change of wording or areas, so an approval names the version it read. */
    version: integer('version').notNull(),
    title: text('title').notNull(),
    layerId: text('layer_id').notNull(),
    /** `string[]`: the areas it warns. */
    areaIds: json('area_ids').notNull(),
    /** The surveillance alert it started from, if any. */
    alertId: uuid('alert_id'),
    /** A drug-checking signal it names (free text id, no key across modules). */
    drugCheckSignalId: text('drug_check_signal_id'),
    publicMessage: text('public_message').notNull(),
    publicSms: text('public_sms').notNull(),
    peopleWhoUseDrugsMessage: text('people_who_use_drugs_message').notNull(),
    peopleWhoUseDrugsSms: text('people_who_use_drugs_sms').notNull(),
    partnersMessage: text('partners_message').notNull(),
    createdBy: uuid('created_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
    approvedBy: uuid('approved_by'),
    approvedAt: timestamp('approved_at', { withTimezone: true }),
    approvedVersion: integer('approved_version'),
    sentBy: uuid('sent_by'),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.jurisdictionId, t.id] }),
    index('community_alerts_created_idx').on(t.jurisdictionId, t.createdAt, t.id),
  ],
);

/**
 * Every message SOS sends a subscriber (confirmation requests, confirmations, stop and help answers,
 * alerts), sent by the outbox. The id is the provider's idempotency key, so a retry never sends twice.
 */
export const communityMessages = pgTable(
  'community_messages',
  {
    jurisdictionId: uuid('jurisdiction_id').notNull(),
    id: uuid('id').notNull(),
    subscriberId: uuid('subscriber_id').notNull(),
    /** `confirm_request`, `confirmed`, `stopped`, `help`, `unknown_area`, `alert`. */
    kind: text('kind').notNull(),
    channel: text('channel').notNull(),
    communityAlertId: uuid('community_alert_id'),
    /** The area names a confirmation request or unknown-area answer is about (`string[]`). */
    areaNames: json('area_names'),
    /** `queued`, `sent`, `failed` (given up after its attempts, or its subscriber stopped first). */
    status: text('status').notNull(),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.jurisdictionId, t.id] }),
    // One alert reaches a subscriber once, however often sending is asked.
    uniqueIndex('community_messages_alert_idx')
      .on(t.jurisdictionId, t.communityAlertId, t.subscriberId)
      .where(sql`${t.communityAlertId} is not null`),
  ],
);
