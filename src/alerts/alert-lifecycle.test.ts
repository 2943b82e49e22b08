import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { OWN_ORIGIN, signInRoles } from '../../test/support/sign-in.js';
import { describeEachEngine, openTestContext, seedJurisdiction } from '../../test/support/test-databases.js';
import { cliActor } from '../access/roles.js';
import { ingestReports } from '../intake/intake-service.js';
import { buildApp } from '../main/app.js';
import type { AppContext } from '../main/app-context.js';
import { newId } from '../platform/ids.js';
import { insertAlert } from './alert-repository.js';
import type { Alert } from './alert-rule.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describeEachEngine('alerts: lifecycle, response log and backtest', (engine) => {
  let context: AppContext & { dispose(): Promise<void> };
  let app: FastifyInstance;
  let now = new Date('2026-11-01T12:00:00Z');
  let jurisdictionId: string;
  const cookie: Record<string, string> = {};
  let otherAnalyst: string;

  const alertOf = (raisedAt: string): Alert => {
    const at = new Date(raisedAt);
    return {
      jurisdictionId,
      id: newId(at.getTime()),
      ruleId: newId(),
      raisedAt: at,
      windowStart: new Date(at.getTime() - DAY),
      windowEnd: at,
      count: 5,
      threshold: 1,
      status: 'new',
      details: {
        ruleName: 'County spike',
        method: 'threshold_24h',
        scope: {},
        placeName: 'Test County',
        timeZone: 'America/New_York',
        minimumCount: 3,
        earlierCounts: Array(30).fill(1),
      },
      peakCount: 5,
      lastWindowEnd: at,
      endedAt: null,
      updatedAt: at,
    };
  };

  before(async () => {
    context = await openTestContext(engine, { clock: { now: () => now } });
    const { jurisdiction, organization } = await seedJurisdiction(context.db);
    jurisdictionId = jurisdiction.id;
    // A quiet history, one overdose a day at noon UTC from 1 August to 30 October 2026, and two bursts:
    // six in the hour after 03:00 on 15 September and four between 20:05 and 20:20 on 10 October.
    const times: string[] = [];
    for (let t = Date.parse('2026-08-01T12:00:00Z'); t <= Date.parse('2026-10-30T12:00:00Z'); t += DAY) {
      times.push(new Date(t).toISOString());
    }
    for (const m of [5, 15, 25, 35, 45, 55]) times.push(`2026-09-15T03:${String(m).padStart(2, '0')}:00Z`);
    for (const m of [5, 10, 15, 20]) times.push(`2026-10-10T20:${String(m).padStart(2, '0')}:00Z`);
    const items = times.map((occurred_at, i) => {
      const fields = { source_record_id: `h-${i}`, occurred_at, latitude: 41.5, longitude: -72.6 };
      return { raw: fields, fields };
    });
    const ingested = await ingestReports(context.intake, cliActor, {
      jurisdiction,
      organization,
      channel: 'api',
      items,
    });
    assert.equal(
      (await context.db.query<{ n: number }>('select count(*)::int as n from overdoses')).at(0)?.n,
      items.length,
      JSON.stringify(ingested).slice(0, 500),
    );
    await context.alerts.idle();
    app = await buildApp(context);
    const cookies = await signInRoles(
      app,
      context,
      jurisdiction.id,
      [
        'analyst',
        'harm_reduction_partner',
        'outreach_worker',
        'administrator',
        'public_safety_analyst',
        'outreach_coordinator',
        'submitter',
      ],
      organization.id,
    );
    for (const [role, c] of cookies) cookie[role] = c;
    const other = await seedJurisdiction(context.db);
    otherAnalyst = (await signInRoles(app, context, other.jurisdiction.id, ['analyst'])).get(
      'analyst',
    ) as string;
  });

  after(async () => {
    await app?.close();
    await context?.dispose();
  });

  const call = (role: string, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
    app.inject({
      method,
      url,
      headers: { cookie: role === 'other' ? otherAnalyst : (cookie[role] as string), origin: OWN_ORIGIN },
      ...(payload ? { payload } : {}),
    });
  const later = (minutes: number) => {
    now = new Date(now.getTime() + minutes * 60_000);
    return now.toISOString();
  };

  it('moves an alert through its lifecycle, refusing what the lifecycle does not allow', async () => {
    const alert = alertOf('2026-10-31T09:37:12Z');
    await insertAlert(context.db, alert);
    const url = `/api/v1/alerts/${alert.id}/status`;
    const refused = await call('analyst', 'POST', url, { status: 'responding' });
    assert.equal(refused.statusCode, 409, refused.body);
    assert.equal(refused.json().error.code, 'ALERT_TRANSITION_INVALID');

    const acknowledgedAt = later(5);
    const acknowledged = await call('analyst', 'POST', url, {
      status: 'acknowledged',
      note: 'Looking into it',
    });
    assert.equal(acknowledged.statusCode, 200, acknowledged.body);
    assert.equal(acknowledged.json().status, 'acknowledged');
    assert.equal(acknowledged.json().raised_at, '2026-10-31T09:37:12.000Z');
    assert.equal((await call('analyst', 'POST', url, { status: 'acknowledged' })).statusCode, 409);

    // A partner responds too, and sees times to the hour.
    const respondingAt = later(5);
    const responding = await call('harm_reduction_partner', 'POST', url, { status: 'responding' });
    assert.equal(responding.statusCode, 200, responding.body);
    assert.equal(responding.json().status, 'responding');
    assert.equal(responding.json().raised_at, '2026-10-31T09:00:00.000Z');
    assert.equal(responding.json().scope, undefined);

    const closedAt = later(60);
    assert.equal(
      (await call('analyst', 'POST', url, { status: 'closed', note: 'Back to usual' })).statusCode,
      200,
    );
    const reopened = await call('analyst', 'POST', url, { status: 'acknowledged' });
    assert.equal(reopened.statusCode, 409);
    assert.deepEqual(reopened.json().error.details, { from: 'closed', to: 'acknowledged' });

    const detail = (await call('analyst', 'GET', `/api/v1/alerts/${alert.id}`)).json();
    assert.equal(detail.status, 'closed');
    assert.deepEqual(
      detail.events.map((e: Record<string, unknown>) => [e.from, e.to, e.note, e.changed_by, e.changed_at]),
      [
        ['responding', 'closed', 'Back to usual', 'analyst', closedAt],
        ['acknowledged', 'responding', null, 'harm_reduction_partner', respondingAt],
        ['new', 'acknowledged', 'Looking into it', 'analyst', acknowledgedAt],
      ],
    );

    const audit = await context.db.query<{ action: string; subject_id: string; actor_id: string }>(
      `select action, subject_id, actor_id from audit_entries where jurisdiction_id = $1 and action = 'alert.status'
       order by seq`,
      [jurisdictionId],
    );
    assert.equal(audit.length, 3);
    assert.ok(audit.every((a) => a.subject_id === alert.id));

    // Straight from new to closed is allowed; "new" is never a target.
    const other = alertOf('2026-10-30T01:00:00Z');
    await insertAlert(context.db, other);
    const invalid = await call('analyst', 'POST', `/api/v1/alerts/${other.id}/status`, { status: 'new' });
    assert.equal(invalid.statusCode, 400);
    const closed = await call('analyst', 'POST', `/api/v1/alerts/${other.id}/status`, { status: 'closed' });
    assert.equal(closed.json().status, 'closed');
  });

  it('logs responses, lists them newest first, and lets partners respond', async () => {
    const alert = alertOf('2026-10-31T20:15:00Z');
    await insertAlert(context.db, alert);
    const url = `/api/v1/alerts/${alert.id}/responses`;
    const recordedAt = later(1);
    const first = await call('analyst', 'POST', url, {
      action: 'naloxone_distribution',
      note: '200 kits at the shelter',
      taken_at: '2026-10-31T22:00:00Z',
    });
    assert.equal(first.statusCode, 201, first.body);
    assert.deepEqual(Object.keys(first.json()).sort(), [
      'action',
      'id',
      'note',
      'recorded_at',
      'recorded_by',
      'taken_at',
    ]);
    assert.equal(first.json().recorded_by, 'analyst');
    assert.equal(first.json().recorded_at, recordedAt);
    const partnerAt = later(1);
    const byPartner = await call('harm_reduction_partner', 'POST', url, { action: 'outreach_surge' });
    assert.equal(byPartner.statusCode, 201, byPartner.body);
    assert.equal(byPartner.json().taken_at, partnerAt);
    assert.equal(byPartner.json().note, null);
    await call('analyst', 'POST', url, { action: 'public_announcement', taken_at: '2026-10-31T21:00:00Z' });

    const future = await call('analyst', 'POST', url, {
      action: 'other',
      taken_at: later(0).replace('2026', '2027'),
    });
    assert.equal(future.statusCode, 400);
    assert.equal(future.json().error.code, 'VALIDATION_FAILED');
    assert.equal((await call('analyst', 'POST', url, { action: 'sandwiches' })).statusCode, 400);
    assert.equal(
      (await call('analyst', 'POST', url, { action: 'other', note: 'x'.repeat(2001) })).statusCode,
      400,
    );

    const partnerView = (await call('harm_reduction_partner', 'GET', `/api/v1/alerts/${alert.id}`)).json();
    assert.deepEqual(
      partnerView.responses.map((r: Record<string, unknown>) => [r.action, r.recorded_by]),
      [
        ['outreach_surge', 'harm_reduction_partner'],
        ['naloxone_distribution', 'analyst'],
        ['public_announcement', 'analyst'],
      ],
    );
    assert.equal(partnerView.raised_at, '2026-10-31T20:00:00.000Z');
    assert.equal(partnerView.window_start, '2026-10-30T20:00:00.000Z');
    assert.equal(partnerView.earlier_counts, undefined);
    const analystView = (await call('analyst', 'GET', `/api/v1/alerts/${alert.id}`)).json();
    assert.equal(analystView.raised_at, '2026-10-31T20:15:00.000Z');
    assert.deepEqual(analystView.earlier_counts, Array(30).fill(1));
    assert.doesNotMatch(JSON.stringify(analystView), /recordedBy|changedBy|jurisdiction/);
  });

  it('keeps alerts to their jurisdiction and their actions to the roles that may', async () => {
    const alert = alertOf('2026-10-31T10:00:00Z');
    await insertAlert(context.db, alert);
    for (const [method, suffix, payload] of [
      ['GET', '', undefined],
      ['POST', '/status', { status: 'acknowledged' }],
      ['POST', '/responses', { action: 'other' }],
    ] as const) {
      const response = await call('other', method, `/api/v1/alerts/${alert.id}${suffix}`, payload);
      assert.equal(response.statusCode, 404, `${method} ${suffix}`);
      assert.equal(response.json().error.code, 'NOT_FOUND');
    }
    assert.equal((await call('analyst', 'GET', `/api/v1/alerts/${newId()}`)).statusCode, 404);
    for (const role of ['outreach_worker', 'administrator']) {
      const response = await call(role, 'POST', `/api/v1/alerts/${alert.id}/status`, { status: 'closed' });
      assert.equal(response.statusCode, 403, role);
    }
    assert.equal((await call('outreach_worker', 'GET', `/api/v1/alerts/${alert.id}`)).statusCode, 403);
  });

  it('turns a rule off and on', async () => {
    const created = await call('analyst', 'POST', '/api/v1/alert-rules', { name: 'Quiet rule' });
    assert.equal(created.statusCode, 201, created.body);
    const url = `/api/v1/alert-rules/${created.json().id}`;
    const off = await call('administrator', 'PATCH', url, { enabled: false });
    assert.equal(off.statusCode, 200, off.body);
    assert.equal(off.json().enabled, false);
    assert.equal(off.json().name, 'Quiet rule');
    assert.equal((await call('analyst', 'GET', '/api/v1/alert-rules')).json().rules[0].enabled, false);
    assert.equal((await call('analyst', 'PATCH', url, { enabled: true })).json().enabled, true);
    assert.equal((await call('other', 'PATCH', url, { enabled: false })).statusCode, 404);
    assert.equal((await call('harm_reduction_partner', 'PATCH', url, { enabled: false })).statusCode, 403);
    await context.alerts.idle();
  });

  const range = { from: '2026-09-01T04:00:00Z', to: '2026-10-31T00:00:00Z' };

  it('backtests a rule over the history: one episode per burst, from its crossing to its fall back', async () => {
    const response = await call('analyst', 'POST', '/api/v1/alert-rules/backtest', {
      name: 'County spike',
      minimum_count: 3,
      cool_down_minutes: 24 * 60,
      ...range,
    });
    assert.equal(response.statusCode, 200, response.body);
    // 15 September 04:00: the six of the burst and the noon before; the burst stays in the 24-hour
    // window to 03:00 the next day. 10 October 21:00: the four and that day's noon, to 20:00 the next
    // day. The recurrence threshold is 1, the minimum 3: the threshold that applied is 3.
    assert.deepEqual(response.json(), {
      episodes: [
        {
          start: '2026-09-15T04:00:00.000Z',
          end: '2026-09-16T03:00:00.000Z',
          count: 7,
          peak: 7,
          threshold: 3,
          // No drug-checking results in this jurisdiction: nothing corroborates.
          corroborated_by: [],
        },
        {
          start: '2026-10-10T21:00:00.000Z',
          end: '2026-10-11T20:00:00.000Z',
          count: 5,
          peak: 5,
          threshold: 3,
          corroborated_by: [],
        },
      ],
      by_month: [
        { month: '2026-09', episodes: 1 },
        { month: '2026-10', episodes: 1 },
      ],
      total: 2,
      range: {
        from: '2026-09-01T04:00:00.000Z',
        to: '2026-10-31T00:00:00.000Z',
        first_day: '2026-09-01',
        last_day: '2026-10-30',
        time_zone: 'America/New_York',
      },
    });
  });

  it('counts the same episodes with any cool-down shorter than the quiet between bursts', async () => {
    // Before episodes, an hour of cool-down raised 48 alerts here (every hour a burst stayed in the
    // window) and six hours 8 (every cool-down).
    for (const cool_down_minutes of [60, 360]) {
      const body = (
        await call('analyst', 'POST', '/api/v1/alert-rules/backtest', {
          minimum_count: 3,
          cool_down_minutes,
          ...range,
        })
      ).json();
      assert.equal(body.total, 2);
      assert.deepEqual(
        body.episodes.map((e: { start: string; end: string }) => [e.start, e.end]),
        [
          ['2026-09-15T04:00:00.000Z', '2026-09-16T03:00:00.000Z'],
          ['2026-10-10T21:00:00.000Z', '2026-10-11T20:00:00.000Z'],
        ],
      );
    }
  });

  it('backtests for analysts only (an analyst-tier read), over at most 3 years, from before to', async () => {
    const url = '/api/v1/alert-rules/backtest';
    const byRole = Object.fromEntries(
      await Promise.all(
        Object.keys(cookie).map(async (role) => {
          const response = await call(role, 'POST', url, { ...range, minimum_count: 1 });
          return [
            role,
            response.statusCode === 200 ? 200 : `${response.statusCode} ${response.json().error?.code}`,
          ];
        }),
      ),
    );
    assert.deepEqual(byRole, {
      analyst: 200,
      administrator: '403 FORBIDDEN',
      harm_reduction_partner: '403 FORBIDDEN',
      outreach_worker: '403 FORBIDDEN',
      public_safety_analyst: '403 FORBIDDEN',
      outreach_coordinator: '403 FORBIDDEN',
      submitter: '403 FORBIDDEN',
    });
    assert.equal(
      (await call('analyst', 'POST', url, { from: '2020-01-01', to: '2024-01-01' })).statusCode,
      400,
    );
    assert.equal(
      (await call('analyst', 'POST', url, { from: '2026-10-01', to: '2026-09-01' })).statusCode,
      400,
    );
    assert.equal((await call('analyst', 'POST', url, { ...range, emails: { analyst: [] } })).statusCode, 400);
    const byDates = await call('analyst', 'POST', url, {
      from: '2026-10-10',
      to: '2026-10-12',
      minimum_count: 3,
    });
    assert.equal(byDates.statusCode, 200, byDates.body);
    assert.equal(byDates.json().episodes[0].start, '2026-10-10T21:00:00.000Z');
  });

  it("cuts months in the jurisdiction's time zone from the range's first, and defaults to the data's last year", async () => {
    const url = '/api/v1/alert-rules/backtest';
    const months = await call('analyst', 'POST', url, {
      from: '2026-09-01',
      to: '2026-10-31',
      minimum_count: 3,
    });
    assert.equal(months.statusCode, 200, months.body);
    assert.deepEqual(
      months.json().by_month.map((m: { month: string }) => m.month),
      ['2026-09', '2026-10'],
    );
    assert.deepEqual(months.json().range, {
      from: '2026-09-01T04:00:00.000Z',
      to: '2026-11-01T04:00:00.000Z',
      first_day: '2026-09-01',
      last_day: '2026-10-31',
      time_zone: 'America/New_York',
    });
    // The newest overdose is at noon UTC on 30 October, before today (November): the default year ends that day.
    const byDefault = await call('analyst', 'POST', url, { minimum_count: 3 });
    assert.equal(byDefault.statusCode, 200, byDefault.body);
    assert.equal(byDefault.json().range.last_day, '2026-10-30');
    assert.equal(byDefault.json().range.first_day, '2025-10-31');
    assert.equal(byDefault.json().by_month.at(-1).month, '2026-10');
    assert.equal(byDefault.json().total, 2, 'one episode per burst with the default cool-down of 6 hours');
  });

  it("answers a rule's and an alert's scope in the names a rule is created with (snake_case)", async () => {
    const scope = { source_types: ['ems'], substance: 'fentanyl', case_definition: 'opioid' };
    const created = await call('analyst', 'POST', '/api/v1/alert-rules', {
      name: 'Scoped',
      scope,
      enabled: false,
    });
    assert.equal(created.statusCode, 201, created.body);
    assert.deepEqual(created.json().scope, scope);
    const listed = (await call('analyst', 'GET', '/api/v1/alert-rules')).json().rules;
    assert.deepEqual(listed.find((r: { id: string }) => r.id === created.json().id).scope, scope);

    const alert = alertOf('2026-10-31T11:00:00Z');
    alert.details.scope = {
      layerId: 'county',
      areaId: '09003',
      sourceTypes: ['ems'],
      substance: 'fentanyl',
      caseDefinition: 'opioid',
    };
    await insertAlert(context.db, alert);
    const read = await call('analyst', 'GET', `/api/v1/alerts/${alert.id}`);
    assert.equal(read.statusCode, 200, read.body);
    assert.deepEqual(read.json().scope, { layer: 'county', area: '09003', ...scope });
  });

  it('describes every new endpoint in the OpenAPI document', async () => {
    const docs = (await app.inject({ url: '/api/docs/json' })).json();
    assert.ok(docs.paths['/api/v1/alerts/{id}'].get);
    assert.ok(docs.paths['/api/v1/alerts/{id}/status'].post);
    assert.ok(docs.paths['/api/v1/alerts/{id}/responses'].post);
    assert.ok(docs.paths['/api/v1/alert-rules/{id}'].patch);
    const backtest =
      docs.paths['/api/v1/alert-rules/backtest'].post.requestBody.content['application/json'].schema;
    assert.ok(backtest.properties.from && backtest.properties.to && backtest.properties.minimum_count);
    assert.equal(backtest.properties.emails, undefined);
  });
});
