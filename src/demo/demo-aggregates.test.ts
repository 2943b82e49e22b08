import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { parseCsvRecords } from '../../test/support/reference-csv.js';
import { OWN_ORIGIN, signInRoles } from '../../test/support/sign-in.js';
import { describeEachEngine, openTestContext } from '../../test/support/test-databases.js';
import { findJurisdiction } from '../access/jurisdictions/jurisdiction-repository.js';
import type { Role } from '../access/roles.js';
import { readCauseOfDeath } from '../intake/standards/cause-of-death.js';
import type { Substance } from '../intake/vocabulary/substances.js';
import { buildApp } from '../main/app.js';
import type { AppContext } from '../main/app-context.js';
import { loadDemoOnce } from './demo-loader.js';
import { DEMO_PROGRAM_TOWNS } from './demo-program.js';
import { syntheticCalls } from './demo-survivors.js';

/** The vendored demo files, read here with a CSV reader of the test's own. */
const demoFile = (name: string) =>
  parseCsvRecords(readFileSync(new URL(`../../../demo-data/${name}`, import.meta.url), 'utf8'));

/** Counts records by a key, as sorted [key, count] pairs. */
function tally<T>(records: T[], key: (r: T) => string): [string, number][] {
  const counts = new Map<string, number>();
  for (const r of records) counts.set(key(r), (counts.get(key(r)) ?? 0) + 1);
  return [...counts.entries()].sort(([a], [b]) => a.localeCompare(b));
}

// A CT row is usable when some city cell (injury, death or residence) names a city, not just the state.
const namesCity = (cell: string | undefined) => /^[^\n]*,[^\n]*\n\(/.test(cell ?? '');
const ctUsable = (r: Record<string, string>) =>
  namesCity(r.InjuryCityGeo) || namesCity(r.DeathCityGeo) || namesCity(r.ResidenceCityGeo);
const usDateYear = (date: string) => date.slice(6, 10);
// A CT death has a substance when its toxicology flag says so or its statements name it (the preset unites them).
const ctHas = (
  r: Record<string, string>,
  flag: string,
  code: Substance,
  flagged: (cell: string) => boolean,
) =>
  flagged((r[flag] ?? '').trim()) ||
  readCauseOfDeath(
    `${r['Cause of Death'] ?? ''}; ${r['Other Significant Conditions '] ?? ''}`,
  ).substances.includes(code);

describeEachEngine('demo aggregates against the raw files', (engine) => {
  let context: AppContext & { dispose(): Promise<void> };
  let app: FastifyInstance;
  const cookies = new Map<string, Map<Role, string>>();

  before(async () => {
    context = await openTestContext(engine);
    await loadDemoOnce(context);
    app = await buildApp(context);
    for (const shortName of ['ct', 'tempe']) {
      const jurisdiction = await findJurisdiction(context.db, shortName);
      assert.ok(jurisdiction);
      cookies.set(
        shortName,
        await signInRoles(app, context, jurisdiction.id, ['analyst', 'public_safety_analyst']),
      );
    }
  });
  after(async () => {
    await app.close();
    await context.dispose();
  });

  // Connecticut's OCME file ends in 2022; the demo's synthetic reports of the last two weeks come after.
  const counts = async (jurisdiction: string, query: string, role: Role = 'public_safety_analyst') => {
    const to = jurisdiction === 'ct' ? '2022-12-31' : '2030-12-31';
    const response = await app.inject({
      method: 'GET',
      url: `/api/v1/aggregates/counts?from=2000-01-01&to=${to}&${query}`,
      headers: { cookie: cookies.get(jurisdiction)?.get(role) as string },
    });
    assert.equal(response.statusCode, 200, response.body);
    return (response.json().rows as { period: string; key: string | null; count: number }[]).map(
      (r) => [r.key ?? r.period.slice(0, 4), r.count] as [string, number],
    );
  };

  it('counts Connecticut deaths by year, sex and fentanyl as the OCME file does', async () => {
    const rows = demoFile('ct_accidental_drug_deaths_2012_2022.csv').filter(ctUsable);
    assert.equal(rows.length, 10_646);
    assert.deepEqual(
      await counts('ct', 'period=year'),
      tally(rows, (r) => usDateYear(r.Date ?? '')),
    );
    const sexes = tally(rows, (r) => (r.Sex === 'Male' ? 'male' : r.Sex === 'Female' ? 'female' : 'unknown'));
    assert.deepEqual(await counts('ct', 'period=all&by=sex', 'analyst'), sexes);
    const fentanyl = rows.filter((r) =>
      ctHas(r, 'Fentanyl', 'fentanyl', (c) => c.toUpperCase().startsWith('Y')),
    );
    assert.deepEqual(
      await counts('ct', 'period=year&substance=fentanyl'),
      tally(fentanyl, (r) => usDateYear(r.Date ?? '')),
    );
  });

  it('counts the synthetic reports of the last two weeks in Connecticut after the OCME years, as the generator made them', async () => {
    const records = syntheticCalls(context.clock.now().getTime(), DEMO_PROGRAM_TOWNS);
    const response = await app.inject({
      method: 'GET',
      url: '/api/v1/aggregates/counts?from=2023-01-01&to=2030-12-31&period=all&by=sex',
      headers: { cookie: cookies.get('ct')?.get('analyst') as string },
    });
    assert.equal(response.statusCode, 200, response.body);
    assert.deepEqual(
      (response.json().rows as { key: string; count: number }[]).map((r) => [r.key, r.count]),
      tally(records, (r) => r.facts.sex),
    );
  });

  it('gives the share of 2022 Connecticut deaths with any opioid out of the deaths, not the substance mentions', async () => {
    const deaths = demoFile('ct_accidental_drug_deaths_2012_2022.csv').filter(
      (r) => ctUsable(r) && usDateYear(r.Date ?? '') === '2022',
    );
    const opioid = deaths.filter((r) => ctHas(r, 'Any Opioid', 'any_opioid', (c) => c !== ''));
    const response = await app.inject({
      method: 'GET',
      url: '/api/v1/aggregates/counts?from=2022-01-01&to=2022-12-31&period=all&by=substance',
      headers: { cookie: cookies.get('ct')?.get('public_safety_analyst') as string },
    });
    assert.equal(response.statusCode, 200, response.body);
    const body = response.json() as {
      rows: { key: string; count: number }[];
      denominator: { count: number; label: string };
      multi_valued: boolean;
    };
    assert.equal(body.rows.find((r) => r.key === 'any_opioid')?.count, opioid.length);
    assert.deepEqual(body.denominator, { count: deaths.length, label: 'deaths' });
    assert.equal(body.multi_valued, true);
    const mentions = body.rows.reduce((sum, r) => sum + r.count, 0);
    assert.ok(mentions > 3 * deaths.length, `${mentions} substance mentions`);
    // 1,333 of 1,445 deaths: 92%, where dividing by the mentions read 26%.
    assert.equal(Math.round((100 * opioid.length) / body.denominator.count), 92);
  });

  it('counts Tempe EMS calls by year, sex and naloxone as the city file does', async () => {
    const rows = demoFile('tempe_opioid_ems_calls.csv').filter(
      (r) => r.Latitude_Random !== 'NULL' && r.Latitude_Random !== '' && r.Longitude_Random !== 'NULL',
    );
    assert.equal(rows.length, 2_739);
    assert.deepEqual(
      await counts('tempe', 'period=year'),
      tally(rows, (r) => (r.Incident_Date ?? '').slice(0, 4)),
    );
    const sex = (s: string | undefined) => (s === 'Male' ? 'male' : s === 'Female' ? 'female' : 'unknown');
    assert.deepEqual(
      // As analysts see them: partners see a person attribute only over months of enough overdoses.
      await counts('tempe', 'period=all&by=sex', 'analyst'),
      tally(rows, (r) => sex(r.Patient_Gender)),
    );
    const naloxone = (n: string | undefined) => (n === 'Yes' ? 'true' : n === 'No' ? 'false' : 'unknown');
    assert.deepEqual(
      await counts('tempe', 'period=all&by=naloxone_given'),
      tally(rows, (r) => naloxone(r.Narcan_Given)),
    );
    // The scan path (a filter the rollups do not hold) agrees with the same file.
    const opioid = rows.filter((r) => r.Opioid_Use === 'Yes');
    assert.deepEqual(
      await counts('tempe', 'period=year&substance=any_opioid&fatal=unknown', 'analyst'),
      tally(opioid, (r) => (r.Incident_Date ?? '').slice(0, 4)),
    );
  });

  it('backtests a fentanyl rule over 2021-2022 in Connecticut: episodes, months from 2021-01', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/alert-rules/backtest',
      headers: { cookie: cookies.get('ct')?.get('analyst') as string, origin: OWN_ORIGIN },
      payload: {
        scope: { substance: 'fentanyl' },
        minimum_count: 5,
        cool_down_minutes: 360,
        from: '2021-01-01',
        to: '2022-12-31',
      },
    });
    assert.equal(response.statusCode, 200, response.body);
    const body = response.json() as {
      episodes: { start: string; end: string; count: number; peak: number; threshold: number }[];
      by_month: { month: string; episodes: number }[];
      total: number;
    };
    const months = Array.from(
      { length: 24 },
      (_, i) => `${2021 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`,
    );
    assert.deepEqual(
      body.by_month.map((m) => m.month),
      months,
    );
    assert.ok(body.total > 0, 'fentanyl deaths spiked in 2021-2022');
    assert.equal(
      body.by_month.reduce((sum, m) => sum + m.episodes, 0),
      body.total,
    );
    // Episodes, not one alert per cool-down: each ends before the next begins, with at least the hour
    // it fell back and the 6-hour cool-down between them.
    body.episodes.forEach((e, i) => {
      assert.ok(e.peak >= e.count && e.count >= e.threshold && e.threshold >= 5, JSON.stringify(e));
      const previous = body.episodes[i - 1];
      if (previous) assert.ok(Date.parse(e.start) - Date.parse(previous.end) >= 7 * 3_600_000, e.start);
    });
  });
});
