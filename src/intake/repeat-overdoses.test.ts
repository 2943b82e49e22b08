import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, it } from 'node:test';
import { describeEachEngine, openTestContext, seedJurisdiction } from '../../test/support/test-databases.js';
import { insertOrganization } from '../access/jurisdictions/jurisdiction-repository.js';
import { cliActor } from '../access/roles.js';
import type { AppContext } from '../main/app-context.js';
import type { AggregateQuery } from '../surveillance/aggregates/aggregate-query.js';
import { runAggregate } from '../surveillance/aggregates/aggregate-repository.js';
import { aggregateStatement } from '../surveillance/aggregates/aggregate-sql.js';
import { ingestReports } from './intake-service.js';

const ann = { first_name: 'Ann', last_name: 'Lee', birth_date: '1990-04-02' };
const bob = { first_name: 'Bob', last_name: 'Stone', birth_date: '1985-11-30' };
const cy = { first_name: 'Cy', last_name: 'Park', birth_date: '1979-01-15' };
const dee = { first_name: 'Dee', last_name: 'Moss', birth_date: '2001-07-07' };
const eve = { first_name: 'Eve', last_name: 'Rowe', birth_date: '1995-02-20' };

describeEachEngine('repeat overdoses', (engine) => {
  let app: AppContext & { dispose(): Promise<void> };
  let seeded: Awaited<ReturnType<typeof seedJurisdiction>>;
  let police: typeof seeded.organization;
  before(async () => {
    app = await openTestContext(engine);
    seeded = await seedJurisdiction(app.db);
    police = { jurisdictionId: seeded.jurisdiction.id, id: randomUUID(), name: 'City PD', type: 'police' };
    await insertOrganization(app.db, police);
  });
  after(() => app.dispose());

  /** Sends reports (one batch) from an organization; returns each report's overdose id. */
  async function send(items: Record<string, unknown>[], organization = seeded.organization) {
    const results = await ingestReports(app.intake, cliActor, {
      jurisdiction: seeded.jurisdiction,
      organization,
      channel: 'api',
      items: items.map((raw) => ({ raw, fields: raw })),
    });
    for (const r of results) assert.equal(r.status, 'accepted', JSON.stringify(r.problems));
    return results.map((r) => r.overdoseId as string);
  }
  const report = (id: string, at: string, person: object | null, place = [41.7658, -72.6734]) => ({
    source_record_id: id,
    occurred_at: at,
    latitude: place[0],
    longitude: place[1],
    ...(person ? { person } : {}),
  });
  async function statusOf(overdoseId: string): Promise<string> {
    const [row] = await app.db.query<{ repeat_status: string }>(
      'select repeat_status from overdoses where jurisdiction_id = $1 and id = $2',
      [seeded.jurisdiction.id, overdoseId],
    );
    return row?.repeat_status ?? 'missing';
  }

  it('finds repeats within a year, also when the earlier overdose arrives late', async () => {
    const [ann1] = await send([report('ems-1', '2024-03-01T10:00:00Z', ann)]);
    const [ann2] = await send([report('ems-2', '2024-05-01T10:00:00Z', ann, [41.3, -72.9])]);
    assert.deepEqual(
      [await statusOf(ann1 as string), await statusOf(ann2 as string)],
      ['first_known', 'repeat'],
    );

    const [bobLater] = await send([report('ems-3', '2024-06-10T10:00:00Z', bob)]);
    assert.equal(await statusOf(bobLater as string), 'first_known');
    const [bobEarlier] = await send([
      report('ems-4', '2024-06-01T10:00:00Z', { ...bob, last_name: 'STONE' }),
    ]);
    assert.equal(await statusOf(bobEarlier as string), 'first_known');
    assert.equal(
      await statusOf(bobLater as string),
      'repeat',
      'the late earlier report turns it into a repeat',
    );

    const [cy1, cy2] = await send([
      report('ems-5', '2022-01-01T10:00:00Z', cy),
      report('ems-6', '2024-01-01T10:00:00Z', cy),
    ]);
    assert.deepEqual(
      [await statusOf(cy1 as string), await statusOf(cy2 as string)],
      ['first_known', 'first_known'],
    );

    const [same1, same2] = await send([
      report('ems-7', '2024-02-01T10:00:00Z', eve, [41.2, -73.1]),
      report('ems-8', '2024-02-20T10:00:00Z', eve, [41.2, -73.1]),
    ]);
    assert.deepEqual(
      [await statusOf(same1 as string), await statusOf(same2 as string)],
      ['first_known', 'repeat'],
      'two overdoses of one person in one batch',
    );
    const [unknown] = await send([
      report('ems-9', '2024-02-21T10:00:00Z', { first_name: 'Ann', last_name: 'Lee' }),
    ]);
    assert.equal(await statusOf(unknown as string), 'unidentified', 'no birth date, no match');
  });

  it('counts an overdose reported by two sources once, not as a repeat of itself', async () => {
    const [emsSide] = await send([report('ems-20', '2024-07-01T10:00:00Z', dee, [41.55, -72.65])]);
    const [policeSide] = await send(
      [report('pd-20', '2024-07-01T10:20:00Z', dee, [41.5502, -72.6501])],
      police,
    );
    assert.equal(policeSide, emsSide, 'linked into one overdose');
    assert.equal(await statusOf(emsSide as string), 'first_known');
    const [next] = await send([report('ems-21', '2024-08-01T10:00:00Z', dee, [41.55, -72.65])]);
    assert.equal(await statusOf(next as string), 'repeat');
  });

  it('settles again when a correction takes a person away or moves an overdose', async () => {
    const [earlier] = await send([report('ems-30', '2024-09-01T10:00:00Z', { ...cy, first_name: 'Cyrus' })]);
    const [later] = await send([report('ems-31', '2024-09-15T10:00:00Z', { ...cy, first_name: 'Cyrus' })]);
    assert.equal(await statusOf(later as string), 'repeat');
    // The earlier report named the wrong person: its correction names someone else.
    await send([report('ems-30', '2024-09-01T10:00:00Z', { ...bob, first_name: 'Robert' })]);
    assert.equal(await statusOf(later as string), 'first_known');
    assert.equal(await statusOf(earlier as string), 'first_known');
    // A correction that moves the later overdose before the other of the same person swaps them.
    const [third] = await send([report('ems-32', '2024-10-01T10:00:00Z', { ...bob, first_name: 'Robert' })]);
    assert.equal(await statusOf(third as string), 'repeat');
    await send([report('ems-32', '2024-08-01T10:00:00Z', { ...bob, first_name: 'Robert' })]);
    assert.deepEqual(
      [await statusOf(third as string), await statusOf(earlier as string)],
      ['first_known', 'repeat'],
    );
  });

  it('keeps the repeat counts of the rollup equal to the overdoses, as the aggregates read them', async () => {
    const stored = await app.db.query<{ day: string; status: string; n: number }>(
      `select occurred_date::text as day, repeat_status as status, count(*)::int as n from overdoses
       where jurisdiction_id = $1 group by 1, 2 order by 1, 2`,
      [seeded.jurisdiction.id],
    );
    const rolled = await app.db.query<{ day: string; status: string; n: number }>(
      `select day::text, value as status, count as n from daily_dimension_counts
       where jurisdiction_id = $1 and dimension = 'repeat' and count <> 0 order by 1, 2`,
      [seeded.jurisdiction.id],
    );
    assert.deepEqual(rolled, stored);
    assert.ok(stored.some((r) => r.status === 'repeat'));
    const query: AggregateQuery = {
      jurisdictionId: seeded.jurisdiction.id,
      from: '2022-01-01',
      to: '2024-12-31',
      period: 'year',
      by: 'repeat',
      layer: null,
      area: null,
      sourceTypes: [],
      fatal: null,
      substance: null,
      caseDefinition: null,
    };
    const fromRollup = await runAggregate(app.db, aggregateStatement(query));
    assert.equal(aggregateStatement(query).source, 'dimension_rollup');
    assert.deepEqual(fromRollup, await runAggregate(app.db, aggregateStatement(query, 'scan')));
    const total = fromRollup.filter((r) => r.key === 'repeat').reduce((sum, r) => sum + r.count, 0);
    assert.equal(total, 5, 'Ann, Bob, Eve and Dee once each, and Robert after the move');
  });
});
