import type { LocationPrecision } from '../geocoding/location-precision.js';
import { arrayLiteral, copyLine, copyValue } from '../platform/copy-text.js';
import type { Queryable } from '../platform/database.js';
import type { AreaAssignment } from './area-locator.js';
import type { OverdoseRecord } from './overdose-record.js';
import type { AreaRows, RollupDelta } from './rollup-increments.js';

const OVERDOSE_COLUMNS = [
  'jurisdiction_id',
  'created_at',
  'updated_at',
  'id',
  'occurred_at',
  'occurred_date',
  'time_known',
  'latitude',
  'longitude',
  'address',
  'h3_r7',
  'h3_r9',
  'fatal',
  'naloxone_given',
  'naloxone_doses',
  'naloxone_response',
  'age',
  'age_band',
  'sex',
  'race',
  'ethnicity',
  'substances',
  'disposition',
  'source_types',
  'case_definitions',
  'report_count',
  'repeat_status',
  'location_precision',
] as const;

/** An overdose as COPY text: its own line and one line per area it lies in. */
export interface OverdoseLines {
  overdose: string;
  areas: string;
}

/** The COPY lines of an overdose; `prefix` is `overdoseLinePrefix`'s, the same for a whole batch. */
export function overdoseLines(prefix: string, jurisdictionId: string, o: OverdoseRecord): OverdoseLines {
  let areas = '';
  for (const a of o.areas)
    areas += `${jurisdictionId}\t${o.id}\t${copyValue(a.layerId)}\t${copyValue(a.areaId)}\n`;
  const overdose = copyLine([
    o.id,
    o.occurredAt,
    o.occurredDate,
    o.timeKnown,
    o.latitude,
    o.longitude,
    o.address,
    o.h3R7,
    o.h3R9,
    o.fatal,
    o.naloxoneGiven,
    o.naloxoneDoses,
    o.naloxoneResponse,
    o.age,
    o.ageBand,
    o.sex,
    o.race,
    o.ethnicity,
    o.substances,
    o.disposition,
    o.sourceTypes,
    o.caseDefinitions,
    o.reportCount,
    o.repeatStatus,
    o.locationPrecision,
  ]);
  return { overdose: prefix + overdose, areas };
}

/** The COPY text that starts every overdose line written at one time in one jurisdiction. */
export function overdoseLinePrefix(jurisdictionId: string, now: Date): string {
  const at = now.toISOString();
  return `${jurisdictionId}\t${at}\t${at}\t`;
}

/** Appends overdoses and their area links written as COPY lines (intake's bulk path). */
export async function insertOverdoseLines(
  tx: Queryable,
  lines: { overdose: string | Uint8Array; areas: string | Uint8Array },
): Promise<void> {
  await tx.copyLines('overdoses', OVERDOSE_COLUMNS, lines.overdose);
  await tx.copyLines(
    'overdose_areas',
    ['jurisdiction_id', 'overdose_id', 'layer_id', 'area_id'],
    lines.areas,
  );
}

/** Replaces an overdose's facts and areas (after a correction or a newly linked report). */
export async function replaceOverdose(
  tx: Queryable,
  jurisdictionId: string,
  overdose: OverdoseRecord,
  now: Date,
): Promise<void> {
  await deleteOverdose(tx, jurisdictionId, overdose.id);
  await insertOverdoseLines(
    tx,
    overdoseLines(overdoseLinePrefix(jurisdictionId, now), jurisdictionId, overdose),
  );
}

/** Deletes an overdose and its areas (merged into another one). */
export async function deleteOverdose(tx: Queryable, jurisdictionId: string, id: string): Promise<void> {
  await tx.query('delete from overdose_areas where jurisdiction_id = $1 and overdose_id = $2', [
    jurisdictionId,
    id,
  ]);
  await tx.query('delete from overdoses where jurisdiction_id = $1 and id = $2', [jurisdictionId, id]);
}

/** Reads overdoses back as written (for corrections and linkage). */
export async function readOverdoses(
  tx: Queryable,
  jurisdictionId: string,
  ids: string[],
): Promise<OverdoseRecord[]> {
  if (ids.length === 0) return [];
  const rows = await tx.query<Record<string, unknown>>(
    `select o.*, coalesce((select json_agg(json_build_object('layerId', a.layer_id, 'areaId', a.area_id)
        order by a.layer_id) from overdose_areas a
        where a.jurisdiction_id = o.jurisdiction_id and a.overdose_id = o.id), '[]') as areas
     from overdoses o where o.jurisdiction_id = $1 and o.id = any($2::uuid[])`,
    [jurisdictionId, ids],
  );
  return rows.map((r) => ({
    id: r.id as string,
    occurredAt: new Date(r.occurred_at as string),
    occurredDate: r.occurred_date as string,
    timeKnown: r.time_known as boolean,
    latitude: r.latitude as number | null,
    longitude: r.longitude as number | null,
    address: r.address as string | null,
    h3R7: r.h3_r7 as string | null,
    h3R9: r.h3_r9 as string | null,
    fatal: r.fatal as boolean | null,
    naloxoneGiven: r.naloxone_given as boolean | null,
    naloxoneDoses: r.naloxone_doses as number | null,
    naloxoneResponse: r.naloxone_response as string | null,
    age: r.age as number | null,
    ageBand: r.age_band as string | null,
    sex: r.sex as string | null,
    race: r.race as string | null,
    ethnicity: r.ethnicity as string | null,
    substances: r.substances as string[],
    disposition: r.disposition as string | null,
    sourceTypes: r.source_types as string[],
    caseDefinitions: r.case_definitions as string[],
    reportCount: r.report_count as number,
    repeatStatus: r.repeat_status as string,
    locationPrecision: r.location_precision as LocationPrecision,
    areas: (typeof r.areas === 'string' ? JSON.parse(r.areas) : r.areas) as AreaAssignment[],
  }));
}

/**
 * Adds a batch's rollup changes in three statements (upserts that add to the stored counts). The arrays
 * go as literals written here: the driver's own array quoting cost more than the upserts' JS.
 */
export async function applyRollupDelta(
  tx: Queryable,
  jurisdictionId: string,
  delta: RollupDelta,
): Promise<void> {
  const area = delta.areaRows();
  if (area.counts.length > 0) {
    await upsertAreaCounts(tx, jurisdictionId, 'daily_area_counts', 'day', area);
    await upsertAreaCounts(tx, jurisdictionId, 'monthly_area_counts', 'month', delta.monthlyAreaRows());
  }
  const dimension = delta.dimensionRows();
  if (dimension.counts.length > 0) {
    await tx.query(
      `insert into daily_dimension_counts (jurisdiction_id, dimension, value, day, count)
       select $1, * from unnest($2::text[], $3::text[], $4::date[], $5::int[])
       on conflict (jurisdiction_id, dimension, value, day)
       do update set count = daily_dimension_counts.count + excluded.count`,
      [
        jurisdictionId,
        arrayLiteral(dimension.dimensions),
        arrayLiteral(dimension.values),
        arrayLiteral(dimension.days),
        `{${dimension.counts.join(',')}}`,
      ],
    );
  }
}

/** Adds area-count changes to the daily or the monthly table. */
async function upsertAreaCounts(
  tx: Queryable,
  jurisdictionId: string,
  table: 'daily_area_counts' | 'monthly_area_counts',
  period: 'day' | 'month',
  rows: AreaRows,
): Promise<void> {
  await tx.query(
    `insert into ${table} (jurisdiction_id, layer_id, area_id, ${period}, source_type, fatal, count)
     select $1, * from unnest($2::text[], $3::text[], $4::date[], $5::text[], $6::text[], $7::int[])
     on conflict (jurisdiction_id, layer_id, area_id, ${period}, source_type, fatal)
     do update set count = ${table}.count + excluded.count`,
    [
      jurisdictionId,
      arrayLiteral(rows.layerIds),
      arrayLiteral(rows.areaIds),
      arrayLiteral(rows.days),
      arrayLiteral(rows.sourceTypes),
      arrayLiteral(rows.fatal),
      `{${rows.counts.join(',')}}`,
    ],
  );
}

/** Sets the repeat status of overdoses, one statement for the lot. */
export async function updateRepeatStatuses(
  tx: Queryable,
  jurisdictionId: string,
  statuses: readonly { id: string; status: string }[],
): Promise<void> {
  await tx.query(
    `update overdoses o set repeat_status = v.status
     from unnest($2::uuid[], $3::text[]) as v(id, status)
     where o.jurisdiction_id = $1 and o.id = v.id`,
    [jurisdictionId, statuses.map((s) => s.id), statuses.map((s) => s.status)],
  );
}
