import { integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * One row per encryption key rotation: the key it re-seals to and how far the background re-sealing
 * has gone (`done` of `sealed_total` rows; `finished_at` set when no sealed row is left under an
 * older key). The keys are the deployment's, not a jurisdiction's, so the row names none.
 */
export const keyRotations = pgTable('key_rotations', {
  id: uuid('id').primaryKey(),
  newKeyId: text('new_key_id').notNull(),
  startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
  finishedAt: timestamp('finished_at', { withTimezone: true }),
  sealedTotal: integer('sealed_total').notNull(),
  done: integer('done').notNull().default(0),
});
