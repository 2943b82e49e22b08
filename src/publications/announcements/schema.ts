import { index, json, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * Every announcement made: who, when, for whom, in which language and level, the analyst's message,
 * the public figures as of their week, and the content as worded (`content`), from which its PDF,
 * image and short text are drawn again identically. Public (T0) figures only, so no person is here.
 */
export const announcements = pgTable(
  'announcements',
  {
    jurisdictionId: uuid('jurisdiction_id').notNull(),
    id: uuid('id').notNull(),
    madeAt: timestamp('made_at', { withTimezone: true }).notNull(),
    madeBy: uuid('made_by').notNull(),
    audience: text('audience').notNull(),
    language: text('language').notNull(),
    level: text('level').notNull(),
    /** The public area spoken of (a merged public area's id); null: the whole jurisdiction. */
    areaId: text('area_id'),
    areaName: text('area_name').notNull(),
    /** The public week the figures run to (`2024-W05`). */
    asOfWeek: text('as_of_week').notNull(),
    message: text('message'),
    /** `AnnouncementFigures`: the public figures stated, hidden ones null. */
    figures: json('figures').notNull(),
    /** `AnnouncementContent`: everything printed, as worded. */
    content: json('content').notNull(),
    jurisdictionName: text('jurisdiction_name').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.jurisdictionId, t.id] }),
    index('announcements_made_at_idx').on(t.jurisdictionId, t.madeAt, t.id),
  ],
);
