import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, it } from 'node:test';
import { type Database, openPglite, openPostgres } from '../src/platform/database.js';
import { migrate, readMigrations } from '../src/platform/migrate.js';
import { createTestDatabase } from './support/postgres-cluster.js';
import { clusterUrl, describeEachEngine } from './support/test-databases.js';

const PARTITIONED = [
  'overdoses',
  'reports',
  'daily_area_counts',
  'monthly_area_counts',
  'daily_dimension_counts',
];
const MIGRATION = '0047_partition_by_time';

describeEachEngine('migration to tables partitioned by year', (engine) => {
  let db: Database;
  let dispose: () => Promise<void>;
  const jurisdictionId = randomUUID();
  const thisYear = new Date().getUTCFullYear();

  before(async () => {
    if (engine === 'pglite') {
      db = await openPglite('memory://');
      dispose = () => db.close();
    } else {
      const created = await createTestDatabase(clusterUrl());
      db = await openPostgres(created.url);
      dispose = async () => {
        await db.close();
        await created.drop();
      };
    }
    const all = readMigrations().map((m) => m.tag);
    await migrate(db, { upTo: all[all.indexOf(MIGRATION) - 1] });
    // A deployed database's rows, in the tables as they were: overdoses of 2018 and 2024, reports
    // received in 2025 (a backfill), rollups of both years.
    for (const [date, id] of [
      ['2018-03-01', randomUUID()],
      ['2024-12-31', randomUUID()],
      ['2024-01-01', randomUUID()],
    ] as const) {
      await db.query(
        `insert into overdoses (jurisdiction_id, id, occurred_at, occurred_date, time_known, substances,
           source_types, case_definitions, report_count, created_at, updated_at)
         values ($1, $2, $3::date + time '12:00', $3::date, true, '{}', '{ems}', '{}', 1, now(), now())`,
        [jurisdictionId, id, date],
      );
      await db.query(
        `insert into reports (jurisdiction_id, id, organization_id, source_record_id, version, payload_hash,
           source_type, received_at, channel, raw, parsed, overdose_id)
         values ($1, $2, $3, $4, 1, 'h', 'ems', '2025-06-01T00:00:00Z', 'csv', '{}', '{}', $5)`,
        [jurisdictionId, randomUUID(), jurisdictionId, `r-${date}`, id],
      );
      await db.query(
        `insert into daily_area_counts (jurisdiction_id, day, layer_id, area_id, source_type, fatal, count)
         values ($1, $2, '', '', 'ems', 'nonfatal', 1)`,
        [jurisdictionId, date],
      );
      await db.query(
        `insert into monthly_area_counts (jurisdiction_id, month, layer_id, area_id, source_type, fatal, count)
         values ($1, date_trunc('month', $2::date)::date, '', '', 'ems', 'nonfatal', 1)`,
        [jurisdictionId, date],
      );
      await db.query(
        `insert into daily_dimension_counts (jurisdiction_id, day, dimension, value, count) values ($1, $2, 'sex', 'male', 1)`,
        [jurisdictionId, date],
      );
    }
    await migrate(db);
  });
  after(() => dispose());

  it('turns each table into a partitioned one, its rows in the partitions of their years', async () => {
    const kinds = await db.query<{ name: string; kind: string }>(
      `select relname as name, relkind::text as kind from pg_class where relname = any($1::text[]) and pg_table_is_visible(oid)`,
      [PARTITIONED],
    );
    assert.deepEqual(kinds.map((k) => [k.name, k.kind]).sort(), PARTITIONED.map((t) => [t, 'p']).sort());
    const where = async (table: string) =>
      Object.fromEntries(
        (
          await db.query<{ partition: string; n: number }>(
            `select tableoid::regclass::text as partition, count(*)::int as n from ${table} group by 1`,
          )
        ).map((r) => [r.partition, r.n]),
      );
    assert.deepEqual(await where('overdoses'), { overdoses_y2018: 1, overdoses_y2024: 2 });
    assert.deepEqual(await where('reports'), { reports_y2025: 3 });
    assert.deepEqual(await where('monthly_area_counts'), {
      monthly_area_counts_y2018: 1,
      monthly_area_counts_y2024: 2,
    });
    const partitions = await db.query<{ name: string }>(
      `select child.relname as name from pg_inherits i join pg_class child on child.oid = i.inhrelid
       join pg_class parent on parent.oid = i.inhparent where parent.relname = 'daily_area_counts'`,
    );
    assert.deepEqual(
      partitions.map((p) => p.name).sort(),
      [
        'daily_area_counts_default',
        'daily_area_counts_y2018',
        'daily_area_counts_y2024',
        `daily_area_counts_y${thisYear}`,
        `daily_area_counts_y${thisYear + 1}`,
      ].sort(),
    );
  });

  it('keeps every primary and unique key led by jurisdiction_id and holding the partition key', async () => {
    const keys = await db.query<{ table: string; definition: string }>(
      `select t.relname as table, pg_get_indexdef(i.indexrelid) as definition
       from pg_index i join pg_class t on t.oid = i.indrelid
       where t.relname = any($1::text[]) and i.indisunique`,
      [PARTITIONED],
    );
    const partitionKeys: Record<string, string> = {
      overdoses: 'occurred_date',
      reports: 'received_at',
      daily_area_counts: 'day',
      monthly_area_counts: 'month',
      daily_dimension_counts: 'day',
    };
    assert.equal(
      keys.filter((k) => k.table === 'reports').length,
      2,
      'the primary key and the source record key',
    );
    for (const { table, definition } of keys) {
      const columns = (definition.match(/\((.*)\)/)?.[1] ?? '').split(', ');
      assert.equal(columns[0], 'jurisdiction_id', definition);
      assert.ok(columns.includes(partitionKeys[table] as string), definition);
    }
  });
});
