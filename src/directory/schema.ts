import { boolean, integer, json, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * The resource directory in the Open Referral HSDS 3.0 model, one row per HSDS record: the table it
 * belongs to (services, locations, schedules...), its id, and its fields exactly as received (column
 * name to text, as in the tabular package). Keeping the rows as received makes an export equal to
 * the import, keeps fields SOS does not read, and leaves the HSDS JSON Schemas the one judge of
 * validity; readers (search, the map) interpret the few fields they need.
 */
export const directoryRows = pgTable(
  'directory_rows',
  {
    jurisdictionId: uuid('jurisdiction_id').notNull(),
    /** The HSDS table: organizations, services, locations, service_at_location, phones, schedules... */
    hsdsTable: text('hsds_table').notNull(),
    id: text('id').notNull(),
    /** The row's place in its table (export keeps the order of import). */
    position: integer('position').notNull(),
    /** `{ column: text }`: every cell of the row as received ('' for an empty cell). */
    fields: json('fields').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.jurisdictionId, t.hsdsTable, t.id] })],
);

/**
 * What outreach needs of a service beyond HSDS: the needs it meets, medications for opioid use
 * disorder, same-day intake, walk-in hours, today's capacity (updated by the provider), insurance and
 * cost, whether it is a 42 CFR Part 2 program, and the organization of the jurisdiction that answers
 * its referrals.
 */
export const directoryServiceDetails = pgTable(
  'directory_service_details',
  {
    jurisdictionId: uuid('jurisdiction_id').notNull(),
    /** The HSDS service id. */
    serviceId: text('service_id').notNull(),
    /** The jurisdiction's organization whose users and API keys answer referrals and update capacity. */
    providerOrganizationId: uuid('provider_organization_id'),
    /** The needs met, in the outreach services' words (moud, housing, food, transport...). */
    needs: json('needs').notNull(),
    /** `('buprenorphine'|'methadone'|'naltrexone')[]`. */
    moud: json('moud').notNull(),
    sameDayIntake: boolean('same_day_intake').notNull().default(false),
    /** Walk-in hours in words ("Mon-Fri 8-11 am"); open-now reads HSDS schedules. */
    walkInHours: text('walk_in_hours'),
    /** 'available', 'limited', 'waitlist', 'full' or 'unknown'. */
    capacityStatus: text('capacity_status').notNull().default('unknown'),
    /** Days of waiting today, when on a waitlist. */
    waitlistDays: integer('waitlist_days'),
    capacityUpdatedAt: timestamp('capacity_updated_at', { withTimezone: true }),
    /** Who updated capacity last ('user:<id>' or 'api_key:<id>'). */
    capacityUpdatedBy: text('capacity_updated_by'),
    /** `('medicaid'|'medicare'|'private'|'uninsured'|'sliding_scale'|'free')[]`. */
    insurance: json('insurance').notNull(),
    cost: text('cost'),
    /** A 42 CFR Part 2 program: its records are labelled and disclosed only with written consent. */
    part2Program: boolean('part2_program').notNull().default(false),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.jurisdictionId, t.serviceId] })],
);
