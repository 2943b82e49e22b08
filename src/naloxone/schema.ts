import {
  boolean,
  date,
  doublePrecision,
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
 * Naloxone kits an organization distributed in one area over a day or a week, as it sent them:
 * kits only, never who received them. Idempotent on (organization, source id): a resend replaces.
 */
export const naloxoneDistributions = pgTable(
  'naloxone_distributions',
  {
    jurisdictionId: uuid('jurisdiction_id').notNull(),
    id: uuid('id').notNull(),
    organizationId: uuid('organization_id').notNull(),
    /** The sender's own id of the record. */
    sourceId: text('source_id').notNull(),
    /** `vending_machine`, `pharmacy`, `outreach`, ... (see naloxone-vocabulary.ts). */
    siteType: text('site_type').notNull(),
    layerId: text('layer_id').notNull(),
    areaId: text('area_id').notNull(),
    /** The day given, or the first day of the week given. */
    distributedOn: date('distributed_on').notNull(),
    /** Whether the sender gave a day or a week. */
    datePrecision: text('date_precision').notNull(),
    /** The Sunday that opens the MMWR week of `distributed_on`, by which kits are published. */
    weekStart: date('week_start').notNull(),
    kits: integer('kits').notNull(),
    dosesPerKit: integer('doses_per_kit'),
    /** The access point the kits left from, when the sender named one. */
    accessPointId: uuid('access_point_id'),
    channel: text('channel').notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.jurisdictionId, t.id] }),
    uniqueIndex('naloxone_distributions_source_idx').on(t.jurisdictionId, t.organizationId, t.sourceId),
    index('naloxone_distributions_week_idx').on(t.jurisdictionId, t.layerId, t.weekStart),
  ],
);

/** A place where naloxone can be had: a pharmacy, a vending machine, a program's office... */
export const naloxoneAccessPoints = pgTable(
  'naloxone_access_points',
  {
    jurisdictionId: uuid('jurisdiction_id').notNull(),
    id: uuid('id').notNull(),
    name: text('name').notNull(),
    siteType: text('site_type').notNull(),
    address: text('address'),
    latitude: doublePrecision('latitude').notNull(),
    longitude: doublePrecision('longitude').notNull(),
    /** The area of the point in the jurisdiction's mapped layer, placed when it was saved. */
    layerId: text('layer_id'),
    areaId: text('area_id'),
    /** Weekly opening hours: `{ byday, opens_at, closes_at }[]`, read like the directory's schedules. */
    hours: json('hours').notNull(),
    active: boolean('active').notNull().default(true),
    /** The organization that runs the point (a vending machine's API key reports its stock). */
    organizationId: uuid('organization_id'),
    /** A vending machine is low when it holds this many kits or fewer. */
    lowStockKits: integer('low_stock_kits').notNull().default(5),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.jurisdictionId, t.id] })],
);

/** What a vending machine held when it was checked, and whether it was restocked then. */
export const naloxoneStockReports = pgTable(
  'naloxone_stock_reports',
  {
    jurisdictionId: uuid('jurisdiction_id').notNull(),
    id: uuid('id').notNull(),
    accessPointId: uuid('access_point_id').notNull(),
    reportedAt: timestamp('reported_at', { withTimezone: true }).notNull(),
    kitsLeft: integer('kits_left').notNull(),
    restocked: boolean('restocked').notNull(),
    channel: text('channel').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.jurisdictionId, t.id] }),
    index('naloxone_stock_reports_point_idx').on(t.jurisdictionId, t.accessPointId, t.reportedAt),
  ],
);
