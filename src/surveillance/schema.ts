import { sql } from 'drizzle-orm';
import {
  boolean,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';

/**
 * Overdoses: the counted unit, one person's suspected overdose at one time and place, built from one
 * or more linked reports. De-identified facts only; the person, if known, is reached through reports.
 */
export const overdoses = pgTable(
  'overdoses',
  {
    jurisdictionId: uuid('jurisdiction_id').notNull(),
    id: uuid('id').notNull(),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
    /** The calendar day in the jurisdiction's time zone: days and weeks are cut there. */
    occurredDate: date('occurred_date').notNull(),
    /** False when the source gave a date without a time of day. */
    timeKnown: boolean('time_known').notNull(),
    latitude: doublePrecision('latitude'),
    longitude: doublePrecision('longitude'),
    address: text('address'),
    h3R7: text('h3_r7'),
    h3R9: text('h3_r9'),
    fatal: boolean('fatal'),
    naloxoneGiven: boolean('naloxone_given'),
    naloxoneDoses: integer('naloxone_doses'),
    naloxoneResponse: text('naloxone_response'),
    age: integer('age'),
    ageBand: text('age_band'),
    sex: text('sex'),
    race: text('race'),
    ethnicity: text('ethnicity'),
    substances: text('substances').array().notNull(),
    disposition: text('disposition'),
    sourceTypes: text('source_types').array().notNull(),
    caseDefinitions: text('case_definitions').array().notNull(),
    reportCount: integer('report_count').notNull(),
    /**
     * 'repeat' when the same person (by match key) had another overdose in the 365 days before,
     * 'first_known' when identified without one, 'unidentified' without a name and birth date.
     * Derived across overdoses, so intake settles it after writing (repeat-overdoses.ts).
     */
    repeatStatus: text('repeat_status').notNull().default('unidentified'),
    /**
     * How exactly the point is known (geocoding/location-precision.ts): rooftop, address, zip, place,
     * county or none. Overdoses written before geocoding have 'rooftop' with a point, 'none' without.
     */
    locationPrecision: text('location_precision').notNull().default('none'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  // Partitioned by occurred_date, one partition a year (hand-written in drizzle/0047_partition_by_time.sql):
  // the partition key joins the primary key, as PostgreSQL requires of a partitioned table's keys.
  (t) => [
    primaryKey({ columns: [t.jurisdictionId, t.id, t.occurredDate] }),
    index('overdoses_date_idx').on(t.jurisdictionId, t.occurredDate),
    // Linkage looks for overdoses in the same or a neighbouring H3 cell within a few hours.
    index('overdoses_cell_time_idx').on(t.jurisdictionId, t.h3R7, t.occurredAt),
    // The unplaced overdoses, listed for analysts and counted per source: few, so a partial index.
    index('overdoses_unplaced_idx')
      .on(t.jurisdictionId, t.occurredAt, t.id)
      .where(sql`${t.locationPrecision} = 'none'`),
  ],
);

/** Layers: sets of polygons (towns, tracts, ZIP codes...) that overdoses are counted by. */
export const layers = pgTable(
  'layers',
  {
    jurisdictionId: uuid('jurisdiction_id').notNull(),
    id: text('id').notNull(),
    name: text('name').notNull(),
    idProperty: text('id_property').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.jurisdictionId, t.id] })],
);

/** Areas: one polygon (or multipolygon) of a layer, with its population when known. */
export const areas = pgTable(
  'areas',
  {
    jurisdictionId: uuid('jurisdiction_id').notNull(),
    layerId: text('layer_id').notNull(),
    areaId: text('area_id').notNull(),
    name: text('name').notNull(),
    population: integer('population'),
    geometry: jsonb('geometry').notNull(),
  },
  (t) => [primaryKey({ columns: [t.jurisdictionId, t.layerId, t.areaId] })],
);

/** The area of each overdose in each layer, assigned at intake. */
export const overdoseAreas = pgTable(
  'overdose_areas',
  {
    jurisdictionId: uuid('jurisdiction_id').notNull(),
    overdoseId: uuid('overdose_id').notNull(),
    layerId: text('layer_id').notNull(),
    areaId: text('area_id').notNull(),
  },
  // Counts by area come from the rollups, so no index by area is kept here (intake writes fewer).
  (t) => [primaryKey({ columns: [t.jurisdictionId, t.overdoseId, t.layerId] })],
);

/**
 * Daily counts per area, source type and outcome, kept current in the intake transaction so that
 * dashboards and detection never scan raw rows. layer_id '' with area_id '' is the whole jurisdiction;
 * layer 'h3r7' holds H3 resolution-7 cells.
 */
export const dailyAreaCounts = pgTable(
  'daily_area_counts',
  {
    jurisdictionId: uuid('jurisdiction_id').notNull(),
    day: date('day').notNull(),
    layerId: text('layer_id').notNull(),
    areaId: text('area_id').notNull(),
    sourceType: text('source_type').notNull(),
    fatal: text('fatal').notNull(),
    count: integer('count').notNull(),
  },
  // Also indexed by (jurisdiction, layer, day) with the other columns included, in hand-written
  // migration 0008 (drizzle-kit cannot declare INCLUDE): dashboards read a layer over a date range.
  (t) => [primaryKey({ columns: [t.jurisdictionId, t.layerId, t.areaId, t.day, t.sourceType, t.fatal] })],
);

/**
 * The area counts summed by calendar month, kept beside the daily ones in the same transaction: a
 * year of a layer is about a twelfth of the rows to read (the whole months of a range come from
 * here, the days at its ends from the daily counts). `month` is the month's first day.
 */
export const monthlyAreaCounts = pgTable(
  'monthly_area_counts',
  {
    jurisdictionId: uuid('jurisdiction_id').notNull(),
    month: date('month').notNull(),
    layerId: text('layer_id').notNull(),
    areaId: text('area_id').notNull(),
    sourceType: text('source_type').notNull(),
    fatal: text('fatal').notNull(),
    count: integer('count').notNull(),
  },
  // Also indexed by (jurisdiction, layer, month) with the other columns included (hand-written in 0010).
  (t) => [primaryKey({ columns: [t.jurisdictionId, t.layerId, t.areaId, t.month, t.sourceType, t.fatal] })],
);

/** Daily jurisdiction-wide counts by one demographic or clinical dimension (sex, age band, substance...). */
export const dailyDimensionCounts = pgTable(
  'daily_dimension_counts',
  {
    jurisdictionId: uuid('jurisdiction_id').notNull(),
    day: date('day').notNull(),
    dimension: text('dimension').notNull(),
    value: text('value').notNull(),
    count: integer('count').notNull(),
  },
  (t) => [primaryKey({ columns: [t.jurisdictionId, t.dimension, t.value, t.day] })],
);

/**
 * When each organization last sent reports, kept in the intake transaction: dashboards show how fresh
 * each source is, so a gap in reporting is not mistaken for a drop in overdoses.
 */
export const sourceActivity = pgTable(
  'source_activity',
  {
    jurisdictionId: uuid('jurisdiction_id').notNull(),
    organizationId: uuid('organization_id').notNull(),
    lastReceivedAt: timestamp('last_received_at', { withTimezone: true }).notNull(),
    /** When a batch last brought an accepted (new or corrected) report; null while all were duplicates or rejected. */
    lastAcceptedAt: timestamp('last_accepted_at', { withTimezone: true }),
    acceptedTotal: integer('accepted_total').notNull(),
    /**
     * The latest occurred_at of any report it sent that was accepted: a file of 2022 records received
     * today is fresh by arrival but says nothing about this week's overdoses.
     */
    newestOccurredAt: timestamp('newest_occurred_at', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.jurisdictionId, t.organizationId] })],
);
