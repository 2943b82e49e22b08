import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { cellToLatLng, gridDisk } from 'h3-js';
import { signInRoles } from '../../../test/support/sign-in.js';
import {
  describeEachEngine,
  openTestContext,
  seedJurisdiction,
} from '../../../test/support/test-databases.js';
import { cliActor, type Role } from '../../access/roles.js';
import { ingestReports } from '../../intake/intake-service.js';
import { buildApp } from '../../main/app.js';
import type { AppContext } from '../../main/app-context.js';
import { importLayer } from '../layer-service.js';
import type { AggregateQuery, AggregateRow } from './aggregate-query.js';
import { type AggregateSource, aggregateStatement, chooseSource } from './aggregate-sql.js';

/** A small deterministic generator, so that a failure can be replayed. */
function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Generated {
  id: string;
  day: string;
  quad: string | null;
  sex: string;
  fatal: 'fatal' | 'nonfatal' | 'unknown';
  substances: string[];
  sourceType: string;
}

/** Four square areas: q00..q11, each 0.1 degree, from (41.0, -73.0); points east of -72.8 fall outside. */
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

const SUBSTANCES = ['fentanyl', 'heroin', 'cocaine'];

function generate(n: number): { fields: Record<string, unknown>; truth: Generated }[] {
  const next = random(20261121);
  const start = Date.UTC(2023, 0, 1);
  return Array.from({ length: n }, (_, i) => {
    const day = new Date(start + Math.floor(next() * 730) * 86_400_000).toISOString().slice(0, 10);
    const lat = 41.005 + next() * 0.19;
    const lon = -72.995 + next() * 0.29;
    const quad = lon < -72.8 ? `q${lat < 41.1 ? 0 : 1}${lon < -72.9 ? 0 : 1}` : null;
    const sex = ['male', 'female', ''][Math.floor(next() * 3)] as string;
    const fatalRaw = ['true', 'false', ''][Math.floor(next() * 3)] as string;
    const substances = SUBSTANCES.filter(() => next() < 0.4);
    const sourceType = next() < 0.5 ? 'ems' : 'police';
    const naloxone = ['true', 'false', ''][Math.floor(next() * 3)] as string;
    const doses = naloxone === 'true' && next() < 0.7 ? String(1 + Math.floor(next() * 3)) : '';
    const response =
      naloxone === 'true' ? (['responded', 'no_response', ''][Math.floor(next() * 3)] as string) : '';
    const fields = {
      source_record_id: `r${i}`,
      occurred_at: `${day}T12:00:00`,
      latitude: lat,
      longitude: lon,
      sex,
      fatal: fatalRaw,
      substances: substances.join(';'),
      source_type: sourceType,
      naloxone_given: naloxone,
      naloxone_doses: doses,
      naloxone_response: response,
    };
    const fatal = fatalRaw === 'true' ? 'fatal' : fatalRaw === 'false' ? 'nonfatal' : 'unknown';
    return {
      fields,
      truth: { id: `r${i}`, day, quad, sex: sex || 'unknown', fatal, substances, sourceType },
    };
  });
}

function mmwrWeekStart(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - d.getUTCDay());
  return d.toISOString().slice(0, 10);
}

/** Counts the generated truth the way the API should, independently of SQL. */
function expected(
  truth: readonly Generated[],
  key: (g: Generated) => (string | null)[],
  period: (day: string) => string,
  keep: (g: Generated) => boolean = () => true,
): AggregateRow[] {
  const counts = new Map<string, AggregateRow>();
  for (const g of truth) {
    if (!keep(g)) continue;
    for (const k of key(g)) {
      const p = period(g.day);
      const id = `${p}|${k}`;
      const row = counts.get(id) ?? { period: p, key: k, count: 0 };
      row.count++;
      counts.set(id, row);
    }
  }
  return [...counts.values()].sort((a, b) =>
    a.period === b.period ? String(a.key).localeCompare(String(b.key)) : a.period.localeCompare(b.period),
  );
}

const sorted = (rows: AggregateRow[]) =>
  [...rows].sort((a, b) =>
    a.period === b.period ? String(a.key).localeCompare(String(b.key)) : a.period.localeCompare(b.period),
  );

describeEachEngine('aggregate counts', (engine) => {
  let context: AppContext & { dispose(): Promise<void> };
  let app: FastifyInstance;
  let cookies: Map<Role, string>;
  let jurisdictionId: string;
  const data = generate(700);
  let truth = data.map((d) => d.truth);
  const folder = mkdtempSync(path.join(tmpdir(), 'sos-aggregates-'));

  before(async () => {
    context = await openTestContext(engine);
    const { jurisdiction, organization } = await seedJurisdiction(context.db);
    jurisdictionId = jurisdiction.id;
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
    const ingest = (rows: Record<string, unknown>[]) =>
      ingestReports(context.intake, cliActor, {
        jurisdiction,
        organization,
        channel: 'api',
        items: rows.map((fields) => ({ raw: fields, fields })),
      });
    const results = await ingest(data.map((d) => d.fields));
    assert.equal(results.filter((r) => r.status === 'accepted').length, data.length);
    // Corrections move counts between days, outcomes and sexes: the rollups must follow.
    const corrected = data
      .slice(0, 40)
      .map((d) => ({ ...d.fields, fatal: 'true', sex: 'female', occurred_at: '2024-06-15T12:00:00' }));
    await ingest(corrected);
    truth = truth.map((g, i) => (i < 40 ? { ...g, fatal: 'fatal', sex: 'female', day: '2024-06-15' } : g));
    app = await buildApp(context);
    cookies = await signInRoles(app, context, jurisdiction.id, [
      'analyst',
      'public_safety_analyst',
      'harm_reduction_partner',
      'submitter',
      'administrator',
    ]);
  });
  after(async () => {
    await app.close();
    await context.dispose();
    rmSync(folder, { recursive: true, force: true });
  });

  const get = (url: string, role: Role | null = 'public_safety_analyst') =>
    app.inject({ method: 'GET', url, headers: role ? { cookie: cookies.get(role) as string } : {} });
  const counts = async (query: string, role: Role = 'public_safety_analyst') => {
    const response = await get(`/api/v1/aggregates/counts?from=2023-01-01&to=2024-12-31&${query}`, role);
    assert.equal(response.statusCode, 200, response.body);
    return response.json();
  };

  it('counts weekly totals by MMWR week, equal to counts of the generated records', async () => {
    const body = await counts('period=week');
    assert.deepEqual(
      body.rows,
      expected(truth, () => [null], mmwrWeekStart),
    );
    assert.equal(body.population, 100_000);
  });

  it('counts by area of a layer, with names and populations, leaving out points outside every area', async () => {
    const body = await counts('period=all&by=area&layer=quads');
    assert.deepEqual(
      body.rows,
      expected(
        truth,
        (g) => [g.quad],
        () => '2023-01-01',
        (g) => g.quad !== null,
      ),
    );
    assert.deepEqual(
      body.areas.map((a: { id: string; population: number }) => [a.id, a.population]),
      [
        ['q00', 1000],
        ['q01', 2000],
        ['q10', 3000],
        ['q11', 4000],
      ],
    );
  });

  it('filters by area, outcome and source type together', async () => {
    const body = await counts('period=month&layer=quads&area=q01&fatal=fatal&sourceType=police');
    const month = (day: string) => `${day.slice(0, 7)}-01`;
    assert.deepEqual(
      body.rows,
      expected(
        truth,
        () => [null],
        month,
        (g) => g.quad === 'q01' && g.fatal === 'fatal' && g.sourceType === 'police',
      ),
    );
    assert.equal(body.population, 2000);
  });

  it("exports an area view's counts for that area only, in a file named after it", async () => {
    const response = await get(
      '/api/v1/aggregates/counts.csv?from=2023-01-01&to=2024-12-31&period=all&by=area&layer=quads&area=q01',
    );
    assert.equal(response.statusCode, 200, response.body);
    assert.match(
      String(response.headers['content-disposition']),
      /filename="sos-counts-area-all-q01-2023-01-01-to-2024-12-31\.csv"/,
    );
    const [header, ...lines] = response.body.trim().split('\r\n');
    assert.equal(header, 'period_start,area_id,area_name,population,rate_per_100k,rate_unreliable,count');
    assert.deepEqual(
      lines.map((line) => line.split(',').slice(1, 4)),
      [['q01', 'q01', '2000']],
    );
    const inQ01 = truth.filter((g) => g.quad === 'q01').length;
    assert.equal(Number(lines[0]?.split(',').at(-1)), inQ01);
  });

  it('breaks down by sex and by substance (once per substance, none_recorded when empty)', async () => {
    const year = (day: string) => `${day.slice(0, 4)}-01-01`;
    assert.deepEqual(
      // Analysts: partners see a person attribute only over months of enough overdoses (test/security).
      (await counts('period=year&by=sex', 'analyst')).rows,
      expected(truth, (g) => [g.sex], year),
    );
    assert.deepEqual(
      (await counts('period=year&by=substance')).rows,
      expected(truth, (g) => (g.substances.length ? g.substances : ['none_recorded']), year),
    );
    assert.deepEqual(
      (await counts('period=year&by=sex&substance=heroin', 'analyst')).rows,
      expected(
        truth,
        (g) => [g.sex],
        year,
        (g) => g.substances.includes('heroin'),
      ),
    );
  });

  it('gives every breakdown the overdoses it divides by, each counted once, and says which ones count several times', async () => {
    const inRange = truth.filter((g) => g.day >= '2023-01-01' && g.day <= '2024-12-31');
    const bySubstance = await counts('period=month&by=substance');
    assert.deepEqual(bySubstance.denominator, { count: inRange.length, label: 'overdoses' });
    assert.equal(bySubstance.multi_valued, true);
    const mentions = bySubstance.rows.reduce((s: number, r: AggregateRow) => s + r.count, 0);
    assert.ok(mentions > inRange.length, `${mentions} substance counts for ${inRange.length} overdoses`);
    const bySex = await counts('period=all&by=sex', 'analyst');
    assert.equal(bySex.multi_valued, false);
    assert.equal(bySex.denominator.count, inRange.length);
    // Under filters (a scan): the overdoses the filters keep; all fatal, so they are deaths.
    const fatalHeroin = await counts('period=all&by=case_definition&fatal=fatal&substance=heroin');
    assert.deepEqual(fatalHeroin.denominator, {
      count: inRange.filter((g) => g.fatal === 'fatal' && g.substances.includes('heroin')).length,
      label: 'deaths',
    });
    assert.equal(fatalHeroin.multi_valued, true);
    const inQuad = await counts('period=week&by=area&layer=quads&area=q10');
    assert.equal(inQuad.denominator.count, inRange.filter((g) => g.quad === 'q10').length);
    const docs = (await app.inject({ url: '/api/docs/json' })).json();
    const answer =
      docs.paths['/api/v1/aggregates/counts'].get.responses['200'].content['application/json'].schema;
    assert.match(answer.properties.denominator.description, /never the sum of the rows/);
    assert.match(answer.properties.multi_valued.description, /substance and case_definition/);
  });

  it('gives the same counts from a rollup as from a scan of the overdoses, for every query a rollup answers', async () => {
    const base: AggregateQuery = {
      jurisdictionId,
      from: '2023-03-05',
      to: '2024-10-20',
      period: 'week',
      by: 'none',
      layer: null,
      area: null,
      sourceTypes: [],
      fatal: null,
      substance: null,
      caseDefinition: null,
    };
    const variants: Partial<AggregateQuery>[] = [
      {},
      { by: 'fatal', period: 'day' },
      { by: 'source_type', fatal: 'nonfatal' },
      { by: 'area', layer: 'quads', period: 'month' },
      { by: 'area', layer: 'h3r7', period: 'year' },
      { layer: 'quads', area: 'q10', sourceTypes: ['ems'] },
      { by: 'sex', period: 'month' },
      { by: 'age_band' },
      { by: 'substance', period: 'all' },
      { by: 'case_definition', period: 'year' },
      { by: 'naloxone_given' },
      { by: 'naloxone_doses', period: 'month' },
      { by: 'naloxone_response' },
      { by: 'disposition' },
      { by: 'repeat', period: 'year' },
      // Monthly counts for the whole months, daily ones for the ends; one whole month; none.
      { by: 'area', layer: 'quads', period: 'all', fatal: 'fatal', sourceTypes: ['ems'] },
      { by: 'area', layer: 'h3r7', period: 'all', from: '2023-03-01', to: '2023-03-31' },
      { by: 'source_type', period: 'month', from: '2023-03-05', to: '2023-04-30' },
      { period: 'year', from: '2023-03-05', to: '2023-03-25' },
      // A substance or case definition alone: its totals are the dimension rollup's counts of it.
      { period: 'day', substance: 'heroin' },
      { period: 'week', substance: 'none_recorded' },
      { period: 'month', caseDefinition: 'opioid' },
    ];
    let checked = 0;
    for (const variant of variants) {
      const query = { ...base, ...variant };
      const source: AggregateSource = chooseSource(query);
      assert.notEqual(source, 'scan', `expected a rollup to answer ${JSON.stringify(variant)}`);
      const viaRollup = await context.db.query<AggregateRow>(
        aggregateStatement(query).text,
        aggregateStatement(query).params,
      );
      const scan = aggregateStatement(query, 'scan');
      const viaScan = await context.db.query<AggregateRow>(scan.text, scan.params);
      assert.ok(viaScan.length > 0, JSON.stringify(variant));
      assert.deepEqual(sorted(viaRollup), sorted(viaScan), JSON.stringify(variant));
      checked++;
    }
    assert.equal(checked, variants.length);
  });

  it('ranks every cell over the layer by Gi*, empty cells included, with the dashboard counts', async () => {
    // One month: few enough overdoses that many cells stay empty.
    const month = 'from=2023-03-01&to=2023-03-31&layer=h3r7';
    const response = await get(`/api/v1/aggregates/hotspots?${month}&alpha=0.1`);
    assert.equal(response.statusCode, 200, response.body);
    const body = response.json();
    const cellCounts = (await get(`/api/v1/aggregates/counts?${month}&period=all&by=area`)).json()
      .rows as AggregateRow[];
    const places = body.areas as {
      id: string;
      count: number;
      z: number | null;
      q: number | null;
      hot: boolean;
    }[];
    for (const row of cellCounts)
      assert.equal(places.find((p) => p.id === row.key)?.count, row.count, String(row.key));
    assert.ok(
      places.length > cellCounts.length,
      `cells without overdoses are part of the study area (${places.length} places, ${cellCounts.length} counted)`,
    );
    assert.equal(
      places.reduce((s, p) => s + p.count, 0),
      truth.filter((g) => g.day >= '2023-03-01' && g.day <= '2023-03-31').length,
    );
    const zs = places.map((p) => p.z ?? Number.NEGATIVE_INFINITY);
    assert.deepEqual(
      zs,
      [...zs].sort((a, b) => b - a),
    );
    assert.equal(body.too_few_to_test, false);
    for (const p of places) {
      assert.equal(p.hot, p.count > 0 && p.z !== null && p.z > 0 && p.q !== null && p.q < 0.1, p.id);
    }
    // A window with a handful of overdoses ranks places but calls none of them hot.
    const week = (
      await get('/api/v1/aggregates/hotspots?from=2023-03-01&to=2023-03-03&layer=h3r7&alpha=0.5')
    ).json();
    assert.equal(week.too_few_to_test, true);
    assert.ok(week.total > 0 && week.total < 20);
    assert.ok(week.areas.every((p: { hot: boolean }) => !p.hot));
    const towns = (await get('/api/v1/aggregates/hotspots?from=2023-01-01&to=2024-12-31&layer=quads')).json();
    assert.deepEqual(towns.areas.map((p: { id: string }) => p.id).sort(), ['q00', 'q01', 'q10', 'q11']);
    assert.equal((await get('/api/v1/aggregates/hotspots', 'submitter')).statusCode, 403);
  });

  it('shows the neighbourhood sum behind each Gi*, flags hot cells with few overdoses of their own, and names cells by area', async () => {
    const month = 'from=2023-03-01&to=2023-03-31&layer=h3r7';
    const body = (await get(`/api/v1/aggregates/hotspots?${month}&alpha=0.5`)).json();
    const places = body.areas as {
      id: string;
      name: string | null;
      count: number;
      neighbourhood_count: number;
      neighbourhood_size: number;
      hot: boolean;
      few_of_its_own: boolean;
    }[];
    const own = new Map(places.map((p) => [p.id, p.count]));
    for (const p of places) {
      // The six cells around, as h3 lists them, where they belong to the study area.
      const around = gridDisk(p.id, 1).filter((c) => c !== p.id && own.has(c));
      assert.equal(p.neighbourhood_size, 1 + around.length, p.id);
      assert.equal(p.neighbourhood_count, p.count + around.reduce((s, c) => s + (own.get(c) ?? 0), 0), p.id);
      assert.equal(p.few_of_its_own, p.hot && p.count < 3, p.id);
      // Named by the quad that holds the cell's center (the quads are the first layer).
      const [lat, lon] = cellToLatLng(p.id);
      const inside = lat > 41 && lat < 41.2 && lon > -73 && lon < -72.8;
      const quad = `q${lat < 41.1 ? 0 : 1}${lon < -72.9 ? 0 : 1}`;
      if (inside && Math.abs(lat - 41.1) > 1e-3 && Math.abs(lon + 72.9) > 1e-3)
        assert.equal(p.name, quad, p.id);
      if (!inside) assert.equal(p.name, null, p.id);
    }
    assert.ok(places.some((p) => p.neighbourhood_count > p.count));
    assert.ok(places.some((p) => p.name !== null));
  });

  it('marks rates from fewer than 20 overdoses unreliable, in hot spots and the CSV of counts by area', async () => {
    for (const range of ['from=2023-03-01&to=2023-03-31', 'from=2023-01-01&to=2024-12-31']) {
      const places = (await get(`/api/v1/aggregates/hotspots?${range}&layer=quads`)).json().areas as {
        id: string;
        count: number;
        rate_unreliable: boolean;
      }[];
      for (const p of places) {
        const count = truth.filter(
          (g) => g.quad === p.id && g.day >= range.slice(5, 15) && g.day <= range.slice(-10),
        ).length;
        assert.equal(p.count, count);
        assert.equal(p.rate_unreliable, count < 20, `${range} ${p.id}`);
      }
      const csv = (await get(`/api/v1/aggregates/counts.csv?${range}&period=all&by=area&layer=quads`)).body;
      const [header, ...lines] = csv.trim().split('\r\n');
      assert.equal(header, 'period_start,area_id,area_name,population,rate_per_100k,rate_unreliable,count');
      for (const line of lines) {
        const cells = line.split(',');
        assert.equal(cells[5], Number(cells[6]) < 20 ? 'yes' : 'no', line);
      }
    }
    const counts = (await get('/api/v1/aggregates/counts?period=all&by=area&layer=quads')).json();
    assert.equal(counts.rate_unreliable_below, 20);
  });

  it('lets partners and analysts read counts, and no one else', async () => {
    for (const role of ['analyst', 'public_safety_analyst', 'harm_reduction_partner'] as const) {
      assert.equal((await get('/api/v1/aggregates/counts', role)).statusCode, 200, role);
    }
    for (const role of ['submitter', 'administrator'] as const) {
      assert.equal((await get('/api/v1/aggregates/counts', role)).statusCode, 403, role);
    }
    assert.equal((await get('/api/v1/aggregates/counts', null)).statusCode, 401);
  });

  it('opens on the last 365 days with data when no range is given', async () => {
    const last = truth
      .map((g) => g.day)
      .sort()
      .at(-1) as string;
    const body = (await get('/api/v1/aggregates/counts?period=all')).json();
    assert.equal(body.to, last);
    const from = new Date(`${last}T00:00:00Z`);
    from.setUTCDate(from.getUTCDate() - 364);
    assert.equal(body.from, from.toISOString().slice(0, 10));
    const extent = (await get('/api/v1/aggregates/extent')).json();
    assert.deepEqual(extent, {
      first_day: truth.map((g) => g.day).sort()[0],
      last_day: last,
      total: truth.length,
    });
  });

  it('answers a bad request with what is wrong and where', async () => {
    const noLayer = await get('/api/v1/aggregates/counts?by=area');
    assert.equal(noLayer.statusCode, 400);
    assert.equal(noLayer.json().error.details.field, 'layer');
    const unknownLayer = await get('/api/v1/aggregates/counts?by=area&layer=zips');
    assert.equal(unknownLayer.statusCode, 404);
    const unknownArea = await get('/api/v1/aggregates/counts?layer=quads&area=q99');
    assert.equal(unknownArea.statusCode, 404);
    const reversed = await get('/api/v1/aggregates/counts?from=2024-02-01&to=2024-01-01');
    assert.equal(reversed.statusCode, 400);
    const badBreakdown = await get('/api/v1/aggregates/counts?by=name');
    assert.equal(badBreakdown.statusCode, 400);
    const tooMany = await get(
      '/api/v1/aggregates/counts?from=1990-01-01&to=2024-12-31&period=day&by=area&layer=h3r7',
    );
    assert.equal(tooMany.statusCode, 200, 'fewer than the limit here');
  });
});
