import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { type BriefTruth, seedBriefData } from '../../../test/support/brief-fixture.js';
import { pdfPageCount, pdfText } from '../../../test/support/pdf-text.js';
import { signInRoles } from '../../../test/support/sign-in.js';
import {
  describeEachEngine,
  openTestContext,
  seedJurisdiction,
} from '../../../test/support/test-databases.js';
import type { Role } from '../../access/roles.js';
import { buildApp } from '../../main/app.js';
import type { AppContext } from '../../main/app-context.js';
import { addDays } from '../../platform/calendar-days.js';
import { writeBriefFile } from './brief-file.js';
import { publicSafetyBriefDocument } from './public-safety-brief-document.js';
import { buildPublicSafetyBrief, buildResourceNeed } from './public-safety-brief-service.js';
import { resourceNeedDocument } from './resource-need-document.js';

/** The period every request here asks for: the 12 MMWR weeks 2024-W05 to 2024-W16 (Jan 28 – Apr 20, 2024). */
const PERIOD = { from: '2024-01-28', to: '2024-04-20', lastYearFrom: '2023-01-29', lastYearTo: '2023-04-22' };
const QUERY = 'weeks=12&end_week=2024-W16';

/** The MMWR week's Sunday of a day. */
function sunday(day: string): string {
  return addDays(day, -new Date(`${day}T00:00:00Z`).getUTCDay());
}

/** Every key of a JSON answer, nested ones included. */
function keysOf(value: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const item of value) keysOf(item, into);
  else if (value && typeof value === 'object')
    for (const [key, inner] of Object.entries(value)) {
      into.add(key);
      keysOf(inner, into);
    }
  return into;
}

describeEachEngine('public safety brief', (engine) => {
  let context: AppContext & { dispose(): Promise<void> };
  let app: FastifyInstance;
  let cookies: Map<Role, string>;
  let truth: BriefTruth[];
  let jurisdictionId: string;

  before(async () => {
    context = await openTestContext(engine);
    const seeded = await seedJurisdiction(context.db);
    jurisdictionId = seeded.jurisdiction.id;
    truth = await seedBriefData(context, seeded);
    app = await buildApp(context);
    cookies = await signInRoles(
      app,
      context,
      jurisdictionId,
      [
        'analyst',
        'public_safety_analyst',
        'harm_reduction_partner',
        'submitter',
        'outreach_coordinator',
        'outreach_worker',
        'administrator',
      ],
      seeded.organization.id,
    );
  });
  after(async () => {
    await app.close();
    await context.dispose();
  });

  const get = (url: string, role: Role | null = 'public_safety_analyst') =>
    app.inject({ method: 'GET', url, headers: role ? { cookie: cookies.get(role) as string } : {} });
  const inPeriod = (t: BriefTruth, from = PERIOD.from, to = PERIOD.to) => t.day >= from && t.day <= to;

  it('counts the heat map, untimed overdoses, outcome and trend of an area as the generated truth does', async () => {
    const response = await get(`/api/v1/briefs/public-safety?layer=quads&area=q00&${QUERY}`);
    assert.equal(response.statusCode, 200, response.body);
    const brief = response.json();
    const area = truth.filter((t) => t.quad === 'q00');
    const now = area.filter((t) => inPeriod(t));
    assert.ok(now.length > 50, `the fixture puts enough overdoses in the period: ${now.length}`);
    assert.deepEqual([brief.period.from, brief.period.to, brief.period.weeks], [PERIOD.from, PERIOD.to, 12]);
    assert.equal(brief.total, now.length);
    const heat = Array.from({ length: 7 }, () => Array.from({ length: 24 }, () => 0));
    const untimed = Array.from({ length: 7 }, () => 0);
    for (const t of now) {
      const weekday = new Date(`${t.day}T00:00:00Z`).getUTCDay();
      if (t.hour === null) untimed[weekday] = (untimed[weekday] ?? 0) + 1;
      else (heat[weekday] as number[])[t.hour] = ((heat[weekday] as number[])[t.hour] ?? 0) + 1;
    }
    // The partner k is 1 here: every figure is shown and is the truth's (brief-figures-check.test.ts
    // raises it and checks what is hidden).
    assert.equal(brief.k, 1);
    const agrees = (shown: (number | null)[], real: number[], what: string) => {
      real.forEach((n, i) => {
        assert.equal(shown[i], n, `${what}[${i}]`);
      });
    };
    heat.forEach((row, d) => {
      agrees(brief.heat_map.cells[d], row, `hours of day ${d}`);
    });
    agrees(brief.heat_map.no_time_of_day, untimed, 'no time of day');
    const shownCells = brief.heat_map.cells.flat().filter((v: number | null) => v !== null && v > 0);
    assert.ok(shownCells.length > 10, `many hours of the week are shown: ${shownCells.length}`);
    assert.ok(untimed.reduce((a, b) => a + b, 0) > 0, 'some overdoses came with a date only');
    assert.match(brief.notes.join(' '), /without a time of day/);
    const outcome = (f: string) => now.filter((t) => t.fatal === f).length;
    assert.deepEqual(brief.outcome, {
      fatal: outcome('fatal'),
      nonfatal: outcome('nonfatal'),
      unknown: outcome('unknown'),
    });
    // Weeks: this year's by its Sunday, last year's 52 weeks (364 days) before.
    for (const week of brief.trend.weeks) {
      assert.equal(week.count, now.filter((t) => sunday(t.day) === week.first_day).length, week.week);
      const before = addDays(week.first_day, -364);
      assert.equal(
        week.last_year_count,
        area.filter((t) => sunday(t.day) === before).length,
        week.last_year_week,
      );
    }
    const lastYear = area.filter((t) => inPeriod(t, PERIOD.lastYearFrom, PERIOD.lastYearTo)).length;
    assert.equal(brief.trend.last_year_total, lastYear);
    assert.match(brief.trend.sentence, new RegExp(`against ${lastYear} in the same weeks a year before`));
    // Focus windows: a day and three hours, ranked, each share over the area's total.
    const blocks = heat.flatMap((row, d) =>
      Array.from({ length: 8 }, (_, b) => ({
        d,
        b,
        n: row.slice(b * 3, b * 3 + 3).reduce((x, y) => x + y, 0),
      })),
    );
    const top = [...blocks].sort((x, y) => y.n - x.n || x.d - y.d || x.b - y.b).slice(0, 5);
    assert.deepEqual(
      brief.focus.windows.map((w: { count: number | null; share: { of: number } }) => [w.count, w.share.of]),
      top.map((t) => [t.n, now.length]),
    );
  });

  it('lists the cells of the area with their overdoses as SQL over the overdoses counts them', async () => {
    const brief = (await get(`/api/v1/briefs/public-safety?layer=quads&area=q00&${QUERY}`)).json();
    const rows = await context.db.query<{ cell: string; count: number }>(
      `select o.h3_r7 as cell, count(*)::int as count from overdoses o
        join overdose_areas a on a.jurisdiction_id = o.jurisdiction_id and a.overdose_id = o.id
         and a.layer_id = 'quads' and a.area_id = 'q00'
       where o.jurisdiction_id = $1 and o.occurred_date between $2::date and $3::date
         and o.location_precision in ('rooftop', 'address')
       group by 1 order by 2 desc, 1`,
      [jurisdictionId, PERIOD.from, PERIOD.to],
    );
    assert.deepEqual(
      brief.focus.places.map((p: { cell: string }) => p.cell),
      rows.slice(0, 5).map((r) => r.cell),
    );
    brief.focus.places.forEach((p: { cell: string; count: number | null }, i: number) => {
      assert.equal(p.count, rows[i]?.count, p.cell);
    });
    // The clustered corner (about 35% of the overdoses in a few cells of q00) is a hot spot.
    assert.ok(brief.hot_spots.cells.length > 0, 'the clustered corner is a hot spot');
    const inArea = new Map(rows.map((r) => [r.cell, r.count]));
    for (const cell of brief.hot_spots.cells) {
      assert.ok(inArea.has(cell.cell), `${cell.cell} holds overdoses of the area`);
      assert.equal(cell.count, inArea.get(cell.cell), cell.cell);
    }
  });

  it('counts the whole jurisdiction when no area is named', async () => {
    const brief = (await get(`/api/v1/briefs/public-safety?${QUERY}`)).json();
    assert.equal(brief.area.area_id, null);
    assert.equal(brief.total, truth.filter((t) => inPeriod(t)).length);
  });

  it('is read by analysts and both partner roles; submitters, outreach and the public are refused', async () => {
    for (const role of ['analyst', 'public_safety_analyst', 'harm_reduction_partner'] as const) {
      assert.equal((await get(`/api/v1/briefs/public-safety/areas`, role)).statusCode, 200, role);
      assert.equal((await get(`/api/v1/briefs/public-safety?${QUERY}`, role)).statusCode, 200, role);
    }
    for (const role of ['submitter', 'outreach_coordinator', 'outreach_worker', 'administrator'] as const) {
      const response = await get(`/api/v1/briefs/public-safety?${QUERY}`, role);
      assert.equal(response.statusCode, 403, `${role}: ${response.body}`);
    }
    for (const path of ['', '/areas', '/figures.json', '/brief.pdf', '/resource-need.pdf']) {
      const response = await get(`/api/v1/briefs/public-safety${path}?${QUERY}`, null);
      assert.equal(response.statusCode, 401, `${path}: ${response.body}`);
    }
  });

  it('answers a public safety analyst with counts only: no point, line or person attribute', async () => {
    const brief = (await get(`/api/v1/briefs/public-safety?layer=quads&area=q00&${QUERY}`)).json();
    const keys = keysOf(brief);
    for (const forbidden of [
      'latitude',
      'longitude',
      'lat',
      'lon',
      'point',
      'points',
      'address',
      'age',
      'age_band',
      'sex',
      'race',
      'ethnicity',
      'overdose_id',
      'occurred_at',
      'rows',
      'records',
    ]) {
      assert.ok(!keys.has(forbidden), `the answer holds "${forbidden}"`);
    }
    assert.deepEqual(Object.keys(brief).sort(), [
      'area',
      'focus',
      'generated_at',
      'heat_map',
      'hot_spots',
      'jurisdiction',
      'k',
      'notes',
      'outcome',
      'period',
      'resource_need',
      'total',
      'trend',
    ]);
    // Cells are H3 resolution 7, the partner's cell size, never finer.
    for (const place of brief.focus.places) assert.match(place.cell, /^87[0-9a-f]{13}$/);
  });

  it('lists the layers and areas for the picker, and refuses an area that is not there', async () => {
    const layers = (await get('/api/v1/briefs/public-safety/areas')).json();
    assert.deepEqual(
      layers.map((l: { id: string }) => l.id),
      ['quads'],
    );
    assert.deepEqual(
      layers[0].areas.map((a: { id: string; population: number }) => [a.id, a.population]),
      [
        ['q00', 30000],
        ['q01', 2000],
        ['q10', 3000],
        ['q11', 4000],
      ],
    );
    const missing = await get(`/api/v1/briefs/public-safety?layer=quads&area=q99&${QUERY}`);
    assert.equal(missing.statusCode, 404, missing.body);
    assert.equal(missing.json().error.details.field, 'area');
    const open = await get('/api/v1/briefs/public-safety?end_week=2099-W01');
    assert.equal(open.statusCode, 400, open.body);
  });

  it('makes the one-pager only for an area of the public minimum population, suppressed at the public k', async () => {
    const small = await get(`/api/v1/briefs/public-safety/resource-need.pdf?layer=quads&area=q01&${QUERY}`);
    assert.equal(small.statusCode, 422, small.body);
    assert.equal(small.json().error.code, 'RESOURCE_NEED_AREA_TOO_SMALL');
    assert.match(small.json().error.message, /Quad 01 has 2,000 residents/);
    const brief = (await get(`/api/v1/briefs/public-safety?layer=quads&area=q01&${QUERY}`)).json();
    assert.equal(brief.resource_need.allowed, false);
    const response = await get(
      `/api/v1/briefs/public-safety/resource-need/figures.json?layer=quads&area=q00&${QUERY}`,
    );
    assert.equal(response.statusCode, 200, response.body);
    const figures = response.json();
    assert.equal(figures.k, 10);
    const values = figures.tables.flatMap((t: { cells: (number | null)[][] }) => t.cells.flat());
    assert.ok(
      values.every((v: number | null) => v === null || v === 0 || v >= 10),
      `no count of 1..9 is shown: ${values}`,
    );
  });

  it('draws the one-pager on one page and the brief without Chromium, with their statement, rate and counts', async () => {
    const actor = {
      kind: 'user' as const,
      userId: 'ps-1',
      jurisdictionId,
      role: 'public_safety_analyst' as const,
      organizationId: null,
    };
    const need = await buildResourceNeed({ db: context.db, clock: context.clock }, actor, {
      layer: 'quads',
      area: 'q00',
      weeks: 12,
      endWeek: '2024-W16',
    });
    const total = truth.filter((t) => t.quad === 'q00' && inPeriod(t)).length;
    assert.equal(need.total, total);
    assert.equal(need.rate.rate, (total / 30_000) * 100_000);
    const file = await writeBriefFile(resourceNeedDocument(need), 'pdf', null);
    assert.equal(file.engine, 'plain');
    assert.equal(pdfPageCount(file.bytes), 1);
    const text = pdfText(file.bytes).replace(/\s+/g, ' ');
    assert.match(text, /Overdoses in Quad 00: the need for resources/);
    assert.match(text, new RegExp(`Quad 00 had ${total} overdoses in the 12 weeks to 2024-04-20`));
    // The brief itself without Chromium: the same document, drawn plain, tables across pages.
    const brief = await buildPublicSafetyBrief({ db: context.db, clock: context.clock }, actor, {
      layer: 'quads',
      area: 'q00',
      weeks: 12,
      endWeek: '2024-W16',
    });
    const plain = await writeBriefFile(publicSafetyBriefDocument(brief), 'pdf', null);
    const briefText = pdfText(plain.bytes).replace(/\s+/g, ' ');
    assert.match(briefText, /Public safety brief: Quad 00 \(Quads\), Test County/);
    assert.match(briefText, new RegExp(`${total} suspected overdoses: ${brief.outcome.fatal} fatal`));
    const html = await get(`/api/v1/briefs/public-safety/resource-need.html?layer=quads&area=q00&${QUERY}`);
    assert.equal(html.statusCode, 200, html.body);
    assert.match(html.body, /Quad 00: the need for resources/);
  });
});
