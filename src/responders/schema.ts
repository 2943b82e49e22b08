import { sql } from 'drizzle-orm';
import {
  boolean,
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

/** Responding units (an engine, a medic unit, a patrol) and the supervisor who offers debriefs. */
export const responderUnits = pgTable(
  'responder_units',
  {
    jurisdictionId: uuid('jurisdiction_id').notNull(),
    id: uuid('id').notNull(),
    organizationId: uuid('organization_id').notNull(),
    /** The unit's code as the organization's reports name it. */
    code: text('code').notNull(),
    name: text('name').notNull(),
    supervisorEmail: text('supervisor_email').notNull(),
    active: boolean('active').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.jurisdictionId, t.id] }),
    uniqueIndex('responder_units_code_idx').on(t.jurisdictionId, t.organizationId, t.code),
  ],
);

/**
 * A unit's exposure to a hard scene (fatal, pediatric, several victims) and only whether its
 * supervisor offered a confidential debrief and whether it was taken up: nothing about anyone's health.
 */
export const responderExposures = pgTable(
  'responder_exposures',
  {
    jurisdictionId: uuid('jurisdiction_id').notNull(),
    id: uuid('id').notNull(),
    unitId: uuid('unit_id').notNull(),
    overdoseId: uuid('overdose_id').notNull(),
    /** `('fatal'|'pediatric'|'multiple_victim')[]`. */
    sceneKinds: json('scene_kinds').notNull(),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
    promptSentAt: timestamp('prompt_sent_at', { withTimezone: true }),
    /** The hash of the one-time link the supervisor answers through. */
    tokenHash: text('token_hash'),
    offerMade: boolean('offer_made'),
    offerAccepted: boolean('offer_accepted'),
    answeredAt: timestamp('answered_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.jurisdictionId, t.id] }),
    uniqueIndex('responder_exposures_scene_idx').on(t.jurisdictionId, t.unitId, t.overdoseId),
    // A supervisor's link is all that names the exposure (she has no login, so no jurisdiction).
    index('responder_exposures_token_idx').on(t.tokenHash).where(sql`${t.tokenHash} is not null`),
  ],
);

/** The peer-support contacts a jurisdiction offers its responders, written into every debrief prompt. */
export const responderPeerContacts = pgTable(
  'responder_peer_contacts',
  {
    jurisdictionId: uuid('jurisdiction_id').notNull(),
    id: uuid('id').notNull(),
    name: text('name').notNull(),
    phone: text('phone'),
    email: text('email'),
    /** The order the prompt lists them in. */
    position: integer('position').notNull(),
  },
  (t) => [primaryKey({ columns: [t.jurisdictionId, t.id] })],
);
