import { bigint, index, pgTable, primaryKey, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * The live stream's durable log: one row per committed change to a jurisdiction's overdoses,
 * written in the change's transaction. Its position (per jurisdiction, in commit order) is the
 * server-sent event's `id:`, so a client that reconnects to any server resumes where it stopped.
 * Kept for a retention window, then pruned by a job.
 */
export const liveEvents = pgTable(
  'live_events',
  {
    jurisdictionId: uuid('jurisdiction_id').notNull(),
    position: bigint('position', { mode: 'number' }).notNull(),
    overdoseIds: uuid('overdose_ids').array().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.jurisdictionId, t.position] }),
    index('live_events_created').on(t.createdAt),
  ],
);

/**
 * Each jurisdiction's last live event position. Taking the next one locks the row until the
 * transaction ends, so positions are handed out in commit order (no event commits behind one
 * already read) without a cross-tenant sequence.
 */
export const liveEventPositions = pgTable('live_event_positions', {
  jurisdictionId: uuid('jurisdiction_id').primaryKey(),
  lastPosition: bigint('last_position', { mode: 'number' }).notNull(),
});
