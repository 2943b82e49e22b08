import { pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * The coercive-acts register: warrant checks, arrests and involuntary commitment petitions tied to
 * outreach, recorded only as exceptional acts with who did it, when, why and under which written
 * policy. A module and table of its own: outreach never reads it and it never feeds a case; the
 * program's oversight reads it; program metrics receive only its counts.
 */
export const coerciveActs = pgTable(
  'coercive_acts',
  {
    jurisdictionId: uuid('jurisdiction_id').notNull(),
    id: uuid('id').notNull(),
    programId: uuid('program_id').notNull(),
    /** 'warrant_check', 'arrest' or 'involuntary_commitment_petition'. */
    kind: text('kind').notNull(),
    performedAt: timestamp('performed_at', { withTimezone: true }).notNull(),
    /** Who performed it: name and agency, as written. */
    performedBy: text('performed_by').notNull(),
    justification: text('justification').notNull(),
    /** The written policy the act rests on (its title or reference). */
    policyReference: text('policy_reference').notNull(),
    recordedBy: uuid('recorded_by').notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.jurisdictionId, t.id] })],
);
