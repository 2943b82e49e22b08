import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { OWN_ORIGIN, signInRoles } from '../../../test/support/sign-in.js';
import {
  describeEachEngine,
  openTestContext,
  seedJurisdiction,
} from '../../../test/support/test-databases.js';
import type { Role } from '../../access/roles.js';
import { buildApp } from '../../main/app.js';
import type { AppContext } from '../../main/app-context.js';

// The schedules API on a server with no report maker (the weekly report is not wired in yet).
describeEachEngine('report schedules API', (engine) => {
  let context: AppContext & { dispose(): Promise<void> };
  let app: FastifyInstance;
  let cookies: Map<Role, string>;
  let jurisdictionId: string;

  before(async () => {
    context = await openTestContext(engine, { clock: { now: () => new Date('2024-03-06T15:00:00Z') } });
    const { jurisdiction } = await seedJurisdiction(context.db, { timeZone: 'America/Chicago' });
    jurisdictionId = jurisdiction.id;
    app = await buildApp(context);
    cookies = await signInRoles(app, context, jurisdiction.id, [
      'analyst',
      'administrator',
      'public_safety_analyst',
    ]);
  });
  after(async () => {
    await app.close();
    await context.dispose();
  });

  const call = (
    method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
    url: string,
    payload?: object,
    role: Role | null = 'analyst',
  ) =>
    app.inject({
      method,
      url,
      ...(payload ? { payload } : {}),
      headers: role ? { cookie: cookies.get(role) as string, origin: OWN_ORIGIN } : {},
    });
  const valid = {
    name: 'Partners weekly',
    audience: 'partner',
    cron: '0 7 * * 1',
    recipients: ['a@partner.test'],
  };

  it('creates, lists, changes and deletes a schedule', async () => {
    const created = await call('POST', '/api/v1/publications/schedules', valid);
    assert.equal(created.statusCode, 201, created.body);
    const schedule = created.json();
    assert.equal(schedule.format, 'pdf');
    assert.equal(schedule.enabled, true);
    assert.equal(schedule.cron_description, 'every Monday at 07:00');
    // Chicago: 07:00 CST on Monday 2024-03-11 is after the change, 12:00Z.
    assert.equal(schedule.next_run_at, '2024-03-11T12:00:00.000Z');

    const listed = (await call('GET', '/api/v1/publications/schedules', undefined, 'administrator')).json();
    assert.equal(listed.time_zone, 'America/Chicago');
    assert.deepEqual(
      listed.schedules.map((s: { id: string }) => s.id),
      [schedule.id],
    );

    const changed = await call('PATCH', `/api/v1/publications/schedules/${schedule.id}`, {
      enabled: false,
      cron: '30 6 * * 1-5',
      recipients: ['b@partner.test'],
    });
    assert.equal(changed.statusCode, 200, changed.body);
    assert.equal(changed.json().enabled, false);
    assert.equal(changed.json().cron_description, 'Monday to Friday at 06:30');
    assert.equal(changed.json().next_run_at, '2024-03-07T12:30:00.000Z');
    assert.deepEqual(changed.json().recipients, ['b@partner.test']);

    const audit = await context.db.query<{ action: string }>(
      `select action from audit_entries where subject_id = $1 order by seq`,
      [schedule.id],
    );
    assert.deepEqual(
      audit.map((a) => a.action),
      ['report_schedule.create', 'report_schedule.update'],
    );

    assert.equal((await call('DELETE', `/api/v1/publications/schedules/${schedule.id}`)).statusCode, 204);
    const gone = await call('PATCH', `/api/v1/publications/schedules/${schedule.id}`, { enabled: true });
    assert.equal(gone.statusCode, 404);
    assert.equal(gone.json().error.code, 'NOT_FOUND');
  });

  it('says which field is wrong', async () => {
    const cases: [object, string][] = [
      [{ ...valid, cron: '0 7 * *' }, 'cron'],
      [{ ...valid, cron: '*/10 * * * *' }, 'cron'],
      [{ ...valid, cron: '0 7 * * 9' }, 'cron'],
      [{ ...valid, recipients: ['not an email'] }, 'recipients.0'],
      [{ ...valid, audience: 'everyone' }, 'audience'],
      [{ ...valid, format: 'docx' }, 'format'],
      [{ ...valid, name: '' }, 'name'],
      [{ ...valid, colour: 'blue' }, '(body)'],
    ];
    for (const [payload, field] of cases) {
      const response = await call('POST', '/api/v1/publications/schedules', payload);
      assert.equal(response.statusCode, 400, JSON.stringify(payload));
      const error = response.json().error;
      assert.equal(error.code, 'VALIDATION_FAILED');
      const fields = Array.isArray(error.details)
        ? error.details.map((d: { field: string }) => d.field)
        : [error.details.field];
      assert.ok(fields.includes(field), `${JSON.stringify(payload)}: ${JSON.stringify(error)}`);
    }
    const cronError = (
      await call('POST', '/api/v1/publications/schedules', { ...valid, cron: '0 25 * * 1' })
    ).json().error;
    assert.match(cronError.message, /"0 25 \* \* 1" is not a cron pattern: .*hour/);
    const empty = await call(
      'PATCH',
      '/api/v1/publications/schedules/0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b',
      {},
    );
    assert.equal(empty.statusCode, 400);
    assert.equal(
      (await call('PATCH', '/api/v1/publications/schedules/42', { enabled: true })).statusCode,
      400,
    );
  });

  it('reads a cron pattern back in words with its next runs', async () => {
    const preview = await call(
      'GET',
      `/api/v1/publications/schedules/cron-preview?cron=${encodeURIComponent('0 7 * * 1')}`,
    );
    assert.equal(preview.statusCode, 200, preview.body);
    assert.deepEqual(preview.json(), {
      cron: '0 7 * * 1',
      description: 'every Monday at 07:00',
      time_zone: 'America/Chicago',
      next_runs: ['2024-03-11T12:00:00.000Z', '2024-03-18T12:00:00.000Z', '2024-03-25T12:00:00.000Z'],
    });
    const bad = await call('GET', '/api/v1/publications/schedules/cron-preview?cron=weekly');
    assert.equal(bad.statusCode, 400);
    assert.deepEqual(bad.json().error.details, { field: 'cron' });
  });

  it('keeps schedules to analysts and administrators', async () => {
    const partner = await call('POST', '/api/v1/publications/schedules', valid, 'public_safety_analyst');
    assert.equal(partner.statusCode, 403);
    assert.equal(
      (await call('GET', '/api/v1/publications/schedules', undefined, 'public_safety_analyst')).statusCode,
      403,
    );
    assert.equal((await call('GET', '/api/v1/publications/schedules', undefined, null)).statusCode, 401);
  });

  it('keeps internal reports to the analysts and the domains an analyst allowlisted, 422 naming the rest', async () => {
    const analystEmail = `analyst.${jurisdictionId}@example.org`;
    const internal = { ...valid, audience: 'internal', recipients: [analystEmail, 'me@attacker.test'] };
    const refused = await call('POST', '/api/v1/publications/schedules', internal, 'administrator');
    assert.equal(refused.statusCode, 422, refused.body);
    assert.equal(refused.json().error.code, 'REPORT_RECIPIENT_NOT_ALLOWED');
    assert.deepEqual(refused.json().error.details, { field: 'recipients', recipients: ['me@attacker.test'] });
    assert.match(refused.json().error.message, /not allowed: me@attacker\.test$/);

    const domains = '/api/v1/publications/settings/internal-domains';
    const byAdministrator = await call('PUT', domains, { domains: ['attacker.test'] }, 'administrator');
    assert.equal(byAdministrator.statusCode, 403);
    for (const bad of ['*.attacker.test', 'me@attacker.test', 'attacker', 'a b.test', '.attacker.test']) {
      const response = await call('PUT', domains, { domains: [bad] });
      assert.equal(response.statusCode, 400, bad);
      assert.deepEqual(
        response.json().error.details.map((d: { field: string }) => d.field),
        ['domains.0'],
      );
    }
    const set = await call('PUT', domains, { domains: [' Health.Example.GOV '] });
    assert.equal(set.statusCode, 200, set.body);
    assert.deepEqual(set.json(), { domains: ['health.example.gov'] });
    assert.deepEqual((await call('GET', domains, undefined, 'administrator')).json(), {
      domains: ['health.example.gov'],
    });
    assert.equal((await call('GET', domains, undefined, 'public_safety_analyst')).statusCode, 403);

    const created = await call(
      'POST',
      '/api/v1/publications/schedules',
      { ...internal, recipients: [analystEmail, 'lab@health.example.gov'] },
      'administrator',
    );
    assert.equal(created.statusCode, 201, created.body);
    const { id } = created.json();
    const patched = await call(
      'PATCH',
      `/api/v1/publications/schedules/${id}`,
      { recipients: ['lab@evil.health.example.gov.attacker.com'] },
      'administrator',
    );
    assert.equal(patched.statusCode, 422, patched.body);
    assert.deepEqual(patched.json().error.details.recipients, ['lab@evil.health.example.gov.attacker.com']);

    const partner = (await call('POST', '/api/v1/publications/schedules', valid, 'administrator')).json();
    const toInternal = await call(
      'PATCH',
      `/api/v1/publications/schedules/${partner.id}`,
      { audience: 'internal' },
      'administrator',
    );
    assert.equal(toInternal.statusCode, 422, toInternal.body);
    assert.deepEqual(toInternal.json().error.details.recipients, ['a@partner.test']);
  });

  it('runs a schedule now with the real report maker and archives the report', async () => {
    const { id } = (await call('POST', '/api/v1/publications/schedules', valid)).json();
    const run = await call('POST', `/api/v1/publications/schedules/${id}/run`);
    assert.equal(run.statusCode, 201, run.body);
    assert.equal(run.json().report.content_type, 'application/pdf');
    assert.equal(run.json().report.week, '2024-W09');
  });

  it('documents every endpoint under the publications tag', async () => {
    const docs = (await app.inject({ url: '/api/docs/json' })).json();
    const operations = [
      docs.paths['/api/v1/publications/schedules'].get,
      docs.paths['/api/v1/publications/schedules'].post,
      docs.paths['/api/v1/publications/schedules/cron-preview'].get,
      docs.paths['/api/v1/publications/schedules/{id}'].patch,
      docs.paths['/api/v1/publications/schedules/{id}'].delete,
      docs.paths['/api/v1/publications/schedules/{id}/run'].post,
      docs.paths['/api/v1/publications/settings/internal-domains'].get,
      docs.paths['/api/v1/publications/settings/internal-domains'].put,
      docs.paths['/api/v1/publications/archive'].get,
      docs.paths['/api/v1/publications/archive/{id}'].get,
    ];
    for (const operation of operations) assert.deepEqual(operation.tags, ['publications']);
    const body =
      docs.paths['/api/v1/publications/schedules'].post.requestBody.content['application/json'].schema;
    assert.deepEqual(body.properties.audience.enum, ['internal', 'partner', 'public']);
  });

  it('keeps the old /api/v1/report-schedules paths answering alike, marked deprecated with their successor', async () => {
    const created = (await call('POST', '/api/v1/report-schedules', valid)).json();
    const current = await call('GET', `/api/v1/publications/schedules`);
    const old = await call('GET', `/api/v1/report-schedules`);
    assert.equal(old.statusCode, 200, old.body);
    assert.deepEqual(old.json(), current.json());
    assert.ok(old.json().schedules.some((s: { id: string }) => s.id === created.id));
    assert.equal(current.headers.deprecation, undefined);
    assert.equal(old.headers.deprecation, `@${Date.parse('2026-12-06T00:00:00Z') / 1000}`);
    assert.equal(old.headers.link, '</api/v1/publications/schedules>; rel="successor-version"');
    // Errors say so too, and the link keeps the rest of the path and the query.
    const missing = await call('DELETE', '/api/v1/report-schedules/00000000-0000-4000-8000-000000000000?x=1');
    assert.equal(missing.statusCode, 404);
    assert.equal(
      missing.headers.link,
      '</api/v1/publications/schedules/00000000-0000-4000-8000-000000000000?x=1>; rel="successor-version"',
    );
    const docs = (await app.inject({ url: '/api/docs/json' })).json();
    assert.equal(docs.paths['/api/v1/report-schedules'].get.deprecated, true);
    assert.equal(docs.paths['/api/v1/reports/archive'].get.deprecated, true);
    assert.equal(docs.paths['/api/v1/publications/schedules'].get.deprecated, undefined);
  });
});
