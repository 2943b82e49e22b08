import { date, index, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/**
 * Results from drug-checking services and lab-confirmed seizures: a source of their own (not reports,
 * not overdoses). Kept by week only: the day given is coarsened to its week's Sunday at intake, a
 * point to its areas, and neither is stored. No timestamp column either (the id is random, not
 * time-ordered), so nothing finer than area x week can be read back from a row.
 */
export const drugCheckResults = pgTable(
  'drug_check_results',
  {
    jurisdictionId: uuid('jurisdiction_id').notNull(),
    id: uuid('id').notNull(),
    organizationId: uuid('organization_id').notNull(),
    /** The sender's own id of the result: a result sent again with it is the same result. */
    sourceId: text('source_id').notNull(),
    /** 'drug_check' or 'seizure'. */
    kind: text('kind').notNull(),
    /** 'test_strip', 'ftir', 'mass_spectrometry', 'other'; seizures 'lab_confirmed'. */
    method: text('method').notNull(),
    /** What the sample was sold as (a vocabulary code, or the words as written when unknown). */
    soldAs: text('sold_as'),
    /** The substances found, as vocabulary codes. */
    substances: text('substances').array().notNull(),
    /** Names found that the vocabulary does not know, kept as written for the vocabulary's keepers. */
    unknownSubstances: text('unknown_substances').array().notNull(),
    /** The Sunday starting the MMWR week the sample was collected in (the jurisdiction's calendar). */
    weekStart: date('week_start').notNull(),
    /** A digest of the fields above: the same result sent again is a duplicate, a changed one an update. */
    contentHash: text('content_hash').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.jurisdictionId, t.id] }),
    uniqueIndex('drug_check_results_source_idx').on(t.jurisdictionId, t.organizationId, t.sourceId),
    index('drug_check_results_week_idx').on(t.jurisdictionId, t.weekStart),
  ],
);

/** The area of a result in each layer (one, when the sender named an area; every layer a point fell in). */
export const drugCheckResultAreas = pgTable(
  'drug_check_result_areas',
  {
    jurisdictionId: uuid('jurisdiction_id').notNull(),
    resultId: uuid('result_id').notNull(),
    layerId: text('layer_id').notNull(),
    areaId: text('area_id').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.jurisdictionId, t.resultId, t.layerId] }),
    index('drug_check_result_areas_area_idx').on(t.jurisdictionId, t.layerId, t.areaId),
  ],
);
