import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, it } from 'node:test';
import { describeEachEngine, openTestContext, seedJurisdiction } from '../../test/support/test-databases.js';
import type { Jurisdiction, Organization } from '../access/jurisdictions/jurisdiction.js';
import { cliActor } from '../access/roles.js';
import { importConnecticutTowns } from '../demo/demo-loader.js';
import { runGenerateCommand } from '../demo/generator/command.js';
import type { AppContext } from '../main/app-context.js';
import { importCsvFile } from './csv-import-service.js';

// The rollups as SQL counts them from the stored overdoses: every overdose once in the whole
// jurisdiction (layer ''), once per area it lies in, once in its H3 cell (layer 'h3r7'), by its
// primary source type and fatal class.
const PLACED_OVERDOSES = `
  with o as (
    select id, occurred_date as day, coalesce(source_types[1], 'other') as source_type,
      case when fatal is null then 'unknown' when fatal then 'fatal' else 'nonfatal' end as fatal, h3_r7
    from overdoses where jurisdiction_id = $1)
  select day, '' as layer_id, '' as area_id, source_type, fatal from o
  union all
  select o.day, a.layer_id, a.area_id, o.source_type, o.fatal
  from o join overdose_areas a on a.jurisdiction_id = $1 and a.overdose_id = o.id
  union all
  select day, 'h3r7', h3_r7, source_type, fatal from o where h3_r7 is not null`;

// Each overdose's value in each dimension (several substances, case definitions and reporting source
// types count once each).
const DIMENSION_VALUES = `
  with o as (select * from overdoses where jurisdiction_id = $1)
  select occurred_date as day, 'sex' as dimension, coalesce(sex, 'unknown') as value from o
  union all select occurred_date, 'age_band', coalesce(age_band, 'unknown') from o
  union all select occurred_date, 'race', coalesce(race, 'unknown') from o
  union all select occurred_date, 'ethnicity', coalesce(ethnicity, 'unknown') from o
  union all select occurred_date, 'naloxone_given', coalesce(naloxone_given::text, 'unknown') from o
  union all select occurred_date, 'naloxone_doses', coalesce(naloxone_doses::text, 'unknown') from o
  union all select occurred_date, 'naloxone_response', coalesce(naloxone_response, 'unknown') from o
  union all select occurred_date, 'disposition', coalesce(disposition, 'unknown') from o
  union all select occurred_date, 'repeat', repeat_status from o
  union all select occurred_date, 'fatal',
    case when fatal is null then 'unknown' when fatal then 'fatal' else 'nonfatal' end from o
  union all select occurred_date, 'source_type', coalesce(source_types[1], 'other') from o
  union all select occurred_date, 'substance', s from o cross join unnest(o.substances) as s
  union all select occurred_date, 'substance', 'none_recorded' from o where cardinality(substances) = 0
  union all select occurred_date, 'case_definition', c from o cross join unnest(o.case_definitions) as c
  union all select occurred_date, 'reported_by', t
    from o cross join lateral (select distinct unnest(o.source_types) as t) as types
  union all select occurred_date, 'linked', case when report_count > 1 then 'linked' else 'single' end from o`;

/** Rows where a stored rollup and the SQL count disagree, and how many rows the SQL count has. */
async function compare(
  context: AppContext,
  jurisdictionId: string,
  counted: string,
  stored: string,
  key: string[],
): Promise<{ mismatches: unknown[]; rows: number }> {
  const on = key.join(', ');
  const mismatches = await context.db.query(
    `with counted as (${counted}), stored as (${stored})
     select ${on}, counted.count as counted, stored.count as stored
     from counted full join stored using (${on})
     where counted.count is distinct from stored.count order by ${on} limit 20`,
    [jurisdictionId],
  );
  const [size] = await context.db.query<{ n: number }>(
    `with counted as (${counted}) select count(*)::int as n from counted`,
    [jurisdictionId],
  );
  return { mismatches, rows: size?.n ?? 0 };
}

/** Asserts the three rollup tables hold exactly the counts SQL makes from the stored overdoses. */
async function assertRollupsMatchOverdoses(context: AppContext, jurisdictionId: string): Promise<void> {
  const area = ['layer_id', 'area_id', 'day', 'source_type', 'fatal'];
  const daily = await compare(
    context,
    jurisdictionId,
    `select layer_id, area_id, day, source_type, fatal, count(*)::int as count
     from (${PLACED_OVERDOSES}) p group by 1, 2, 3, 4, 5`,
    `select layer_id, area_id, day, source_type, fatal, count from daily_area_counts
     where jurisdiction_id = $1 and count <> 0`,
    area,
  );
  assert.deepEqual(daily.mismatches, [], 'daily area counts equal the overdoses counted by SQL');
  assert.ok(daily.rows > 1000, `the file fills many daily area rows (${daily.rows})`);
  const monthly = await compare(
    context,
    jurisdictionId,
    `select layer_id, area_id, date_trunc('month', day)::date as day, source_type, fatal, count(*)::int as count
     from (${PLACED_OVERDOSES}) p group by 1, 2, 3, 4, 5`,
    `select layer_id, area_id, month as day, source_type, fatal, count from monthly_area_counts
     where jurisdiction_id = $1 and count <> 0`,
    area,
  );
  assert.deepEqual(monthly.mismatches, [], 'monthly area counts equal the overdoses counted by SQL');
  assert.ok(monthly.rows > 100, `the file fills many monthly area rows (${monthly.rows})`);
  const dimensions = await compare(
    context,
    jurisdictionId,
    `select dimension, value, day, count(*)::int as count from (${DIMENSION_VALUES}) v group by 1, 2, 3`,
    `select dimension, value, day, count from daily_dimension_counts
     where jurisdiction_id = $1 and count <> 0`,
    ['dimension', 'value', 'day'],
  );
  assert.deepEqual(dimensions.mismatches, [], 'daily dimension counts equal the overdoses counted by SQL');
  assert.ok(dimensions.rows > 1000, `the file fills many dimension rows (${dimensions.rows})`);
}

/**
 * The generated file again with every fifth record corrected (three days later, and moved north),
 * every other one unchanged (a duplicate), and its ids' new records after it.
 */
function correctedFile(original: string, out: string): { corrected: number; added: number } {
  const [header, ...rows] = readFileSync(original, 'utf8').trimEnd().split('\n');
  let corrected = 0;
  const lines = [header as string];
  rows.forEach((row, i) => {
    if (i % 5 !== 0) {
      lines.push(row);
      return;
    }
    // The first five columns (id, source type, time, latitude, longitude) are never quoted.
    const [id, source, at, latitude, longitude, ...rest] = row.split(',');
    const later = new Date(new Date(at as string).getTime() + 3 * 86_400_000).toISOString();
    const north = latitude ? (Number(latitude) + 0.05).toFixed(5) : latitude;
    lines.push([id, source, later, north, longitude, ...rest].join(','));
    corrected++;
  });
  const added = rows.slice(0, 40).map((row) => row.replace(/^([^,]+),/, '$1-again,'));
  writeFileSync(out, `${[...lines, ...added].join('\n')}\n`);
  return { corrected, added: added.length };
}

describeEachEngine('rollups of an imported generated file', (engine) => {
  let context: AppContext & { dispose(): Promise<void> };
  let dir: string;
  let jurisdiction: Jurisdiction;
  let organization: Organization;
  const rows = 3000;
  before(async () => {
    context = await openTestContext(engine);
    dir = mkdtempSync(path.join(tmpdir(), 'sos-import-rollups-'));
    ({ jurisdiction, organization } = await seedJurisdiction(context.db, { timeZone: 'America/New_York' }));
    await importConnecticutTowns(context, jurisdiction);
  });
  after(async () => {
    await context.dispose();
    rmSync(dir, { recursive: true, force: true });
  });
  const importFile = (filePath: string) =>
    importCsvFile(context.intake, cliActor, {
      filePath,
      presetName: 'generic',
      jurisdiction,
      organization,
      // Many small batches: counts of a day or a month are added by several of them.
      batchSize: 170,
      rejectedPath: path.join(dir, `${path.basename(filePath)}.rejected.csv`),
    });

  it('equal the counts SQL makes from the stored overdoses, after an import and after its corrections', async () => {
    const file = path.join(dir, 'generated.csv');
    const generated = await runGenerateCommand({
      events: rows,
      days: 75,
      seed: 19,
      end: '2025-01-01',
      out: file,
    });
    assert.equal(generated.rows, rows);
    const first = await importFile(file);
    assert.equal(first.read, rows);
    assert.equal(first.accepted + first.rejected, rows);
    assert.ok(first.accepted > rows * 0.95, `most rows are accepted (${first.accepted})`);
    await assertRollupsMatchOverdoses(context, jurisdiction.id);

    const again = path.join(dir, 'corrected.csv');
    const { corrected, added } = correctedFile(file, again);
    const second = await importFile(again);
    assert.ok(second.accepted >= corrected * 0.95, `the corrections are accepted (${second.accepted})`);
    assert.ok(
      second.duplicates >= (rows - corrected) * 0.95,
      `the rest are duplicates (${second.duplicates})`,
    );
    const [stored] = await context.db.query<{ overdoses: number; corrected: number }>(
      `select (select count(*)::int from overdoses where jurisdiction_id = $1) as overdoses,
         (select count(*)::int from reports where jurisdiction_id = $1 and version > 1) as corrected`,
      [jurisdiction.id],
    );
    assert.ok((stored?.corrected ?? 0) >= corrected * 0.95, 'the corrections are stored as new versions');
    assert.ok((stored?.overdoses ?? 0) > first.accepted + added / 2, 'the new records made overdoses');
    await assertRollupsMatchOverdoses(context, jurisdiction.id);
  });
});
