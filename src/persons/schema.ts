import { customType, index, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

const bytea = customType<{ data: Uint8Array }>({ dataType: () => 'bytea' });

/**
 * Persons: identifiable individuals, apart from overdoses. Every identifying field is inside `sealed`,
 * encrypted with AES-256-GCM under the key named by `key_id` (so keys can be rotated).
 */
export const persons = pgTable(
  'persons',
  {
    jurisdictionId: uuid('jurisdiction_id').notNull(),
    id: uuid('id').notNull(),
    keyId: text('key_id').notNull(),
    sealed: bytea('sealed').notNull(),
    /**
     * A keyed hash (HMAC) of the normalized name and birth date, so two reports of one person can be
     * matched without opening either (see person-match.ts); null when a name or birth date is missing.
     */
    matchKey: bytea('match_key'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.jurisdictionId, t.id] }),
    index('persons_match_key_idx').on(t.jurisdictionId, t.matchKey),
  ],
);
