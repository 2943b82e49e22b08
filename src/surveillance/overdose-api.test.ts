import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { describeEachEngine, openTestContext, seedJurisdiction } from '../../test/support/test-databases.js';
import { cliActor, organizationBoundRoles, type Role, roles } from '../access/roles.js';
import { ingestReports } from '../intake/intake-service.js';
import { buildApp } from '../main/app.js';
import type { AppContext } from '../main/app-context.js';

const PASSWORD = 'a long enough password';

describeEachEngine('GET /api/v1/overdoses', (engine) => {
  let context: AppContext & { dispose(): Promise<void> };
  let app: FastifyInstance;
  const cookies = new Map<Role, string>();

  before(async () => {
    context = await openTestContext(engine);
    const { jurisdiction, organization } = await seedJurisdiction(context.db);
    const other = await seedJurisdiction(context.db);
    for (const [j, o, prefix] of [
      [jurisdiction, organization, 'here'],
      [other.jurisdiction, other.organization, 'elsewhere'],
    ] as const) {
      await ingestReports(context.intake, cliActor, {
        jurisdiction: j,
        organization: o,
        channel: 'api',
        items: Array.from({ length: 5 }, (_, i) => {
          const fields = {
            source_record_id: `${prefix}-${i}`,
            occurred_at: `2024-05-0${i + 1}T12:00:00Z`,
            latitude: 41.5,
            longitude: -72.5,
            address: '12 Elm Street',
            narrative: 'neighbour called',
            sex: 'F',
          };
          return { raw: fields, fields };
        }),
      });
    }
    app = await buildApp(context);
    for (const role of roles) {
      const email = `${role}@example.org`;
      await context.access.createUser(cliActor, {
        jurisdictionId: jurisdiction.id,
        email,
        displayName: role,
        role,
        // A service provider always acts for an organization; the others are tested without one.
        organizationId: organizationBoundRoles.includes(role) ? organization.id : null,
        password: PASSWORD,
      });
      const login = await app.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { email, password: PASSWORD },
      });
      cookies.set(role, String(login.headers['set-cookie']).split(';')[0] as string);
    }
  });
  after(async () => {
    await app.close();
    await context.dispose();
  });

  const get = (role: Role | null, url = '/api/v1/overdoses?limit=2') =>
    app.inject({ method: 'GET', url, headers: role ? { cookie: cookies.get(role) as string } : {} });

  it('gives analysts their own jurisdiction, page by page, with exactly the line-level fields', async () => {
    const first = await get('analyst');
    assert.equal(first.statusCode, 200, first.body);
    const page = first.json();
    assert.deepEqual(Object.keys(page.overdoses[0]).sort(), [
      'age',
      'age_band',
      'areas',
      'case_definitions',
      'disposition',
      'ethnicity',
      'fatal',
      'h3_r9',
      'id',
      'latitude',
      'location_precision',
      'longitude',
      'naloxone_doses',
      'naloxone_given',
      'naloxone_response',
      'occurred_at',
      'occurred_date',
      'race',
      'repeat_status',
      'report_count',
      'sex',
      'source_types',
      'substances',
      'time_known',
    ]);
    assert.ok(!first.body.includes('Elm Street') && !first.body.includes('neighbour'));
    const seen = [...page.overdoses];
    let next = page.next;
    while (next) {
      const more = (await get('analyst', `/api/v1/overdoses?limit=2&cursor=${next}`)).json();
      seen.push(...more.overdoses);
      next = more.next;
    }
    assert.deepEqual(
      seen.map((o: { occurred_date: string }) => o.occurred_date),
      ['2024-05-05', '2024-05-04', '2024-05-03', '2024-05-02', '2024-05-01'],
      'all five of this jurisdiction, none of the other, newest first',
    );
  });

  it('refuses line-level records to every other role and to the public', async () => {
    for (const role of roles.filter((r) => r !== 'analyst')) {
      const response = await get(role);
      assert.equal(response.statusCode, 403, role);
      assert.equal(response.json().error.code, 'FORBIDDEN');
    }
    assert.equal((await get(null)).statusCode, 401);
  });

  it('rejects a bad query with the parameter named', async () => {
    const response = await get('analyst', '/api/v1/overdoses?from=May&limit=9999');
    assert.equal(response.statusCode, 400);
    const fields = response
      .json()
      .error.details.map((d: { field: string }) => d.field)
      .sort();
    assert.deepEqual(fields, ['from', 'limit']);
  });

  it('lists only the overdoses the dashboard filters keep', async () => {
    const count = async (query: string) =>
      (await get('analyst', `/api/v1/overdoses?${query}`)).json().overdoses.length;
    assert.equal(await count('fatal=unknown&sourceType=ems'), 5);
    assert.equal(await count('fatal=fatal'), 0);
    assert.equal(await count('from=2024-05-02&to=2024-05-03'), 2);
  });

  it('exports the line-level fields as CSV for analysts only, and audits each export', async () => {
    const response = await get(
      'analyst',
      '/api/v1/overdoses.csv?from=2024-05-01&to=2024-05-31&fatal=unknown',
    );
    assert.equal(response.statusCode, 200, response.body);
    assert.match(
      String(response.headers['content-disposition']),
      /attachment; filename="sos-overdoses-2024-05-01/,
    );
    const lines = response.body.trim().split('\r\n');
    assert.equal(lines.length, 6, 'a header and the five overdoses of this jurisdiction');
    assert.match(
      lines[0] as string,
      /^id,occurred_at,occurred_date,time_known,latitude,longitude,h3_r9,fatal,/,
    );
    assert.doesNotMatch(response.body, /Elm Street|neighbour/);
    assert.ok(lines.slice(1).every((l) => l.includes(',female,')));
    for (const role of [
      'public_safety_analyst',
      'harm_reduction_partner',
      'submitter',
      'administrator',
    ] as const) {
      assert.equal((await get(role, '/api/v1/overdoses.csv')).statusCode, 403, role);
    }
    const [audit] = await context.db.query<{ details: { records: number; fatal: string } }>(
      "select details from audit_entries where action = 'overdoses.export' order by at desc limit 1",
    );
    assert.equal(audit?.details.records, 5);
    assert.equal(audit?.details.fatal, 'unknown');
  });
});
