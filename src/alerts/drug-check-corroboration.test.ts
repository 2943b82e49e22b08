import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { OWN_ORIGIN, signInRoles } from '../../test/support/sign-in.js';
import { describeEachEngine, openTestContext, seedJurisdiction } from '../../test/support/test-databases.js';
import { TWO_TOWNS, writeTwoTowns } from '../../test/support/two-towns.js';
import { cliActor, type Role } from '../access/roles.js';
import { ingestReports } from '../intake/intake-service.js';
import { buildApp } from '../main/app.js';
import type { AppContext } from '../main/app-context.js';
import { newId } from '../platform/ids.js';
import { importLayer } from '../surveillance/layer-service.js';
import { insertAlert } from './alert-repository.js';

const DAY = 24 * 3_600_000;

describeEachEngine('a drug-checking result corroborates a spike in the backtest', (engine) => {
  const now = new Date('2026-11-02T15:00:00Z');
  let context: AppContext & { dispose(): Promise<void> };
  let app: FastifyInstance;
  let dir: string;
  let jurisdictionId: string;
  let organizationId: string;
  let cookies: Map<Role, string>;

  const call = (role: Role, method: 'GET' | 'POST', url: string, payload?: object) =>
    app.inject({
      method,
      url,
      headers: { cookie: cookies.get(role) as string, origin: OWN_ORIGIN },
      ...(payload ? { payload } : {}),
    });
  const check = (
    source_id: string,
    town: keyof typeof TWO_TOWNS,
    collected_on: string,
    substance: string,
  ) => ({
    source_id,
    kind: 'drug_check',
    method: 'ftir',
    substances: [substance],
    collected_on,
    ...TWO_TOWNS[town],
  });
  const submit = async (...results: object[]) => {
    const response = await call('harm_reduction_partner', 'POST', '/api/v1/drug-checks', {
      organization_id: organizationId,
      results,
    });
    assert.equal(response.statusCode, 200, response.body);
    for (const r of response.json().results) assert.notEqual(r.status, 'rejected', response.body);
  };
  const backtest = async (scope: object) => {
    const response = await call('analyst', 'POST', '/api/v1/alert-rules/backtest', {
      scope,
      minimum_count: 3,
      cool_down_minutes: 24 * 60,
      from: '2026-09-01',
      to: '2026-10-31',
    });
    assert.equal(response.statusCode, 200, response.body);
    return response.json().episodes as { start: string; corroborated_by: Record<string, unknown>[] }[];
  };

  before(async () => {
    context = await openTestContext(engine, { clock: { now: () => now } });
    const seeded = await seedJurisdiction(context.db);
    jurisdictionId = seeded.jurisdiction.id;
    organizationId = seeded.organization.id;
    dir = mkdtempSync(path.join(tmpdir(), 'sos-corroboration-'));
    await importLayer(context, cliActor, {
      jurisdiction: seeded.jurisdiction,
      geojsonPath: writeTwoTowns(dir),
      name: 'Towns',
      idProperty: 'name',
    });
    // One overdose a day at noon in Hartford from 1 August to 30 October, and a spike of six in the
    // hour after 03:00 UTC on Wednesday 14 October.
    const times: string[] = [];
    for (let t = Date.parse('2026-08-01T12:00:00Z'); t <= Date.parse('2026-10-30T12:00:00Z'); t += DAY) {
      times.push(new Date(t).toISOString());
    }
    for (const m of [5, 15, 25, 35, 45, 55]) times.push(`2026-10-14T03:${m}:00Z`);
    const items = times.map((occurred_at, i) => {
      const fields = { source_record_id: `o-${i}`, occurred_at, ...TWO_TOWNS.Hartford };
      return { raw: fields, fields };
    });
    await ingestReports(context.intake, cliActor, { ...seeded, channel: 'api', items });
    await context.alerts.idle();
    app = await buildApp(context);
    cookies = await signInRoles(app, context, jurisdictionId, [
      'analyst',
      'harm_reduction_partner',
      'public_safety_analyst',
      'outreach_coordinator',
    ]);
    // Medetomidine new to Hartford the week before the spike (Wednesday 7 October, week of Sunday
    // 4 October); nitazene new to Bristol the same week; xylazine new to Hartford in August.
    await submit(
      check('hartford-medetomidine', 'Hartford', '2026-10-07', 'medetomidine'),
      check('bristol-nitazene', 'Bristol', '2026-10-07', 'nitazene'),
      check('hartford-xylazine', 'Hartford', '2026-08-12', 'xylazine'),
    );
  });
  after(async () => {
    await app.close();
    await context.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it("names the signal of the episode's area and the week before; not another area's, not an older one", async () => {
    const listed = await call(
      'public_safety_analyst',
      'GET',
      '/api/v1/drug-checks/signals?from=2026-08-01&to=2026-10-31',
    );
    assert.equal(listed.statusCode, 200, listed.body);
    const signals = listed.json().signals as {
      id: string;
      area_id: string;
      substance: string;
      week_start: string;
    }[];
    assert.deepEqual(
      signals.map((s) => `${s.week_start} ${s.area_id} ${s.substance}`),
      ['2026-10-04 Bristol nitazene', '2026-10-04 Hartford medetomidine', '2026-08-09 Hartford xylazine'],
    );
    const medetomidine = signals.find((s) => s.substance === 'medetomidine');

    const episodes = await backtest({ layer: 'towns', area: 'Hartford' });
    assert.deepEqual(
      episodes.map((e) => e.start),
      ['2026-10-14T04:00:00.000Z'],
    );
    assert.deepEqual(episodes[0]?.corroborated_by, [
      {
        id: medetomidine?.id,
        layer_id: 'towns',
        area_id: 'Hartford',
        week_start: '2026-10-04',
        substance: 'medetomidine',
        first_seen_in_area: true,
        results: 1,
      },
    ]);
    // A rule over the whole jurisdiction is corroborated by a signal of any of its areas.
    const statewide = await backtest({});
    assert.deepEqual(
      statewide[0]?.corroborated_by.map((s) => `${s.area_id} ${s.substance}`),
      ['Bristol nitazene', 'Hartford medetomidine'],
    );
  });

  it("shows an alert's corroborating signals to the roles that read drug checking only", async () => {
    const raisedAt = new Date('2026-10-14T04:00:00Z');
    const alert = {
      jurisdictionId,
      id: newId(raisedAt.getTime()),
      ruleId: newId(),
      raisedAt,
      windowStart: new Date(raisedAt.getTime() - DAY),
      windowEnd: raisedAt,
      count: 7,
      threshold: 3,
      status: 'new' as const,
      details: {
        ruleName: 'Hartford spike',
        method: 'threshold_24h' as const,
        scope: { layerId: 'towns', areaId: 'Hartford' },
        placeName: 'Hartford',
        timeZone: 'America/New_York',
        minimumCount: 3,
        earlierCounts: Array(30).fill(1),
      },
      peakCount: 7,
      lastWindowEnd: new Date('2026-10-15T03:00:00Z'),
      endedAt: null,
      updatedAt: raisedAt,
    };
    await insertAlert(context.db, alert);
    const police = await call('public_safety_analyst', 'GET', `/api/v1/alerts/${alert.id}`);
    assert.equal(police.statusCode, 200, police.body);
    assert.deepEqual(
      police
        .json()
        .corroborating_signals.map((s: { area_id: string; substance: string; week_start: string }) =>
          [s.area_id, s.substance, s.week_start].join(' '),
        ),
      ['Hartford medetomidine 2026-10-04'],
    );
    const coordinator = await call('outreach_coordinator', 'GET', `/api/v1/alerts/${alert.id}`);
    assert.equal(coordinator.statusCode, 200, coordinator.body);
    assert.equal('corroborating_signals' in coordinator.json(), false);
  });

  it('corroborates from two weeks before the episode, not three', async () => {
    // Week of 27 September: two weeks before the spike's week (11 October) still corroborates.
    await submit(check('hartford-medetomidine', 'Hartford', '2026-09-30', 'medetomidine'));
    assert.deepEqual(
      (await backtest({ layer: 'towns', area: 'Hartford' }))[0]?.corroborated_by.map((s) => s.week_start),
      ['2026-09-27'],
    );
    // Week of 20 September: three weeks before, too early.
    await submit(check('hartford-medetomidine', 'Hartford', '2026-09-23', 'medetomidine'));
    assert.deepEqual((await backtest({ layer: 'towns', area: 'Hartford' }))[0]?.corroborated_by, []);
  });
});
