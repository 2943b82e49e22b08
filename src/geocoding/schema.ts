import { doublePrecision, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * The external geocoder's answers, one per distinct address: the address itself is never stored (it is
 * T3), only its keyed hash, so the cache tells nothing to whoever reads the table without the keys.
 */
export const geocodedAddresses = pgTable(
  'geocoded_addresses',
  {
    jurisdictionId: uuid('jurisdiction_id').notNull(),
    /** HMAC-SHA256 (keyring, purpose "geocoded address") of the address as compared (`addressKey`). */
    addressHash: text('address_hash').notNull(),
    /** The point found; both null when the geocoder knew no such address (asked again after a while). */
    latitude: doublePrecision('latitude'),
    longitude: doublePrecision('longitude'),
    /** Always 'address' for a point found (kept so a coarser answer could be told apart). */
    precision: text('precision').notNull(),
    fetchedAt: timestamp('fetched_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.jurisdictionId, t.addressHash] })],
);
