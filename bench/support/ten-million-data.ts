/**
 * The data of the ten-million bench, made set-based in SQL (not through intake): overdoses of many
 * jurisdictions at points of Connecticut, their town, one report each, and the rollups, with the rows
 * intake's rollups (src/surveillance/rollup-increments.ts, addToRollups) would hold for them.
 */

import type { Queryable } from '../../src/platform/database.js';
import type { AreaLocator } from '../../src/surveillance/area-locator.js';

/** Connecticut's bounding box, walked in steps of this many degrees for the points overdoses happen at. */
const BOX = { south: 41.0, north: 42.05, west: -73.73, east: -71.79 };
const STEP = 0.02;

/**
 * Stores the points of Connecticut that fall in a town (a grid of about 3,000), each with its town and
 * H3 cells as intake's area assignment gives them, in the table `bench_places` (dropped by the caller's
 * throwaway database). Returns how many.
 */
export async function storePlaces(db: Queryable, locator: AreaLocator): Promise<number> {
  const rows: { lat: number; lon: number; h3r7: string; h3r9: string; town: string }[] = [];
  for (let lat = BOX.south; lat <= BOX.north; lat += STEP) {
    for (let lon = BOX.west; lon <= BOX.east; lon += STEP) {
      const placed = locator.assign(lat, lon);
      const town = placed.areas.find((a) => a.layerId === 'towns');
      if (town) rows.push({ lat, lon, h3r7: placed.h3r7, h3r9: placed.h3r9, town: town.areaId });
    }
  }
  await db.query(
    'create table bench_places (n int primary key, lat float8, lon float8, h3r7 text, h3r9 text, town text)',
  );
  await db.query(
    `insert into bench_places
     select n, lat, lon, h3r7, h3r9, town
     from unnest($1::float8[], $2::float8[], $3::text[], $4::text[], $5::text[]) with ordinality
       as p(lat, lon, h3r7, h3r9, town, n)`,
    [
      rows.map((r) => r.lat),
      rows.map((r) => r.lon),
      rows.map((r) => r.h3r7),
      rows.map((r) => r.h3r9),
      rows.map((r) => r.town),
    ],
  );
  return rows.length;
}

/**
 * Writes `rows` overdoses of one jurisdiction between `from` and `to` (occurred_date in New York's
 * days), at the stored places (a few places far more often than most), with outcomes, people,
 * substances and sources drawn at plausible rates; then each one's town and one report.
 */
export async function writeOverdoses(
  db: Queryable,
  jurisdiction: { id: string; organizationId: string },
  rows: number,
  range: { from: string; to: string },
  places: number,
): Promise<void> {
  await db.query(
    `insert into overdoses (jurisdiction_id, id, occurred_at, occurred_date, time_known, latitude, longitude,
       h3_r7, h3_r9, fatal, naloxone_given, naloxone_doses, naloxone_response, age, age_band, sex, race,
       ethnicity, substances, disposition, source_types, case_definitions, report_count, repeat_status,
       location_precision, created_at, updated_at)
     select $1, gen_random_uuid(), d.at, (d.at at time zone 'America/New_York')::date, true, p.lat, p.lon,
       p.h3r7, p.h3r9, d.r1 < 0.08, d.r2 < 0.6,
       case when d.r2 < 0.6 then 1 + floor(d.r3 * 3)::int end,
       case when d.r2 < 0.6 then (array['improved', 'no_change', 'unknown'])[1 + floor(d.r3 * 3)::int] end,
       d.age, (d.age / 5 * 5)::text || '-' || (d.age / 5 * 5 + 4)::text,
       (array['male', 'male', 'female'])[1 + floor(d.r4 * 3)::int],
       (array['white', 'white', 'white', 'black', 'asian', 'other'])[1 + floor(d.r5 * 6)::int],
       (array['not_hispanic', 'not_hispanic', 'not_hispanic', 'hispanic'])[1 + floor(d.r6 * 4)::int],
       array_remove(array[case when d.r7 < 0.7 then 'fentanyl' end, case when d.r8 < 0.25 then 'cocaine' end,
         case when d.r9 < 0.12 then 'heroin' end, case when d.r7 > 0.9 then 'methamphetamine' end], null),
       (array['transported', 'transported', 'refused', 'treated_released'])[1 + floor(d.r8 * 4)::int],
       array[(array['ems', 'ems', 'ed', 'police'])[1 + floor(d.r9 * 4)::int]],
       array['any_drug'] || case when d.r7 < 0.8 then array['opioid'] else array[]::text[] end,
       1, 'unidentified', 'rooftop', d.at + interval '2 hours', d.at + interval '2 hours'
     from (
       select $3::timestamptz + random() * ($4::timestamptz - $3::timestamptz) as at,
         1 + floor(power(random(), 3) * $5)::int as place, 15 + floor(random() * 55)::int as age,
         random() as r1, random() as r2, random() as r3, random() as r4, random() as r5, random() as r6,
         random() as r7, random() as r8, random() as r9
       from generate_series(1, $2)
     ) d
     join bench_places p on p.n = d.place`,
    [jurisdiction.id, rows, `${range.from}T00:00:00-05:00`, `${range.to}T00:00:00-05:00`, places],
  );
  await db.query(
    `insert into overdose_areas (jurisdiction_id, overdose_id, layer_id, area_id)
     select o.jurisdiction_id, o.id, 'towns', p.town
     from overdoses o join bench_places p on p.h3r9 = o.h3_r9 and p.lat = o.latitude and p.lon = o.longitude
     where o.jurisdiction_id = $1`,
    [jurisdiction.id],
  );
  await db.query(
    `insert into reports (jurisdiction_id, id, organization_id, source_record_id, version, payload_hash,
       source_type, received_at, channel, raw, parsed, overdose_id)
     select jurisdiction_id, gen_random_uuid(), $2, 'bench-' || id, 1, md5(id::text), source_types[1],
       created_at, 'csv', '{}', '{}', id
     from overdoses where jurisdiction_id = $1`,
    [jurisdiction.id, jurisdiction.organizationId],
  );
}

const FATAL_CLASS = `case when o.fatal is null then 'unknown' when o.fatal then 'fatal' else 'nonfatal' end`;

/**
 * Fills one jurisdiction's rollups from its overdoses, row for row what addToRollups adds: each
 * overdose once per area row (the whole jurisdiction, its town, its H3 r7 cell) by its first source
 * type and fatal class, the monthly sums of those, and one count per dimension value.
 */
export async function fillRollups(db: Queryable, jurisdictionId: string): Promise<void> {
  await db.query(
    `insert into daily_area_counts (jurisdiction_id, day, layer_id, area_id, source_type, fatal, count)
     with counted as (
       select o.id, o.occurred_date as day, o.h3_r7, coalesce(o.source_types[1], 'other') as source_type,
         ${FATAL_CLASS} as fatal
       from overdoses o where o.jurisdiction_id = $1
     )
     select $1, day, '', '', source_type, fatal, count(*) from counted group by 2, 5, 6
     union all
     select $1, day, 'h3r7', h3_r7, source_type, fatal, count(*) from counted where h3_r7 is not null
     group by 2, 4, 5, 6
     union all
     select $1, c.day, a.layer_id, a.area_id, c.source_type, c.fatal, count(*)
     from counted c join overdose_areas a on a.jurisdiction_id = $1 and a.overdose_id = c.id
     group by 2, 3, 4, 5, 6`,
    [jurisdictionId],
  );
  await db.query(
    `insert into monthly_area_counts (jurisdiction_id, month, layer_id, area_id, source_type, fatal, count)
     select jurisdiction_id, date_trunc('month', day)::date, layer_id, area_id, source_type, fatal, sum(count)
     from daily_area_counts where jurisdiction_id = $1
     group by 1, 2, 3, 4, 5, 6`,
    [jurisdictionId],
  );
  await db.query(
    `insert into daily_dimension_counts (jurisdiction_id, day, dimension, value, count)
     select $1, o.occurred_date, d.dimension, d.value, count(*)
     from overdoses o
     cross join lateral (
       select * from (values
         ('sex', coalesce(o.sex, 'unknown')), ('age_band', coalesce(o.age_band, 'unknown')),
         ('race', coalesce(o.race, 'unknown')), ('ethnicity', coalesce(o.ethnicity, 'unknown')),
         ('naloxone_given', coalesce(o.naloxone_given::text, 'unknown')),
         ('naloxone_doses', coalesce(o.naloxone_doses::text, 'unknown')),
         ('naloxone_response', coalesce(o.naloxone_response, 'unknown')),
         ('disposition', coalesce(o.disposition, 'unknown')), ('repeat', o.repeat_status),
         ('fatal', ${FATAL_CLASS}), ('source_type', coalesce(o.source_types[1], 'other')),
         ('linked', case when o.report_count > 1 then 'linked' else 'single' end)) v(dimension, value)
       union all select 'substance', s from unnest(
         case when cardinality(o.substances) = 0 then array['none_recorded'] else o.substances end) s
       union all select 'case_definition', c from unnest(o.case_definitions) c
       union all select distinct 'reported_by', t from unnest(o.source_types) t
     ) d(dimension, value)
     where o.jurisdiction_id = $1
     group by 2, 3, 4`,
    [jurisdictionId],
  );
}

/**
 * Replaces the partitioned tables by plain ones of the same columns, keys and indexes (the layout
 * before drizzle/0046), so the bench can compare: `like ... including all` copies the index definitions.
 */
export async function unpartition(db: Queryable, tables: readonly string[]): Promise<void> {
  for (const table of tables) {
    await db.query(`create table "${table}_plain" (like "${table}" including all)`);
    await db.query(`drop table "${table}"`);
    await db.query(`alter table "${table}_plain" rename to "${table}"`);
  }
}
