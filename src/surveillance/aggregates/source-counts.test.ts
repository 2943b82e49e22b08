import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { signInRoles } from '../../../test/support/sign-in.js';
import {
  describeEachEngine,
  openTestContext,
  seedJurisdiction,
} from '../../../test/support/test-databases.js';
import { insertOrganization } from '../../access/jurisdictions/jurisdiction-repository.js';
import { cliActor } from '../../access/roles.js';
import { ingestReports } from '../../intake/intake-service.js';
import { buildApp } from '../../main/app.js';
import type { AppContext } from '../../main/app-context.js';
import type { AggregateQuery, AggregateRow } from './aggregate-query.js';
import { aggregateStatement, chooseSource } from './aggregate-sql.js';

/** Which reports describe one overdose: the truth the counts are checked against. */
const EVENTS = [
  { at: '2024-05-01T10:00:00Z', place: [41.7658, -72.6734], sources: ['ems', 'police'] },
  { at: '2024-05-02T10:00:00Z', place: [41.7, -72.7], sources: ['ems', 'police', 'hospital'] },
  { at: '2024-05-03T10:00:00Z', place: [41.76, -72.68], sources: ['ems'] },
  { at: '2024-05-20T10:00:00Z', place: [41.75, -72.66], sources: ['police'] },
  { at: '2024-06-04T10:00:00Z', place: [41.72, -72.69], sources: ['hospital'] },
  { at: '2024-06-05T10:00:00Z', place: [41.71, -72.65], sources: ['ems', 'hospital'] },
];

describeEachEngine('counts per source and the share linked', (engine) => {
  let context: AppContext & { dispose(): Promise<void> };
  let app: FastifyInstance;
  let seeded: Awaited<ReturnType<typeof seedJurisdiction>>;
  let cookies: Map<string, string>;
  before(async () => {
    context = await openTestContext(engine);
    seeded = await seedJurisdiction(context.db);
    const j = seeded.jurisdiction.id;
    const organizations = new Map([['ems', seeded.organization]]);
    for (const type of ['police', 'hospital']) {
      const organization = { jurisdictionId: j, id: randomUUID(), name: type, type };
      await insertOrganization(context.db, organization);
      organizations.set(type, organization);
    }
    // Each source sends its reports a few minutes apart: linkage joins them automatically.
    for (const [type, organization] of organizations) {
      const items = EVENTS.flatMap((e, i) =>
        e.sources.includes(type)
          ? [
              {
                source_record_id: `${type}-${i}`,
                occurred_at: new Date(Date.parse(e.at) + 60_000 * e.sources.indexOf(type)).toISOString(),
                latitude: e.place[0],
                longitude: e.place[1],
              },
            ]
          : [],
      );
      const results = await ingestReports(context.intake, cliActor, {
        jurisdiction: seeded.jurisdiction,
        organization,
        channel: 'api',
        items: items.map((raw) => ({ raw, fields: raw })),
      });
      for (const r of results) assert.equal(r.status, 'accepted', JSON.stringify(r.problems));
    }
    app = await buildApp(context);
    cookies = await signInRoles(app, context, j, ['analyst', 'public_safety_analyst', 'submitter']);
  });
  after(async () => {
    await app.close();
    await context.dispose();
  });

  const counts = (role: string, query: string) =>
    app.inject({
      method: 'GET',
      url: `/api/v1/aggregates/counts?from=2024-01-01&to=2024-12-31&period=all&${query}`,
      headers: { cookie: cookies.get(role) ?? '' },
    });
  const byKey = (rows: AggregateRow[]) => Object.fromEntries(rows.map((r) => [r.key, r.count]));

  it('counts each overdose under every source type that reported it, with the overdoses as denominator', async () => {
    const expected: Record<string, number> = {};
    for (const e of EVENTS) for (const s of e.sources) expected[s] = (expected[s] ?? 0) + 1;
    for (const role of ['analyst', 'public_safety_analyst']) {
      const answer = await counts(role, 'by=reported_by');
      assert.equal(answer.statusCode, 200, answer.body);
      const view = answer.json();
      assert.deepEqual(byKey(view.rows), expected, role);
      assert.equal(view.multi_valued, true);
      assert.deepEqual(view.denominator, { count: EVENTS.length, label: 'overdoses' });
    }
    assert.equal((await counts('submitter', 'by=reported_by')).statusCode, 403);
  });

  it('gives the share linked: overdoses reported by more than one organization, of all overdoses', async () => {
    const linked = EVENTS.filter((e) => e.sources.length > 1).length;
    const view = (await counts('public_safety_analyst', 'by=linked')).json();
    assert.deepEqual(byKey(view.rows), { linked, single: EVENTS.length - linked });
    assert.equal(view.denominator.count, EVENTS.length);
    assert.equal(view.multi_valued, false);
    const ems = (await counts('analyst', 'by=linked&sourceType=ems')).json();
    const emsFirst = EVENTS.filter((e) => e.sources[0] === 'ems');
    assert.deepEqual(byKey(ems.rows), {
      linked: emsFirst.filter((e) => e.sources.length > 1).length,
      single: emsFirst.filter((e) => e.sources.length === 1).length,
    });
  });

  it('gives the same counts from the rollup as from a scan of the overdoses', async () => {
    const base: AggregateQuery = {
      jurisdictionId: seeded.jurisdiction.id,
      from: '2024-01-01',
      to: '2024-12-31',
      period: 'month',
      by: 'reported_by',
      layer: null,
      area: null,
      sourceTypes: [],
      fatal: null,
      substance: null,
      caseDefinition: null,
    };
    for (const by of ['reported_by', 'linked'] as const) {
      const query = { ...base, by };
      assert.equal(chooseSource(query), 'dimension_rollup');
      const rollup = aggregateStatement(query);
      const scan = aggregateStatement(query, 'scan');
      const viaRollup = await context.db.query<AggregateRow>(rollup.text, rollup.params);
      const viaScan = await context.db.query<AggregateRow>(scan.text, scan.params);
      assert.ok(viaScan.length > 0);
      assert.deepEqual(viaRollup, viaScan, by);
    }
  });

  it("counts the overdoses stored before the dimensions existed: the migration's backfill equals the rollups", async () => {
    const read = () =>
      context.db.query<Record<string, unknown>>(
        `select dimension, value, day::text, count from daily_dimension_counts
         where jurisdiction_id = $1 and dimension in ('reported_by', 'linked') and count <> 0 order by 1, 2, 3`,
        [seeded.jurisdiction.id],
      );
    const kept = await read();
    assert.ok(kept.length > 0);
    const folder = new URL('../../../../drizzle/', import.meta.url);
    const file = readdirSync(folder).find((f) => f.endsWith('_linkage_decisions.sql')) as string;
    const backfill = readFileSync(new URL(file, folder), 'utf8')
      .split('--> statement-breakpoint')
      .filter((s) => s.includes('INSERT INTO "daily_dimension_counts"'));
    assert.equal(backfill.length, 2);
    await context.db.query("delete from daily_dimension_counts where dimension in ('reported_by', 'linked')");
    for (const statement of backfill) await context.db.query(statement);
    assert.deepEqual(await read(), kept);
  });
});
