import { sql } from 'drizzle-orm';
import {
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

/**
 * Reports: one record from one source, kept as received (`raw`) with its parsed and normalized fields
 * (`parsed`). Never edited in place: a correction is a new version of the same source record.
 */
export const reports = pgTable(
  'reports',
  {
    jurisdictionId: uuid('jurisdiction_id').notNull(),
    id: uuid('id').notNull(),
    organizationId: uuid('organization_id').notNull(),
    sourceRecordId: text('source_record_id').notNull(),
    version: integer('version').notNull(),
    payloadHash: text('payload_hash').notNull(),
    sourceType: text('source_type').notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
    channel: text('channel').notNull(),
    // json, not jsonb: stored as the text written, which costs a fraction of jsonb's parsing at intake;
    // nothing queries inside these documents.
    raw: json('raw').notNull(),
    parsed: json('parsed').notNull(),
    flags: json('flags'),
    overdoseId: uuid('overdose_id').notNull(),
    personId: uuid('person_id'),
  },
  // Partitioned by received_at, one partition a year (hand-written in drizzle/0047_partition_by_time.sql):
  // the partition key joins the primary and unique keys, as PostgreSQL requires. A source record's
  // version is still written once: intake takes an advisory lock per source (report-repository.ts).
  (t) => [
    primaryKey({ columns: [t.jurisdictionId, t.id, t.receivedAt] }),
    uniqueIndex('reports_source_record_key').on(
      t.jurisdictionId,
      t.organizationId,
      t.sourceRecordId,
      t.version,
      t.receivedAt,
    ),
    index('reports_overdose_idx').on(t.jurisdictionId, t.overdoseId),
    // Repeat overdoses go from a person to the overdoses of the reports that name them.
    index('reports_person_idx').on(t.jurisdictionId, t.personId).where(sql`${t.personId} is not null`),
  ],
);
