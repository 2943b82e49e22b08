import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { ManualTime } from '../../test/support/manual-time.js';
import { OWN_ORIGIN, signInRoles } from '../../test/support/sign-in.js';
import { describeEachEngine, openTestContext, seedJurisdiction } from '../../test/support/test-databases.js';
import type { Jurisdiction, Organization } from '../access/jurisdictions/jurisdiction.js';
import { insertOrganization } from '../access/jurisdictions/jurisdiction-repository.js';
import { cliActor, type Role } from '../access/roles.js';
import { ingestReports } from '../intake/intake-service.js';
import { buildApp } from '../main/app.js';
import type { AppContext } from '../main/app-context.js';
import { importLayer } from '../surveillance/layer-service.js';

/** Four square areas q00..q11 of 0.1 degree from (41.0, -73.0), with 1,000 to 4,000 residents. */
function quadsGeoJson(): string {
  const features = [];
  for (const row of [0, 1])
    for (const col of [0, 1]) {
      const [s, w] = [41 + row * 0.1, -73 + col * 0.1];
      features.push({
        type: 'Feature',
        properties: { code: `q${row}${col}` },
        geometry: {
          type: 'Polygon',
          coordinates: [
            [
              [w, s],
              [w + 0.1, s],
              [w + 0.1, s + 0.1],
              [w, s + 0.1],
              [w, s],
            ],
          ],
        },
      });
    }
  return JSON.stringify({ type: 'FeatureCollection', features });
}

/** The centre of a quad. */
const centre = (quad: string) => ({
  latitude: 41.05 + Number(quad[1]) * 0.1,
  longitude: -72.95 + Number(quad[2]) * 0.1,
});

/** Overdoses of 2024 per quad (and one of 2023 in q10, outside the period). */
const OVERDOSES: Record<string, number> = { q00: 8, q01: 6, q10: 2, q11: 1 };

const ROLES: Role[] = [
  'administrator',
  'analyst',
  'public_safety_analyst',
  'harm_reduction_partner',
  'outreach_coordinator',
  'outreach_worker',
  'service_provider',
];

describeEachEngine('naloxone: kits, access points, vending stock and deserts', (engine) => {
  const time = new ManualTime(new Date('2025-01-20T15:00:00Z'));
  let context: AppContext & { dispose(): Promise<void> };
  let app: FastifyInstance;
  let jurisdiction: Jurisdiction;
  let ems: Organization;
  let harmReduction: Organization;
  let cookies: Map<Role, string>;
  let submitterCookie: string;
  let apiKey: string;
  const folder = mkdtempSync(path.join(tmpdir(), 'sos-naloxone-'));

  const call = (who: string | null, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown) => {
    const auth =
      who === 'api_key'
        ? { authorization: `Bearer ${apiKey}` }
        : who === 'submitter'
          ? { cookie: submitterCookie }
          : who
            ? { cookie: cookies.get(who as Role) as string }
            : {};
    return app.inject({
      method,
      url,
      headers: { ...auth, origin: OWN_ORIGIN },
      ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
    });
  };

  before(async () => {
    context = await openTestContext(engine, { clock: time });
    ({ jurisdiction, organization: ems } = await seedJurisdiction(context.db));
    harmReduction = {
      jurisdictionId: jurisdiction.id,
      id: crypto.randomUUID(),
      name: 'Harm Reduction Works',
      type: 'harm_reduction',
    };
    await insertOrganization(context.db, harmReduction);
    const geojsonPath = path.join(folder, 'quads.geojson');
    writeFileSync(geojsonPath, quadsGeoJson());
    const populationPath = path.join(folder, 'quads.csv');
    writeFileSync(populationPath, 'code,pop\nq00,1000\nq01,2000\nq10,3000\nq11,4000\n');
    await importLayer(context, cliActor, {
      jurisdiction,
      geojsonPath,
      name: 'quads',
      idProperty: 'code',
      population: { csvPath: populationPath, idColumn: 'code', populationColumn: 'pop' },
    });
    const items: Record<string, unknown>[] = [];
    for (const [quad, count] of Object.entries(OVERDOSES)) {
      for (let i = 0; i < count; i++) {
        items.push({
          source_record_id: `${quad}-${i}`,
          occurred_at: `2024-0${1 + (i % 9)}-10T12:00:00`,
          ...centre(quad),
        });
      }
    }
    items.push({ source_record_id: 'old', occurred_at: '2023-06-10T12:00:00', ...centre('q10') });
    const results = await ingestReports(context.intake, cliActor, {
      jurisdiction,
      organization: ems,
      channel: 'api',
      items: items.map((fields) => ({ raw: fields, fields })),
    });
    assert.equal(results.filter((r) => r.status === 'accepted').length, items.length);
    app = await buildApp(context);
    cookies = await signInRoles(app, context, jurisdiction.id, ROLES, harmReduction.id);
    const submitter = await signInRoles(app, context, jurisdiction.id, ['submitter'], harmReduction.id);
    submitterCookie = submitter.get('submitter') as string;
    ({ key: apiKey } = await context.access.createApiKey(cliActor, {
      jurisdictionId: jurisdiction.id,
      organizationId: harmReduction.id,
      name: 'kits',
    }));
  });
  after(async () => {
    await app.close();
    await context.dispose();
    rmSync(folder, { recursive: true, force: true });
  });

  it('records kits through the API key and by submitters for their own organization only, idempotently', async () => {
    const first = await call('api_key', 'POST', '/api/v1/naloxone/distributions', {
      distributions: [
        {
          source_id: 'k1',
          site_type: 'vending_machine',
          area_id: 'q00',
          week: '2024-03-13',
          kits: 20,
          doses_per_kit: 2,
        },
        { source_id: 'k2', site_type: 'outreach', area_id: 'q01', date: '2024-04-02', kits: 60 },
        { source_id: 'k3', site_type: 'pharmacy', area_id: 'q99', date: '2024-04-02', kits: 5 },
        { source_id: 'k4', site_type: 'pharmacy', area_id: 'q10', date: '2026-01-01', kits: 5 },
      ],
    });
    assert.equal(first.statusCode, 200, first.body);
    const body = first.json();
    assert.equal(body.stored, 2);
    assert.deepEqual(
      body.quarantined.map((q: { row: number; problems: { field: string; code: string }[] }) => [
        q.row,
        q.problems.map((p) => `${p.field}:${p.code}`),
      ]),
      [
        [2, ['area_id:UNKNOWN_VALUE']],
        [3, ['date:DATE_IN_FUTURE']],
      ],
    );
    assert.match(body.quarantined[0].problems[0].message, /no area "q99" in the layer quads/);
    // The same source id again replaces the record: 60 kits become 40, not 100.
    const again = await call('submitter', 'POST', '/api/v1/naloxone/distributions', {
      distributions: [
        { source_id: 'k2', site_type: 'outreach', area_id: 'q01', date: '2024-04-02', kits: 40 },
      ],
    });
    assert.equal(again.statusCode, 200, again.body);
    assert.deepEqual([again.json().created, again.json().replaced], [0, 1]);
    const [row] = await context.db.query<{ n: string; kits: string }>(
      `select count(*) as n, sum(kits) as kits from naloxone_distributions where jurisdiction_id = $1 and source_id = 'k2'`,
      [jurisdiction.id],
    );
    assert.deepEqual([Number(row?.n), Number(row?.kits)], [1, 40]);
    // The week is kept as given (its Sunday), with its precision.
    const [week] = await context.db.query<{ d: string; p: string }>(
      `select to_char(distributed_on, 'YYYY-MM-DD') as d, date_precision as p from naloxone_distributions where source_id = 'k1' and jurisdiction_id = $1`,
      [jurisdiction.id],
    );
    assert.deepEqual(week, { d: '2024-03-10', p: 'week' });
    const other = await call('submitter', 'POST', '/api/v1/naloxone/distributions', {
      organization_id: ems.id,
      distributions: [{ source_id: 'x', site_type: 'outreach', area_id: 'q01', date: '2024-04-02', kits: 1 }],
    });
    assert.equal(other.statusCode, 403, other.body);
  });

  it('imports a CSV, keeping good rows and quarantining bad ones by row, line and field', async () => {
    const csv = [
      'source_id,site_type,area_id,date,week,kits,doses_per_kit',
      'c1,pharmacy,q10,2024-05-01,,10,2',
      'c2,pharmacy,q11,2024-05-01,,ten,2',
      'c3,library,q11,,2024-06-05,50,',
      'c4,bakery,q11,2024-05-01,,5,',
      'c1,pharmacy,q10,2024-05-02,,3,',
      'c6,pharmacy,q00,2024-02-30,,3,',
    ].join('\n');
    const response = await call('harm_reduction_partner', 'POST', '/api/v1/naloxone/distributions/import', {
      organization_id: harmReduction.id,
      file_name: 'kits.csv',
      csv,
    });
    assert.equal(response.statusCode, 200, response.body);
    const body = response.json();
    assert.equal(body.stored, 2);
    assert.deepEqual(
      body.quarantined.map(
        (q: { row: number; line: number; problems: { field: string; code: string }[] }) => [
          q.row,
          q.line,
          q.problems.map((p) => `${p.field}:${p.code}`).join(' '),
        ],
      ),
      [
        [2, 3, 'kits:INVALID_TYPE'],
        [4, 5, 'site_type:UNKNOWN_VALUE'],
        [5, 6, 'source_id:DUPLICATE_IN_BATCH'],
        [6, 7, 'date:INVALID_DATE'],
      ],
    );
    const missing = await call('harm_reduction_partner', 'POST', '/api/v1/naloxone/distributions/import', {
      organization_id: harmReduction.id,
      file_name: 'short.csv',
      csv: 'source_id,area_id,date\nx,q00,2024-01-01\n',
    });
    assert.equal(missing.statusCode, 400, missing.body);
    assert.equal(missing.json().error.code, 'CSV_MISSING_COLUMNS');
    assert.match(missing.json().error.message, /short\.csv/);
  });

  it('lets analysts, partners, public safety and coordinators read; refuses outreach workers and providers', async () => {
    for (const role of [
      'analyst',
      'public_safety_analyst',
      'harm_reduction_partner',
      'outreach_coordinator',
    ] as const) {
      const response = await call(role, 'GET', '/api/v1/naloxone/coverage?from=2024-01-01&to=2024-12-31');
      assert.equal(response.statusCode, 200, `${role}: ${response.body}`);
      const kits = await call(
        role,
        'GET',
        '/api/v1/naloxone/kits?from=2024-01-01&to=2024-12-31&period=month',
      );
      assert.equal(kits.statusCode, 200, `${role}: ${kits.body}`);
    }
    for (const who of ['outreach_worker', 'service_provider', 'submitter', 'api_key', null] as const) {
      const response = await call(who, 'GET', '/api/v1/naloxone/coverage');
      assert.ok([401, 403].includes(response.statusCode), `${who}: ${response.statusCode}`);
    }
    for (const role of [
      'outreach_worker',
      'service_provider',
      'public_safety_analyst',
      'outreach_coordinator',
    ] as const) {
      const response = await call(role, 'POST', '/api/v1/naloxone/distributions', {
        organization_id: harmReduction.id,
        distributions: [
          { source_id: `r-${role}`, site_type: 'outreach', area_id: 'q01', date: '2024-04-02', kits: 1 },
        ],
      });
      assert.equal(response.statusCode, 403, `${role}: ${response.body}`);
    }
    const byKey = await call('api_key', 'POST', '/api/v1/naloxone/access-points', {
      name: 'x',
      site_type: 'pharmacy',
      address: null,
      ...centre('q00'),
      hours: [],
    });
    assert.equal(byKey.statusCode, 403, byKey.body);
  });

  it('keeps access points with hours and open-now, and shows a vending machine low on stock', async () => {
    const machine = await call('harm_reduction_partner', 'POST', '/api/v1/naloxone/access-points', {
      name: 'Library machine',
      site_type: 'vending_machine',
      address: '1 Main St',
      ...centre('q11'),
      hours: [{ byday: ['MO', 'TU', 'WE', 'TH', 'FR'], opens_at: '09:00', closes_at: '17:00' }],
      low_stock_kits: 4,
    });
    assert.equal(machine.statusCode, 201, machine.body);
    const point = machine.json();
    assert.equal(point.area_id, 'q11');
    // Monday 20 January 2025, 10:00 in New York.
    assert.equal(point.open_now, true);
    assert.equal(point.hours_text, 'Mon, Tue, Wed, Thu, Fri 09:00-17:00');
    const stocked = await call('analyst', 'POST', `/api/v1/naloxone/access-points/${point.id}/stock`, {
      kits_left: 4,
      restocked: false,
    });
    assert.equal(stocked.statusCode, 200, stocked.body);
    assert.deepEqual([stocked.json().last_stock.kits_left, stocked.json().low_stock], [4, true]);
    const refilled = await call('analyst', 'POST', `/api/v1/naloxone/access-points/${point.id}/stock`, {
      kits_left: 30,
      restocked: true,
    });
    assert.equal(refilled.json().low_stock, false);
    // A machine's own API key reports its stock: the organization that runs it, and only that one.
    const owned = await call('analyst', 'POST', '/api/v1/naloxone/access-points', {
      name: 'Jail machine',
      site_type: 'vending_machine',
      address: null,
      ...centre('q10'),
      hours: [],
      organization_id: harmReduction.id,
    });
    assert.equal(owned.statusCode, 201, owned.body);
    const byOwner = await call('api_key', 'POST', `/api/v1/naloxone/access-points/${owned.json().id}/stock`, {
      kits_left: 2,
      restocked: false,
    });
    assert.equal(byOwner.statusCode, 200, byOwner.body);
    assert.deepEqual([byOwner.json().last_stock.kits_left, byOwner.json().low_stock], [2, true]);
    const notOwner = await call('api_key', 'POST', `/api/v1/naloxone/access-points/${point.id}/stock`, {
      kits_left: 2,
      restocked: false,
    });
    assert.equal(notOwner.statusCode, 403, notOwner.body);
    const pharmacy = await call('analyst', 'POST', '/api/v1/naloxone/access-points', {
      name: 'Closed pharmacy',
      site_type: 'pharmacy',
      address: null,
      ...centre('q10'),
      hours: [],
    });
    assert.equal(pharmacy.statusCode, 201);
    assert.equal(pharmacy.json().open_now, null);
    const notMachine = await call(
      'analyst',
      'POST',
      `/api/v1/naloxone/access-points/${pharmacy.json().id}/stock`,
      {
        kits_left: 3,
        restocked: false,
      },
    );
    assert.equal(notMachine.json().error.code, 'NALOXONE_NOT_A_VENDING_MACHINE');
    const retired = await call('analyst', 'PATCH', `/api/v1/naloxone/access-points/${pharmacy.json().id}`, {
      active: false,
    });
    assert.equal(retired.json().active, false);
    const outside = await call('analyst', 'POST', '/api/v1/naloxone/access-points', {
      name: 'Far away',
      site_type: 'pharmacy',
      address: null,
      latitude: 45,
      longitude: -70,
      hours: [],
    });
    assert.equal(outside.json().error.code, 'NALOXONE_POINT_OUTSIDE');
    const refused = await call('public_safety_analyst', 'POST', '/api/v1/naloxone/access-points', {
      name: 'x',
      site_type: 'pharmacy',
      address: null,
      ...centre('q00'),
      hours: [],
    });
    assert.equal(refused.statusCode, 403);
    const page = await call('outreach_coordinator', 'GET', '/api/v1/naloxone/access-points?limit=2');
    assert.deepEqual(
      page.json().access_points.map((p: { name: string }) => p.name),
      ['Library machine', 'Jail machine'],
    );
    const next = await call(
      'outreach_coordinator',
      'GET',
      `/api/v1/naloxone/access-points?limit=2&cursor=${page.json().next_cursor}`,
    );
    assert.deepEqual(
      next.json().access_points.map((p: { name: string }) => p.name),
      ['Closed pharmacy'],
    );
    assert.equal(next.json().next_cursor, null);
    const audit = await context.db.query<{ action: string }>(
      `select action from audit_entries where jurisdiction_id = $1 and action like 'naloxone%' order by seq`,
      [jurisdiction.id],
    );
    assert.ok(audit.some((a) => a.action === 'naloxone_stock.report'));
    assert.ok(audit.some((a) => a.action === 'naloxone_access_point.create'));
  });

  it('finds the deserts the rule gives when computed again from the overdoses, kits and points in SQL', async () => {
    const response = await call(
      'harm_reduction_partner',
      'GET',
      '/api/v1/naloxone/coverage?from=2024-01-01&to=2024-12-31',
    );
    assert.equal(response.statusCode, 200, response.body);
    const coverage = response.json();
    // Independently: overdoses from the overdoses and their areas (not the rollups), kits and active
    // access points from their tables, residents from the layer.
    const rows = await context.db.query<{
      area_id: string;
      population: string;
      overdoses: string;
      kits: string;
      points: string;
    }>(
      `select a.area_id, a.population,
         (select count(*) from overdose_areas oa join overdoses o on o.jurisdiction_id = oa.jurisdiction_id and o.id = oa.overdose_id
           where oa.jurisdiction_id = a.jurisdiction_id and oa.layer_id = a.layer_id and oa.area_id = a.area_id
             and o.occurred_date between '2024-01-01' and '2024-12-31') as overdoses,
         (select coalesce(sum(kits), 0) from naloxone_distributions d where d.jurisdiction_id = a.jurisdiction_id
             and d.area_id = a.area_id and d.distributed_on between '2024-01-01' and '2024-12-31') as kits,
         (select count(*) from naloxone_access_points p where p.jurisdiction_id = a.jurisdiction_id
             and p.area_id = a.area_id and p.active) as points
       from areas a where a.jurisdiction_id = $1 order by a.area_id`,
      [jurisdiction.id],
    );
    const areas = rows.map((r) => ({
      id: r.area_id,
      population: Number(r.population),
      overdoses: Number(r.overdoses),
      kits: Number(r.kits),
      points: Number(r.points),
    }));
    assert.deepEqual(
      areas.map((a) => a.overdoses),
      [8, 6, 2, 1],
    );
    const rate = (a: { overdoses: number; population: number }) => (a.overdoses / a.population) * 100_000;
    const overall =
      (areas.reduce((s, a) => s + a.overdoses, 0) / areas.reduce((s, a) => s + a.population, 0)) * 100_000;
    const deserts = areas
      .filter(
        (a) =>
          a.overdoses >= 5 && rate(a) > overall && a.kits < 10 * a.overdoses && a.points * 10 < a.overdoses,
      )
      .map((a) => a.id);
    assert.deepEqual(deserts, ['q00', 'q01']);
    assert.deepEqual(
      coverage.deserts.map((d: { area_id: string }) => d.area_id),
      deserts,
    );
    for (const area of areas) {
      const shown = coverage.areas.find((a: { area_id: string }) => a.area_id === area.id);
      assert.deepEqual(
        [shown.overdoses, shown.kits, shown.access_points, shown.rate],
        [area.overdoses, area.kits, area.points, rate(area)],
        area.id,
      );
    }
    assert.equal((coverage.map_svg.match(/data-desert="/g) ?? []).length, 2);
    assert.match(coverage.map_svg, /data-area="q00" data-desert="1"/);
    assert.match(coverage.map_svg, /data-access-point="Library machine"/);
    assert.doesNotMatch(coverage.map_svg, /data-access-point="Closed pharmacy"/);
    // A lower kits threshold narrows them: q01's 40 kits are 6.7 per overdose, under 10 but not under 5.
    const strict = await call(
      'analyst',
      'GET',
      '/api/v1/naloxone/coverage?from=2024-01-01&to=2024-12-31&kits_per_overdose=7',
    );
    assert.deepEqual(
      strict.json().deserts.map((d: { area_id: string }) => d.area_id),
      areas
        .filter(
          (a) =>
            a.overdoses >= 5 && rate(a) > overall && a.kits < 7 * a.overdoses && a.points * 10 < a.overdoses,
        )
        .map((a) => a.id),
    );
  });

  it('sums kits by area and week or month', async () => {
    const response = await call(
      'public_safety_analyst',
      'GET',
      '/api/v1/naloxone/kits?from=2024-01-01&to=2024-12-31&period=month',
    );
    const body = response.json();
    const [truth] = await context.db.query<{ kits: string }>(
      `select sum(kits) as kits from naloxone_distributions where jurisdiction_id = $1`,
      [jurisdiction.id],
    );
    assert.equal(body.total, Number(truth?.kits));
    assert.ok(
      body.rows.some(
        (r: { period: string; area_id: string; kits: number }) =>
          r.period === '2024-03-01' && r.area_id === 'q00' && r.kits === 20,
      ),
    );
  });
});
