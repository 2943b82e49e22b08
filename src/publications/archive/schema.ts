import {
  customType,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

const bytea = customType<{ data: Uint8Array }>({ dataType: () => 'bytea' });

/**
 * The report archive: every weekly report file made, by a schedule or by hand, kept as made (bytes,
 * SHA-256, size) with the week and audience it is about. Listing reads every column but the bytes.
 */
export const reportArchive = pgTable(
  'report_archive',
  {
    jurisdictionId: uuid('jurisdiction_id').notNull(),
    id: uuid('id').notNull(),
    audience: text('audience').notNull(),
    /** The MMWR week, `2024-W05`. */
    week: text('week').notNull(),
    format: text('format').notNull(),
    contentType: text('content_type').notNull(),
    fileName: text('file_name').notNull(),
    bytes: bytea('bytes').notNull(),
    sha256: text('sha256').notNull(),
    size: integer('size').notNull(),
    madeAt: timestamp('made_at', { withTimezone: true }).notNull(),
    /** The user who asked for it; null for the scheduler. */
    madeBy: text('made_by'),
    scheduleId: uuid('schedule_id'),
  },
  (t) => [
    primaryKey({ columns: [t.jurisdictionId, t.id] }),
    uniqueIndex('report_archive_made_idx').on(t.jurisdictionId, t.audience, t.week, t.format, t.madeAt),
    // The archive is read newest first.
    index('report_archive_newest_idx').on(t.jurisdictionId, t.madeAt, t.id),
  ],
);
