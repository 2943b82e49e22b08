import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { cliActor } from '../../src/access/roles.js';
import { buildApp } from '../../src/main/app.js';
import type { AppContext } from '../../src/main/app-context.js';
import { describeEachEngine, openTestContext, seedJurisdiction } from '../support/test-databases.js';
import { assertAnswer, fuzz, hostileText, intakeTables, regressionCases, rowCounts } from './fuzz-run.js';

/** A request to POST /api/v1/reports as fast-check generates it (JSON, so a regression can keep it). */
interface JsonApiCase {
  /** `batch`: {"reports": [...]}; `single`: the one report (the first); `raw`: `body` sent as it is. */
  form: 'batch' | 'single' | 'raw';
  valid: { rank: number; report: Record<string, unknown> }[];
  bad: { rank: number; report: Record<string, unknown>; hostile: [string, unknown][] }[];
  body: unknown;
}

const fields = [
  'source_record_id',
  'occurred_at',
  'latitude',
  'longitude',
  'fatal',
  'naloxone_given',
  'age',
  'sex',
  'substances',
  'person',
  'reports',
  'organization_id',
];

const validReport = fc.record({
  occurred_at: fc
    .date({
      min: new Date('2015-01-01T00:00:00Z'),
      max: new Date('2025-12-31T00:00:00Z'),
      noInvalidDate: true,
    })
    .map((d) => d.toISOString()),
  latitude: fc.double({ min: 41.0, max: 42.0, noNaN: true }),
  longitude: fc.double({ min: -73.6, max: -71.8, noNaN: true }),
  fatal: fc.boolean(),
  naloxone_given: fc.constantFrom(true, false, 'yes', 'no', null),
  age: fc.option(fc.integer({ min: 0, max: 99 }), { nil: null }),
  sex: fc.constantFrom('M', 'F', null),
  substances: fc.subarray(['fentanyl', 'cocaine', 'heroin']),
});

/** Any JSON a client might send in one field: hostile text, extreme numbers, nesting. */
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: hostileText },
  { weight: 1, arbitrary: fc.double() },
  { weight: 1, arbitrary: fc.constantFrom(1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, 0, -0) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
);

const cases: fc.Arbitrary<JsonApiCase> = fc.record({
  form: fc.constantFrom('batch' as const, 'batch' as const, 'single' as const, 'raw' as const),
  valid: fc.array(fc.record({ rank: fc.nat(20), report: validReport }), { maxLength: 5 }),
  bad: fc.array(
    fc.record({
      rank: fc.nat(20),
      report: validReport,
      hostile: fc.array(fc.tuple(fc.oneof(fc.constantFrom(...fields), hostileText), hostileValue), {
        minLength: 1,
        maxLength: 3,
      }),
    }),
    { maxLength: 5 },
  ),
  body: fc.jsonValue({ maxDepth: 4 }),
});

describeEachEngine('fuzz: the JSON API (POST /api/v1/reports)', (engine) => {
  let context: AppContext & { dispose(): Promise<void> };
  let app: FastifyInstance;
  let key: string;
  let jurisdictionId: string;
  let runs = 0;
  before(async () => {
    context = await openTestContext(engine);
    app = await buildApp(context);
    const seeded = await seedJurisdiction(context.db);
    jurisdictionId = seeded.jurisdiction.id;
    ({ key } = await context.access.createApiKey(cliActor, {
      jurisdictionId,
      organizationId: seeded.organization.id,
      name: 'fuzzed records system',
    }));
  });
  after(async () => {
    await app.close();
    await context.dispose();
  });

  /**
   * Sends one generated request: never a 500; an error answer is a catalog error and wrote nothing;
   * a batch answers every report, stores the accepted ones only and names each rejected one's fields;
   * every valid report is accepted.
   */
  const check = async (c: JsonApiCase) => {
    const run = ++runs;
    const reports = [
      ...c.valid.map((v, i) => ({
        rank: v.rank,
        valid: true,
        report: { ...v.report, source_record_id: `r${run}-v${i}` },
      })),
      ...c.bad.map((b, i) => {
        const report: Record<string, unknown> = { ...b.report, source_record_id: `r${run}-b${i}` };
        for (const [field, value] of b.hostile) report[field] = value;
        return { rank: b.rank, valid: false, report };
      }),
    ].sort((a, b) => a.rank - b.rank);
    const sent =
      c.form === 'raw'
        ? c.body
        : c.form === 'batch'
          ? { reports: reports.map((r) => r.report) }
          : (reports[0]?.report ?? {});
    const before = await rowCounts(context.db, intakeTables, jurisdictionId);
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/reports',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      payload: JSON.stringify(sent) ?? 'null',
    });
    const body = assertAnswer(response, 'POST /api/v1/reports');
    const after = await rowCounts(context.db, intakeTables, jurisdictionId);
    const stored = (after.reports ?? 0) - (before.reports ?? 0);
    if ('error' in body) {
      assert.deepEqual(after, before, `refused (${body.error.code}): nothing written`);
      return;
    }
    const results = (body.results ?? [body]) as {
      index: number;
      status: string;
      problems: { field: string }[];
    }[];
    const accepted = results.filter((r) => r.status === 'accepted').length;
    assert.equal(stored, accepted, 'one stored report per accepted report');
    for (const result of results.filter((r) => r.status === 'rejected'))
      assert.ok(
        result.problems.length > 0 && result.problems.every((p) => p.field !== ''),
        `a rejected report names its fields: ${JSON.stringify(result)}`,
      );
    if (c.form === 'raw') return;
    if (c.form === 'batch') {
      assert.equal(results.length, reports.length, 'every report of a batch is answered');
      assert.deepEqual(
        [body.accepted, body.duplicates, body.rejected],
        ['accepted', 'duplicate', 'rejected'].map((s) => results.filter((r) => r.status === s).length),
      );
    }
    const answered = c.form === 'batch' ? reports : reports.slice(0, 1);
    answered.forEach((r, index) => {
      if (r.valid)
        assert.equal(
          results[index]?.status,
          'accepted',
          `valid report ${index}: ${JSON.stringify(results[index])}`,
        );
    });
  };

  for (const kept of regressionCases<JsonApiCase>('json-api'))
    it(`replays json-api regression ${kept.file}: ${kept.found}`, () => check(kept.input));
  it('answers generated reports and batches: no 500, no partial write, valid reports kept, bad ones named', (t) =>
    fuzz(t, 'json-api', cases, check));
});
