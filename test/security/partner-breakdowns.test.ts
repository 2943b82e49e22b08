import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { cliActor, type Role } from '../../src/access/roles.js';
import { ingestReports } from '../../src/intake/intake-service.js';
import { buildApp } from '../../src/main/app.js';
import type { AppContext } from '../../src/main/app-context.js';
import { parseReportWeek } from '../../src/publications/weekly/report-week.js';
import { buildWeeklyReport } from '../../src/publications/weekly/weekly-report-service.js';
import { signInRoles } from '../support/sign-in.js';
import { describeEachEngine, openTestContext, seedJurisdiction } from '../support/test-databases.js';

/**
 * Partners (T1) see counts by area and day as they are, but a breakdown by a person attribute only
 * over whole months that held at least k overdoses (the public k, 10 by default). Analysts (T2) see
 * every count.
 */
describeEachEngine('partner breakdowns by person attribute', (engine) => {
  let context: AppContext & { dispose(): Promise<void> };
  let app: FastifyInstance;
  let cookies: Map<Role, string>;
  let seeded: Awaited<ReturnType<typeof seedJurisdiction>>;

  before(async () => {
    context = await openTestContext(engine);
    seeded = await seedJurisdiction(context.db);
    // May 2024: 3 overdoses (one of them aged 71); June 2024: 12.
    const days = [
      ...['05-03', '05-10', '05-20'].map((d, i) => ({ id: `may-${i}`, day: d, age: i === 0 ? 71 : 30 })),
      ...Array.from({ length: 12 }, (_, i) => ({
        id: `june-${i}`,
        day: `06-${String(i + 2).padStart(2, '0')}`,
        age: 20 + i,
      })),
    ];
    await ingestReports(context.intake, cliActor, {
      jurisdiction: seeded.jurisdiction,
      organization: seeded.organization,
      channel: 'api',
      items: days.map(({ id, day, age }) => {
        const fields = {
          source_record_id: id,
          occurred_at: `2024-${day}T16:00:00Z`,
          latitude: 41.5,
          longitude: -72.5,
          age,
          sex: 'M',
        };
        return { raw: fields, fields };
      }),
    });
    app = await buildApp(context);
    cookies = await signInRoles(app, context, seeded.jurisdiction.id, [
      'analyst',
      'public_safety_analyst',
      'harm_reduction_partner',
    ]);
  });
  after(async () => {
    await app.close();
    await context.dispose();
  });

  const counts = async (role: Role, query: string) => {
    const answer = await app.inject({
      method: 'GET',
      url: `/api/v1/aggregates/counts?${query}`,
      headers: { cookie: cookies.get(role) as string },
    });
    assert.equal(answer.statusCode, 200, answer.body);
    return answer.json() as {
      period: string;
      from: string;
      to: string;
      rows: { period: string; key: string; count: number }[];
      disclosure?: { k: number; withheld_months: string[] };
    };
  };
  const total = (rows: { count: number }[]) => rows.reduce((s, r) => s + r.count, 0);

  it('withholds a month of fewer than k overdoses from partners, by age band and by sex', async () => {
    for (const role of ['public_safety_analyst', 'harm_reduction_partner'] as const) {
      for (const by of ['age_band', 'sex']) {
        const view = await counts(role, `from=2024-05-01&to=2024-06-30&period=all&by=${by}`);
        assert.deepEqual(view.disclosure, {
          rule: 'partner_person_attribute',
          k: 10,
          withheld_months: ['2024-05-01'],
        });
        assert.equal(total(view.rows), 12, `${role} by ${by}: June only`);
        assert.ok(!view.rows.some((r) => r.key === '70-74'), 'the 71-year-old of May is not shown');
      }
    }
  });

  it('gives analysts every count and no disclosure note', async () => {
    const view = await counts('analyst', 'from=2024-05-01&to=2024-06-30&period=all&by=age_band');
    assert.equal(view.disclosure, undefined);
    assert.equal(total(view.rows), 15);
  });

  it('counts partners by whole months: days and weeks become months, ranges widen to whole months', async () => {
    const view = await counts('public_safety_analyst', 'from=2024-06-05&to=2024-06-20&period=day&by=sex');
    assert.equal(view.period, 'month');
    assert.deepEqual([view.from, view.to], ['2024-06-01', '2024-06-30']);
    assert.deepEqual(view.rows, [{ period: '2024-06-01', key: 'male', count: 12 }]);
  });

  it('leaves counts by day and area as they are for partners', async () => {
    const view = await counts('public_safety_analyst', 'from=2024-05-01&to=2024-05-31&period=day&by=none');
    assert.equal(view.disclosure, undefined);
    assert.equal(total(view.rows), 3);
    assert.equal(view.period, 'day');
  });

  it('applies the same rule to the CSV export of a view', async () => {
    const answer = await app.inject({
      method: 'GET',
      url: '/api/v1/aggregates/counts.csv?from=2024-05-01&to=2024-05-31&period=all&by=age_band',
      headers: { cookie: cookies.get('public_safety_analyst') as string },
    });
    assert.equal(answer.statusCode, 200, answer.body);
    assert.deepEqual(answer.body.trim().split('\n'), ['period_start,age_band,count']);
  });

  it('leaves age and sex out of a partner report of a week with fewer than k overdoses, and says why', async () => {
    const partner = {
      kind: 'user',
      userId: 'p',
      jurisdictionId: seeded.jurisdiction.id,
      role: 'public_safety_analyst',
      organizationId: null,
    } as const;
    const week = parseReportWeek('2024-W18');
    const report = await buildWeeklyReport(
      context.db,
      partner,
      { jurisdiction: seeded.jurisdiction.id, week, audience: 'partner' },
      { clock: context.clock },
    );
    assert.equal(report.headline.total, 1);
    assert.deepEqual(
      report.breakdowns.map((b) => b.dimension).filter((d) => d === 'age_band' || d === 'sex'),
      [],
    );
    assert.ok(report.notes.some((n) => n.startsWith('Age and sex are not shown')));
    const internal = await buildWeeklyReport(
      context.db,
      { ...partner, role: 'analyst' },
      { jurisdiction: seeded.jurisdiction.id, week, audience: 'internal' },
      { clock: context.clock },
    );
    assert.ok(internal.breakdowns.some((b) => b.dimension === 'age_band'));
  });
});
