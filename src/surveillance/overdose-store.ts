import type { Queryable } from '../platform/database.js';
import type { AreaAssignment } from './area-locator.js';
import { KEY_SEPARATOR, type RollupDelta } from './rollup-increments.js';

/** An overdose row as written by intake. */
export interface OverdoseRecord {
  id: string;
  occurredAt: Date;
  occurredDate: string;
  timeKnown: boolean;
  latitude: number | null;
  longitude: number | null;
  address: string | null;
  h3R7: string | null;
  h3R9: string | null;
  fatal: boolean | null;
  naloxoneGiven: boolean | null;
  naloxoneDoses: number | null;
  naloxoneResponse: string | null;
  age: number | null;
  ageBand: string | null;
  sex: string | null;
  race: string | null;
  ethnicity: string | null;
  substances: string[];
  disposition: string | null;
  sourceTypes: string[];
  caseDefinitions: string[];
  reportCount: number;
  areas: AreaAssignment[];
}

/** A Postgres array literal for a list of vocabulary codes (codes never hold quotes or commas). */
function arrayLiteral(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/["\\]/g, '\\$&')}"`).join(',')}}`;
}

const OVERDOSE_COLUMNS = [
  'id uuid',
  'occurred_at timestamptz',
  'occurred_date date',
  'time_known boolean',
  'latitude float8',
  'longitude float8',
  'address text',
  'h3_r7 text',
  'h3_r9 text',
  'fatal boolean',
  'naloxone_given boolean',
  'naloxone_doses int',
  'naloxone_response text',
  'age int',
  'age_band text',
  'sex text',
  'race text',
  'ethnicity text',
  'substances text',
  'disposition text',
  'source_types text',
  'case_definitions text',
  'report_count int',
] as const;

function overdoseColumns(o: OverdoseRecord): unknown[] {
  return [
    o.id,
    o.occurredAt.toISOString(),
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
    arrayLiteral(o.substances),
    o.disposition,
    arrayLiteral(o.sourceTypes),
    arrayLiteral(o.caseDefinitions),
    o.reportCount,
  ];
}

/** Columns of many rows as one array per column: one round trip through `unnest` for a whole batch. */
function columnsOf(rows: unknown[][], width: number): unknown[][] {
  const columns: unknown[][] = Array.from({ length: width }, () => []);
  for (const row of rows) for (let i = 0; i < width; i++) (columns[i] as unknown[]).push(row[i]);
  return columns;
}

/** Inserts new overdoses with their area assignments. */
export async function insertOverdoses(
  tx: Queryable,
  jurisdictionId: string,
  overdoses: OverdoseRecord[],
  now: Date,
): Promise<void> {
  if (overdoses.length === 0) return;
  const names = OVERDOSE_COLUMNS.map((c) => c.split(' ')[0]);
  const params = columnsOf(overdoses.map(overdoseColumns), OVERDOSE_COLUMNS.length);
  const unnestArgs = OVERDOSE_COLUMNS.map((c, i) => `$${i + 3}::${c.split(' ')[1]}[]`).join(', ');
  const select = names
    .map((n) => (n === 'substances' || n === 'source_types' || n === 'case_definitions' ? `${n}::text[]` : n))
    .join(', ');
  await tx.query(
    `insert into overdoses (jurisdiction_id, created_at, updated_at, ${names.join(', ')})
     select $1, $2, $2, ${select} from unnest(${unnestArgs}) as u(${names.join(', ')})`,
    [jurisdictionId, now.toISOString(), ...params],
  );
  await insertOverdoseAreas(tx, jurisdictionId, overdoses);
}

async function insertOverdoseAreas(
  tx: Queryable,
  jurisdictionId: string,
  overdoses: OverdoseRecord[],
): Promise<void> {
  const ids: string[] = [];
  const layerIds: string[] = [];
  const areaIds: string[] = [];
  for (const o of overdoses) {
    for (const a of o.areas) {
      ids.push(o.id);
      layerIds.push(a.layerId);
      areaIds.push(a.areaId);
    }
  }
  if (ids.length === 0) return;
  await tx.query(
    `insert into overdose_areas (jurisdiction_id, overdose_id, layer_id, area_id)
     select $1, * from unnest($2::uuid[], $3::text[], $4::text[])`,
    [jurisdictionId, ids, layerIds, areaIds],
  );
}

/** Replaces an overdose's facts and areas (after a correction or a newly linked report). */
export async function replaceOverdose(
  tx: Queryable,
  jurisdictionId: string,
  overdose: OverdoseRecord,
  now: Date,
): Promise<void> {
  await tx.query('delete from overdose_areas where jurisdiction_id = $1 and overdose_id = $2', [
    jurisdictionId,
    overdose.id,
  ]);
  await tx.query('delete from overdoses where jurisdiction_id = $1 and id = $2', [
    jurisdictionId,
    overdose.id,
  ]);
  await insertOverdoses(tx, jurisdictionId, [overdose], now);
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
    areas: (typeof r.areas === 'string' ? JSON.parse(r.areas) : r.areas) as AreaAssignment[],
  }));
}

/** Adds a batch's rollup changes in two statements (upserts that add to the stored counts). */
export async function applyRollupDelta(
  tx: Queryable,
  jurisdictionId: string,
  delta: RollupDelta,
): Promise<void> {
  if (delta.area.size > 0) {
    const cols: string[][] = [[], [], [], [], []];
    const counts: number[] = [];
    for (const [key, count] of delta.area) {
      const parts = key.split(KEY_SEPARATOR);
      for (let i = 0; i < 5; i++) (cols[i] as string[]).push(parts[i] as string);
      counts.push(count);
    }
    await tx.query(
      `insert into daily_area_counts (jurisdiction_id, layer_id, area_id, day, source_type, fatal, count)
       select $1, * from unnest($2::text[], $3::text[], $4::date[], $5::text[], $6::text[], $7::int[])
       on conflict (jurisdiction_id, layer_id, area_id, day, source_type, fatal)
       do update set count = daily_area_counts.count + excluded.count`,
      [jurisdictionId, ...cols, counts],
    );
  }
  if (delta.dimension.size > 0) {
    const cols: string[][] = [[], [], []];
    const counts: number[] = [];
    for (const [key, count] of delta.dimension) {
      const parts = key.split(KEY_SEPARATOR);
      for (let i = 0; i < 3; i++) (cols[i] as string[]).push(parts[i] as string);
      counts.push(count);
    }
    await tx.query(
      `insert into daily_dimension_counts (jurisdiction_id, dimension, value, day, count)
       select $1, * from unnest($2::text[], $3::text[], $4::date[], $5::int[])
       on conflict (jurisdiction_id, dimension, value, day)
       do update set count = daily_dimension_counts.count + excluded.count`,
      [jurisdictionId, ...cols, counts],
    );
  }
}

/**
 * Overdoses with a known time near each probe (same or neighbouring H3 resolution-7 cell, within the
 * time window), for linking reports from several sources. Returns candidates per probe index.
 */
export async function findOverdosesNear(
  tx: Queryable,
  jurisdictionId: string,
  probes: { index: number; at: Date; cells: string[] }[],
  windowMs: number,
): Promise<
  Map<
    number,
    {
      id: string;
      occurredAt: Date;
      latitude: number;
      longitude: number;
      sex: string | null;
      age: number | null;
    }[]
  >
> {
  const found = new Map<
    number,
    {
      id: string;
      occurredAt: Date;
      latitude: number;
      longitude: number;
      sex: string | null;
      age: number | null;
    }[]
  >();
  if (probes.length === 0) return found;
  const rows = await tx.query<{
    i: number;
    id: string;
    occurred_at: Date;
    latitude: number;
    longitude: number;
    sex: string | null;
    age: number | null;
  }>(
    `select u.i, o.id, o.occurred_at, o.latitude, o.longitude, o.sex, o.age
     from unnest($2::int[], $3::timestamptz[], $4::text[]) as u(i, t, cells)
     join overdoses o on o.jurisdiction_id = $1 and o.h3_r7 = any(u.cells::text[]) and o.time_known
       and o.occurred_at between u.t - $5 * interval '1 millisecond' and u.t + $5 * interval '1 millisecond'`,
    [
      jurisdictionId,
      probes.map((p) => p.index),
      probes.map((p) => p.at.toISOString()),
      probes.map((p) => `{${p.cells.join(',')}}`),
      windowMs,
    ],
  );
  for (const r of rows) {
    const list = found.get(r.i) ?? [];
    list.push({
      id: r.id,
      occurredAt: new Date(r.occurred_at),
      latitude: r.latitude,
      longitude: r.longitude,
      sex: r.sex,
      age: r.age,
    });
    found.set(r.i, list);
  }
  return found;
}
