import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, it } from 'node:test';
import { describeEachEngine, openTestContext, seedJurisdiction } from '../../test/support/test-databases.js';
import { cliActor } from '../access/roles.js';
import { ingestReports } from '../intake/intake-service.js';
import { SosError } from '../platform/errors.js';
import { countRows, resolveAggregateQuery } from '../surveillance/aggregates/aggregate-service.js';
import type { AppContext } from './app-context.js';
import { attachPeriod, detachPeriod, listPartitions, makeComingPartitions } from './partition-archive.js';

const code = (e: unknown) => (e instanceof SosError ? e.code : String(e));
const now = new Date('2026-12-07T12:00:00Z');

describeEachEngine('partitions by year and their archiving', (engine) => {
  let context: AppContext & { dispose(): Promise<void> };
  let jurisdictionId: string;
  let ingest: (rows: Record<string, unknown>[]) => Promise<unknown>;
  /** The overdoses of the jurisdiction counted by year from the rollups, as the dashboard counts them. */
  const yearly = async () => {
    const query = await resolveAggregateQuery(context.db, jurisdictionId, {
      from: '2019-01-01',
      to: '2020-12-31',
      period: 'year',
      by: 'none',
    });
    return Object.fromEntries(
      (await countRows(context.db, query)).map((r) => [r.period.slice(0, 4), r.count]),
    ) as Record<string, number>;
  };
  /** Overdoses counted in the raw rows of each year, the other way round. */
  const rawYearly = async () =>
    Object.fromEntries(
      (
        await context.db.query<{ year: string; n: number }>(
          `select extract(year from occurred_date)::text as year, count(*)::int as n from overdoses
           where jurisdiction_id = $1 group by 1`,
          [jurisdictionId],
        )
      ).map((r) => [r.year, r.n]),
    ) as Record<string, number>;

  before(async () => {
    context = await openTestContext(engine);
    const { jurisdiction, organization } = await seedJurisdiction(context.db);
    jurisdictionId = jurisdiction.id;
    ingest = (rows) =>
      ingestReports(context.intake, cliActor, {
        jurisdiction,
        organization,
        channel: 'api',
        items: rows.map((fields) => ({ raw: fields, fields })),
      });
    const place = { latitude: 41.7658, longitude: -72.6734 };
    await ingest([
      { source_record_id: 'a-1', occurred_at: '2019-03-01T10:00:00Z', ...place },
      { source_record_id: 'a-2', occurred_at: '2019-07-04T10:00:00Z', ...place, fatal: 'true' },
      { source_record_id: 'a-3', occurred_at: '2019-11-30T10:00:00Z', ...place },
      { source_record_id: 'b-1', occurred_at: '2020-05-01T10:00:00Z', ...place },
      { source_record_id: 'b-2', occurred_at: '2020-05-02T10:00:00Z', ...place },
    ]);
  });
  after(() => context.dispose());

  it('makes the coming years ahead, moving rows that waited in the default partition', async () => {
    await context.db.query(
      `insert into daily_dimension_counts (jurisdiction_id, day, dimension, value, count)
       values ($1, '2031-02-03', 'sex', 'female', 4)`,
      [jurisdictionId],
    );
    const made = await makeComingPartitions(context.db, new Date('2031-06-01T00:00:00Z'));
    assert.ok(made.includes('daily_dimension_counts_y2031') && made.includes('overdoses_y2032'), made.join());
    const [moved] = await context.db.query<{ n: number }>(
      'select count(*)::int as n from daily_dimension_counts_y2031 where jurisdiction_id = $1',
      [jurisdictionId],
    );
    assert.equal(moved?.n, 1);
    const [left] = await context.db.query<{ n: number }>(
      `select count(*)::int as n from daily_dimension_counts_default where day >= '2031-01-01'`,
    );
    assert.equal(left?.n, 0);
    assert.deepEqual(await makeComingPartitions(context.db, new Date('2031-06-01T00:00:00Z')), []);
    await context.db.query(`delete from daily_dimension_counts where day = '2031-02-03'`);
    // The 2019 and 2020 overdoses waited in the default partition (the migration made this year's and
    // next year's only): the job gave each year its own.
    assert.ok(made.includes('overdoses_y2019') && made.includes('daily_area_counts_y2020'), made.join());
    const [defaults] = await context.db.query<{ n: number }>(
      'select count(*)::int as n from overdoses_default',
    );
    assert.equal(defaults?.n, 0);
  });

  it('detaches a year: its overdoses leave the aggregates, the other years stay, each jurisdiction audits it; attach brings them back', async () => {
    const before = await yearly();
    assert.deepEqual(before, { 2019: 3, 2020: 2 });
    assert.deepEqual(await rawYearly(), { 2019: 3, 2020: 2 });

    const detached = await detachPeriod(context.db, 2019, now);
    assert.deepEqual(detached.sort(), [
      'daily_area_counts_y2019',
      'daily_dimension_counts_y2019',
      'monthly_area_counts_y2019',
      'overdoses_y2019',
      'reports_y2019',
    ]);
    assert.deepEqual(await yearly(), { 2020: 2 });
    assert.deepEqual(await rawYearly(), { 2020: 2 });
    const listed = await listPartitions(context.db);
    const overdoses2019 = listed.find((p) => p.partition === 'overdoses_y2019');
    assert.deepEqual(overdoses2019, {
      table: 'overdoses',
      partition: 'overdoses_y2019',
      year: 2019,
      attached: false,
      rows: 3,
    });
    assert.ok(listed.some((p) => p.partition === 'overdoses_default' && p.attached && p.year === null));
    const [entry] = await context.db.query<{ action: string; subject_id: string; details: unknown }>(
      `select action, subject_id, details from audit_entries
       where jurisdiction_id = $1 and action = 'partition.detach'`,
      [jurisdictionId],
    );
    assert.equal(entry?.subject_id, '2019');
    assert.equal(
      (entry?.details as { rows?: Record<string, number> } | undefined)?.rows?.overdoses,
      3,
      JSON.stringify(entry?.details),
    );

    await assert.rejects(detachPeriod(context.db, 2019, now), (e) => code(e) === 'PARTITION_NOT_FOUND');
    const attached = await attachPeriod(context.db, 2019, now);
    assert.equal(attached.length, 5);
    assert.deepEqual(await yearly(), before);
    assert.deepEqual(await rawYearly(), { 2019: 3, 2020: 2 });
    await assert.rejects(attachPeriod(context.db, 2019, now), (e) => code(e) === 'PARTITION_NOT_DETACHED');
  });

  it('refuses a year inside the detection window (the repeat look-back and the rules’ history)', async () => {
    await assert.rejects(
      detachPeriod(context.db, 2026, now),
      (e) => code(e) === 'PARTITION_IN_DETECTION_WINDOW',
    );
    // 2025 ends 341 days before now: still inside the 365-day repeat-overdose look-back.
    await assert.rejects(
      detachPeriod(context.db, 2025, now),
      (e) => code(e) === 'PARTITION_IN_DETECTION_WINDOW',
    );
    // An enabled Farrington rule with its defaults reads 52 * 5 + 3 + 1 weeks back (to November 2021).
    const ruleId = randomUUID();
    await context.db.query(
      `insert into alert_rules (jurisdiction_id, id, name, scope, method, params, minimum_count, cool_down_minutes,
         email_audiences, enabled, created_by, created_at)
       values ($1, $2, 'weekly', '{}', 'farrington', null, 1, 60, '{"analyst":[],"partner":[]}', true, 'test', now())`,
      [jurisdictionId, ruleId],
    );
    await assert.rejects(
      detachPeriod(context.db, 2021, now),
      (e) => code(e) === 'PARTITION_IN_DETECTION_WINDOW',
    );
    await context.db.query('update alert_rules set enabled = false where id = $1', [ruleId]);
    // Outside the window now: 2021 holds no rows, so there is nothing to detach.
    await assert.rejects(detachPeriod(context.db, 2021, now), (e) => code(e) === 'PARTITION_NOT_FOUND');
  });

  it('refuses a year holding an open outreach case, and allows it once the case is closed', async () => {
    const caseId = randomUUID();
    const programId = randomUUID();
    await context.db.query(
      `insert into outreach_cases (jurisdiction_id, id, program_id, origin, status, clock_started_at, contact_flags, opened_at)
       values ($1, $2, $3, 'overdose', 'open', '2020-05-01T10:00:00Z', '[]', '2020-05-01T11:00:00Z')`,
      [jurisdictionId, caseId, programId],
    );
    await context.db.query(
      `insert into outreach_case_overdoses (jurisdiction_id, program_id, case_id, overdose_id, occurred_at, added_at)
       values ($1, $2, $3, $4, '2020-05-01T10:00:00Z', '2020-05-01T11:00:00Z')`,
      [jurisdictionId, programId, caseId, randomUUID()],
    );
    await assert.rejects(
      detachPeriod(context.db, 2020, now),
      (e) => code(e) === 'PARTITION_HOLDS_OPEN_CASES',
    );
    await context.db.query(`update outreach_cases set status = 'closed' where id = $1`, [caseId]);
    await detachPeriod(context.db, 2020, now);
    await attachPeriod(context.db, 2020, now);
    assert.deepEqual(await rawYearly(), { 2019: 3, 2020: 2 });
  });

  it('refuses to attach a year while rows of it written meanwhile sit in a default partition', async () => {
    await detachPeriod(context.db, 2019, now);
    await ingest([
      { source_record_id: 'late-1', occurred_at: '2019-08-01T10:00:00Z', latitude: 41.76, longitude: -72.67 },
    ]);
    await assert.rejects(
      attachPeriod(context.db, 2019, now),
      (e) => code(e) === 'PARTITION_DEFAULT_HOLDS_ROWS',
    );
  });
});
