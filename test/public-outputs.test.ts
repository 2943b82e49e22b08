import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { cliActor } from '../src/access/roles.js';
import { importConnecticutTowns, loadDemoOnce } from '../src/demo/demo-loader.js';
import { runGenerateCommand } from '../src/demo/generator/command.js';
import type { CountTable } from '../src/disclosure/count-table.js';
import type { FigureSum, Publication, PublishedTable } from '../src/disclosure/published-table.js';
import { auditPublication } from '../src/disclosure/suppression-auditor.js';
import { importCsvFile } from '../src/intake/csv-import-service.js';
import { buildApp } from '../src/main/app.js';
import type { AppContext } from '../src/main/app-context.js';
import { forgetPublicFigures } from '../src/publications/public/public-service.js';
import { parseReportWeek, sameWeekLastYear, shiftWeek } from '../src/publications/weekly/report-week.js';
import type { WeeklyReport } from '../src/publications/weekly/weekly-report.js';
import { makeWeeklyReportFile } from '../src/publications/weekly/weekly-report-file.js';
import { buildWeeklyReport } from '../src/publications/weekly/weekly-report-service.js';
import { openTestContext, seedJurisdiction } from './support/test-databases.js';

/** The public figures endpoint's answer, as a reader gets it. */
interface PublicAnswer {
  k: number;
  as_of: { week: string };
  weeks: { week: string; count: number | null }[];
  months: { month: string; total: number | null }[];
  monthly: { month: string; first: string; last: string; count: number | null }[];
  annual: { year: string; first: string; last: string; to_date: boolean; count: number | null }[];
  areas: { id: string; name: string; population: number; counts: (number | null)[] }[];
  unplaced: (number | null)[] | null;
  breakdowns: { dimension: string; additive: boolean; rows: { key: string; counts: (number | null)[] }[] }[];
}

const column = (
  name: string,
  rows: { key: string; value: number | null }[],
  total?: number | null,
): PublishedTable => ({
  name,
  rows: rows.map((r) => r.key),
  columns: ['count'],
  cells: rows.map((r) => [r.value]),
  total,
});

/**
 * Rebuilds, from what the public API answered (not from the server's own objects), every published
 * table and every relation a reader can write between them: a year is the sum of its months, each
 * recent month's areas add up to that month, and so do its age and sex groups. Nothing ties one
 * year to another, so each year is one publication.
 */
function publicationsOf(answer: PublicAnswer): Publication[] {
  const weeks: Publication = {
    tables: [
      column(
        'weeks',
        answer.weeks.map((w) => ({ key: w.week, value: w.count })),
      ),
    ],
    relations: [],
  };
  const years = answer.annual.map((year): Publication => {
    const name = `months ${year.year}`;
    const months = answer.monthly.filter((m) => m.month.startsWith(`${year.year}-`));
    const tables = [
      column(
        name,
        months.map((m) => ({ key: m.month, value: m.count })),
        year.count,
      ),
    ];
    const figureSums: FigureSum[] = [];
    answer.months.forEach((month, m) => {
      if (!month.month.startsWith(`${year.year}-`)) return;
      const areaRows = answer.areas.map((a) => ({ key: a.id, value: a.counts[m] ?? null }));
      if (answer.unplaced) areaRows.push({ key: 'unplaced', value: answer.unplaced[m] ?? null });
      tables.push(column(`areas ${month.month}`, areaRows, month.total));
      figureSums.push({
        figure: { table: name, row: month.month, column: 'count' },
        sumOf: [{ table: `areas ${month.month}`, row: 'Total', column: 'Total' }],
      });
      for (const b of answer.breakdowns) {
        const table = `${b.dimension} ${month.month}`;
        const rows = b.rows.map((r) => ({ key: r.key, value: r.counts[m] ?? null }));
        tables.push(column(table, rows, b.additive ? month.total : undefined));
        if (b.additive) {
          figureSums.push({
            figure: { table: `areas ${month.month}`, row: 'Total', column: 'Total' },
            sumOf: [{ table, row: 'Total', column: 'Total' }],
          });
        }
      }
    });
    return { tables, relations: [], figureSums };
  });
  return [weeks, ...years];
}

/**
 * The monthly series runs without a gap from January of the first year to the last complete month,
 * the annual one has every year of it (only the last to date), and every recent month is in both.
 */
function assertHistoryComplete(answer: PublicAnswer, firstYear: string) {
  assert.equal(answer.annual[0]?.year, firstYear);
  assert.equal(answer.monthly[0]?.month, `${firstYear}-01`);
  for (const [i, m] of answer.monthly.entries()) {
    const next = answer.monthly[i + 1];
    if (next)
      assert.equal(
        next.first,
        new Date(Date.parse(`${m.last}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10),
      );
  }
  assert.deepEqual(
    answer.annual.map((y) => y.year),
    [...new Set(answer.monthly.map((m) => m.month.slice(0, 4)))],
  );
  for (const [i, year] of answer.annual.entries()) {
    const months = answer.monthly.filter((m) => m.month.startsWith(`${year.year}-`));
    assert.equal(year.to_date, months.length < 12, year.year);
    if (i < answer.annual.length - 1) assert.equal(months.length, 12, year.year);
    // When every month is shown, the year is their sum (a figure computed apart from the server's).
    if (months.every((m) => m.count !== null) && year.count !== null) {
      assert.equal(
        year.count,
        months.reduce((sum, m) => sum + (m.count ?? 0), 0),
        year.year,
      );
    }
  }
  const byMonth = new Map(answer.monthly.map((m) => [m.month, m.count]));
  for (const month of answer.months) assert.equal(byMonth.get(month.month), month.total, month.month);
}

/** Every count the public sees, with no figure of 1..k−1 among them. */
function assertNoSmallCount(answer: PublicAnswer) {
  const all = [
    ...answer.weeks.map((w) => w.count),
    ...answer.months.map((m) => m.total),
    ...answer.monthly.map((m) => m.count),
    ...answer.annual.map((y) => y.count),
    ...answer.areas.flatMap((a) => a.counts),
    ...(answer.unplaced ?? []),
    ...answer.breakdowns.flatMap((b) => b.rows.flatMap((r) => r.counts)),
  ];
  for (const value of all)
    assert.ok(value === null || value === 0 || value >= answer.k, `a count of ${value} is shown`);
  return all;
}

/** Differencing attacks written out: each must leave every hidden figure anywhere in 1..k−1. */
function assertDifferencingRecoversNothing(answer: PublicAnswer) {
  const k = answer.k;
  for (const publication of publicationsOf(answer).slice(1)) {
    for (const table of publication.tables) {
      if (table.total === undefined || table.total === null) continue;
      // A total minus the shown cells is the sum of the hidden ones: one hidden cell alone would be
      // recovered exactly; several must leave each of them room to be anything from 1 to k−1.
      const cells = table.cells.map((row) => row[0] ?? null);
      const hidden = cells.filter((c) => c === null).length;
      const rest = table.total - cells.reduce<number>((s, c) => s + (c ?? 0), 0);
      assert.notEqual(
        hidden,
        1,
        `${table.name}: one hidden cell would equal its total minus the shown cells`,
      );
      if (hidden > 1)
        assert.ok(rest - (hidden - 1) >= k - 1, `${table.name}: hidden cells share only ${rest}`);
    }
  }
}

/**
 * The public report prints nothing but the audited figures: every count on it is one the API
 * published (the same week, area, group and month), and its one derived figure, the four weeks
 * before, is their sum only when all four are shown. So what the auditor passed covers the report.
 */
function assertReportShowsOnlyPublishedFigures(report: WeeklyReport, answer: PublicAnswer) {
  const byWeek = new Map(answer.weeks.map((w) => [w.week, w.count]));
  assert.ok(report.trend.length > 0);
  for (const point of report.trend) {
    assert.equal(point.count, byWeek.get(point.week), point.week);
    const lastYear = sameWeekLastYear(parseReportWeek(point.week)).label;
    assert.equal(point.lastYear, byWeek.get(lastYear) ?? null, `${point.week} last year`);
  }
  const current = report.trend.at(-1);
  assert.equal(report.headline.total, current?.count);
  assert.equal(report.headline.sameWeekLastYear, current?.lastYear);
  const four = report.trend.slice(-5, -1).map((t) => t.count);
  assert.equal(
    report.headline.previousFourWeeks,
    four.length === 4 && four.every((c) => c !== null) ? four.reduce((a, b) => (a ?? 0) + (b ?? 0), 0) : null,
  );
  const m = answer.months.length - 1;
  assert.ok(report.map, 'the report has a map');
  assert.equal(report.map.total, answer.months[m]?.total);
  const areas = new Map(answer.areas.map((a) => [a.id, a.counts[m]]));
  assert.equal(report.map.areas.length, answer.areas.length);
  for (const area of report.map.areas) assert.equal(area.count, areas.get(area.key), area.label);
  for (const breakdown of report.breakdowns) {
    const published = answer.breakdowns.find((b) => b.dimension === breakdown.dimension);
    assert.ok(published, breakdown.dimension);
    const rows = new Map(published.rows.map((r) => [r.key, r.counts[m]]));
    for (const row of breakdown.rows)
      assert.equal(row.count, rows.get(row.key), `${breakdown.dimension} ${row.key}`);
    assert.equal(breakdown.total, published.additive ? answer.months[m]?.total : null);
  }
  assert.equal(report.alerts, null);
  assert.equal(report.headline.fatal, undefined);
}

describe('public outputs pass the auditor', () => {
  let context: AppContext & { dispose(): Promise<void> };
  let app: FastifyInstance;
  const outDir = path.resolve('test-results/reports');
  const work = mkdtempSync(path.join(tmpdir(), 'sos-public-'));

  before(async () => {
    mkdirSync(outDir, { recursive: true });
    context = await openTestContext('postgres');
    await loadDemoOnce(context, () => {});
    app = await buildApp(context);
  });
  after(async () => {
    await app.close();
    await context.dispose();
    rmSync(work, { recursive: true, force: true });
  });

  const get = async (url: string) => {
    const response = await app.inject({ method: 'GET', url });
    assert.equal(response.statusCode, 200, `${url}: ${response.body.slice(0, 300)}`);
    return response;
  };

  /**
   * Audits every public endpoint of a jurisdiction, signed out, and its public report of the same
   * week, and returns the figures it answered.
   */
  async function auditPublicEndpoints(jurisdiction: string, firstYear: string): Promise<PublicAnswer> {
    const answer = (await get(`/api/public/v1/jurisdictions/${jurisdiction}/figures`)).json() as PublicAnswer;
    assert.equal(answer.k, 10);
    const shown = assertNoSmallCount(answer);
    assert.ok(
      shown.some((v) => v !== null && v >= 10),
      'some figures are shown',
    );
    for (const publication of publicationsOf(answer)) {
      const audit = auditPublication(publication, answer.k, { exact: true });
      assert.equal(audit.passed, true, JSON.stringify(audit.exposed.slice(0, 3)));
    }
    assertDifferencingRecoversNothing(answer);
    assertHistoryComplete(answer, firstYear);
    const countsOf = (csv: string, field: number) =>
      csv
        .trim()
        .split('\r\n')
        .slice(1)
        .map((line) => line.split(',')[field]);
    const monthlyCsv = (await get(`/api/public/v1/jurisdictions/${jurisdiction}/open-data/monthly.csv`)).body;
    assert.deepEqual(
      countsOf(monthlyCsv, 3),
      answer.monthly.map((m) => (m.count === null ? '' : String(m.count))),
    );
    const annualCsv = (await get(`/api/public/v1/jurisdictions/${jurisdiction}/open-data/annual.csv`)).body;
    assert.deepEqual(
      countsOf(annualCsv, 4),
      answer.annual.map((y) => (y.count === null ? '' : String(y.count))),
    );
    assert.deepEqual(
      countsOf(annualCsv, 3),
      answer.annual.map((y) => (y.to_date ? 'yes' : 'no')),
    );
    // The open data hold the same figures: the weekly file's counts are the API's, hidden as empty.
    const weekly = (await get(`/api/public/v1/jurisdictions/${jurisdiction}/open-data/weekly.csv`)).body;
    const fromCsv = weekly
      .trim()
      .split('\r\n')
      .slice(1)
      .map((line) => line.split(',')[3]);
    assert.deepEqual(
      fromCsv,
      answer.weeks.map((w) => (w.count === null ? '' : String(w.count))),
    );
    const byArea = (await get(`/api/public/v1/jurisdictions/${jurisdiction}/open-data/monthly-by-area.csv`))
      .body;
    for (const line of byArea.trim().split('\r\n').slice(1)) {
      const count = line.match(/,(\d*),(yes|no),/)?.[1];
      assert.ok(count === '' || Number(count) === 0 || Number(count) >= 10, line);
    }
    const geo = (
      await get(`/api/public/v1/jurisdictions/${jurisdiction}/open-data/areas.geojson`)
    ).json() as {
      features: { properties: { population: number; counts: (number | null)[] } }[];
    };
    for (const f of geo.features) {
      assert.ok(f.properties.population >= 20_000);
      for (const c of f.properties.counts) assert.ok(c === null || c === 0 || c >= 10);
    }
    const dictionary = (
      await get(`/api/public/v1/jurisdictions/${jurisdiction}/open-data/data-dictionary.csv`)
    ).body;
    assert.match(dictionary, /rate_unreliable/);
    assert.match(dictionary, /^annual\.csv,to_date,/m);
    assert.match(dictionary, /^monthly\.csv,month,/m);
    const page = (await get(`/public/${jurisdiction}`)).body;
    assert.match(page, /Open data/);
    const report = await buildWeeklyReport(
      context.db,
      { kind: 'public' },
      { jurisdiction, week: parseReportWeek(answer.as_of.week), audience: 'public' },
      { clock: context.clock },
    );
    assertReportShowsOnlyPublishedFigures(report, answer);
    return answer;
  }

  it('on the Connecticut demo: every public endpoint, the public page and the public report', async () => {
    await auditPublicEndpoints('ct', '2012');
    const html = (await get('/api/public/v1/jurisdictions/ct/weekly-report')).body;
    assert.match(html, /Public/);
    for (const page of [html, (await get('/public/ct')).body]) {
      // "<10" would tell a reader every hidden count is small, complementary ones included.
      assert.doesNotMatch(page, /&lt;\s*\d/, 'no hidden count is written as <k');
      assert.match(page, /hidden/);
      const ids = [...page.matchAll(/\bid="([^"]+)"/g)].map((m) => m[1]);
      assert.equal(new Set(ids).size, ids.length, 'every id on the page is unique');
    }
  });

  it('on generated data: every public endpoint and the public report, with the partner report suppressed at k = 5', async () => {
    const out = path.join(work, 'generated.csv');
    await runGenerateCommand({ events: 20_000, days: 730, seed: 5, out, end: '2024-07-01' });
    const { jurisdiction, organization } = await seedJurisdiction(context.db, {
      shortName: 'gen',
      timeZone: 'America/New_York',
    });
    await importConnecticutTowns(context, jurisdiction);
    await importCsvFile(context.intake, cliActor, {
      filePath: out,
      presetName: 'generic',
      jurisdiction,
      organization,
    });
    await context.db.query('update jurisdictions set partner_k = 5 where id = $1', [jurisdiction.id]);
    forgetPublicFigures();
    await auditPublicEndpoints('gen', '2022');
    const partner = await buildWeeklyReport(
      context.db,
      cliActor,
      { jurisdiction: 'gen', week: parseReportWeek('2024-W20'), audience: 'partner' },
      { clock: context.clock },
    );
    assert.equal(partner.k, 5);
    const figures = [
      ...partner.trend.flatMap((t) => [t.count, t.lastYear]),
      ...(partner.map?.areas.map((a) => a.count) ?? []),
      ...partner.breakdowns.flatMap((b) => b.rows.map((r) => r.count)),
    ];
    assert.ok(figures.includes(null), 'small counts are hidden');
    for (const f of figures) assert.ok(f === null || f === 0 || f >= 5);
  });

  it('differencing across consecutive weekly reports recovers nothing', async () => {
    // Ten public reports in a row: each prints its week, the four weeks before as one sum, and the
    // same week last year. A reader holding all of them writes every four-week sum as a relation.
    const last = parseReportWeek('2021-W20');
    const weeks = new Map<string, number | null>();
    const figureSums: FigureSum[] = [];
    const sums: CountTable[] = [];
    for (let i = 9; i >= 0; i--) {
      const week = shiftWeek(last, -i);
      const report = await buildWeeklyReport(
        context.db,
        { kind: 'public' },
        { jurisdiction: 'ct', week, audience: 'public' },
        { clock: context.clock },
      );
      for (const t of report.trend) {
        const before = weeks.get(t.week);
        if (before !== undefined) assert.equal(t.count, before, `${t.week} reads the same in every report`);
        weeks.set(t.week, t.count);
      }
      const previous = report.headline.previousFourWeeks;
      if (previous !== null) {
        const four = [1, 2, 3, 4].map((n) => shiftWeek(week, -n).label);
        assert.ok(
          four.every((w) => weeks.get(w) !== null),
          'a four-week sum is printed only over shown weeks',
        );
        sums.push({
          name: `previous 4 of ${week.label}`,
          rows: ['sum'],
          columns: ['count'],
          counts: [[previous]],
        });
        figureSums.push({
          figure: { table: `previous 4 of ${week.label}`, row: 'sum', column: 'count' },
          sumOf: four.map((w) => ({ table: 'weeks', row: w, column: 'count' })),
        });
      }
    }
    const publication: Publication = {
      tables: [
        column(
          'weeks',
          [...weeks].map(([key, value]) => ({ key, value })),
        ),
        ...sums.map((s) => column(s.name, [{ key: 'sum', value: s.counts[0]?.[0] ?? null }])),
      ],
      relations: [],
      figureSums,
    };
    assert.equal(auditPublication(publication, 10, { exact: true }).passed, true);
  });

  it('renders the three audiences as PDF, turned into PNG pages saved for people to look at', async () => {
    const week = parseReportWeek('2021-W10');
    for (const audience of ['internal', 'partner', 'public'] as const) {
      const file = await makeWeeklyReportFile(
        context.db,
        cliActor,
        { jurisdiction: 'ct', week, audience, format: 'pdf' },
        { clock: context.clock, cache: context.aggregateCache },
      );
      assert.equal(file.engine, 'chromium');
      assert.equal(Buffer.from(file.bytes.subarray(0, 5)).toString(), '%PDF-');
      const pdf = path.join(outDir, `ct-${week.label}-${audience}.pdf`);
      writeFileSync(pdf, file.bytes);
      const prefix = path.join(outDir, `ct-${week.label}-${audience}`);
      execFileSync('pdftoppm', ['-png', '-r', '72', pdf, prefix]);
      const pages = readdirSync(outDir).filter(
        (f) =>
          /^-\d+\.png$/.test(f.slice(prefix.length - outDir.length - 1)) &&
          f.startsWith(`ct-${week.label}-${audience}-`),
      );
      assert.ok(pages.length >= 1, `${audience}: PNG pages`);
      if (audience === 'public') assert.equal(pages.length, 1, 'the public announcement is one page');
      const text = execFileSync('pdftotext', [pdf, '-']).toString();
      assert.match(text, /Connecticut: weekly overdose report/);
      assert.match(
        text,
        new RegExp(audience === 'public' ? 'Public' : audience === 'partner' ? 'Partners' : 'Internal'),
      );
      // Without Chromium the same report is laid out by the pure-JavaScript fallback.
      const plain = await makeWeeklyReportFile(
        context.db,
        cliActor,
        { jurisdiction: 'ct', week, audience, format: 'pdf' },
        { clock: context.clock, cache: context.aggregateCache, chromium: null },
      );
      assert.equal(plain.engine, 'plain');
      const plainPdf = path.join(outDir, `ct-${week.label}-${audience}-plain.pdf`);
      writeFileSync(plainPdf, plain.bytes);
      execFileSync('pdftoppm', ['-png', '-r', '72', plainPdf, `${prefix}-plain`]);
      assert.match(execFileSync('pdftotext', [plainPdf, '-']).toString(), /Connecticut/);
    }
  });
});
