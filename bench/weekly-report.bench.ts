/**
 * The weekly report of one jurisdiction with a large history: generated Connecticut overdoses are
 * imported, then each audience's report of the last complete week is built (counts and
 * suppression), written as HTML, and printed to PDF by Chromium (when the machine has it) and by the
 * plain fallback. The week holds `--alerts` alerts with three logged responses each, as a busy week
 * would (the internal and partner reports list them). Every run starts cold: no aggregate cache, no
 * public figures kept from an earlier run, a new browser; the first run also meets the database's
 * cold buffers after the import. On PostgreSQL, `sos report weekly` is then timed as a whole command.
 *
 * Run: npx tsc -p tsconfig.json && node dist/bench/weekly-report.bench.js [--rows 1000000]
 *        [--engine postgres|pglite] [--runs 5] [--alerts 25]
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { cliActor } from '../src/access/roles.js';
import { addDays } from '../src/platform/calendar-days.js';
import { systemClock } from '../src/platform/clock.js';
import { instantOfWallTime } from '../src/platform/time-zones.js';
import { forgetPublicFigures } from '../src/publications/public/public-service.js';
import { findChromium, printHtmlToPdf } from '../src/publications/weekly/chromium-pdf.js';
import { renderWeeklyReportPdf } from '../src/publications/weekly/plain-pdf.js';
import { renderWeeklyReportHtml } from '../src/publications/weekly/report-html.js';
import { lastCompleteWeek } from '../src/publications/weekly/report-week.js';
import { type Audience, audiences } from '../src/publications/weekly/weekly-report.js';
import { buildWeeklyReport } from '../src/publications/weekly/weekly-report-service.js';
import { readExtent } from '../src/surveillance/aggregates/aggregate-repository.js';
import { startPostgresCluster } from '../test/support/postgres-cluster.js';
import {
  BENCH_ENCRYPTION_KEY,
  type BenchEngine,
  importIntoSite,
  openBenchSite,
} from './support/bench-site.js';
import { cleanupOnSignal } from './support/cleanup-on-signal.js';
import { count, mib, peakRssBytes, secs } from './support/figures.js';
import { ensureGeneratedCsv, GENERATOR_END } from './support/generated-csv.js';
import { nearestRank } from './support/latency-stats.js';
import { seedWeekAlerts } from './support/week-alerts.js';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    engine: { type: 'string', default: 'postgres' },
    runs: { type: 'string', default: '5' },
    alerts: { type: 'string', default: '25' },
  },
});
const rows = Number(values.rows);
const engine = values.engine as BenchEngine;
const runs = Number(values.runs);
const alertCount = Number(values.alerts);
if (engine !== 'postgres' && engine !== 'pglite') throw new Error('--engine is postgres or pglite');

/** Milliseconds of each step of one report. */
interface Timing {
  build: number;
  html: number;
  chromium: number | null;
  plain: number;
}

const median = (xs: number[]) =>
  nearestRank(
    [...xs].sort((a, b) => a - b),
    0.5,
  );
const ms = (n: number) => n.toFixed(0);

async function main(): Promise<void> {
  const cluster = engine === 'postgres' ? await startPostgresCluster() : null;
  const release = cleanupOnSignal(async () => cluster?.stop());
  try {
    const site = await openBenchSite(engine, cluster?.url ?? null);
    const { db } = site.context;
    const csv = await ensureGeneratedCsv({ rows, days: 1095, seed: 1, end: GENERATOR_END });
    const importStarted = performance.now();
    const summary = await importIntoSite(site, csv.path);
    await db.query('analyze');
    const importSeconds = (performance.now() - importStarted) / 1000;
    const { lastDay } = await readExtent(db, site.jurisdiction.id);
    if (!lastDay) throw new Error('nothing was imported');
    const week = lastCompleteWeek(addDays(lastDay, 1));
    const [overdoses] = await db.query<{ all: string; week: string }>(
      `select count(*) as all,
              count(*) filter (where occurred_date between $2 and $3) as week
         from overdoses where jurisdiction_id = $1`,
      [site.jurisdiction.id, week.first, week.last],
    );
    console.log(
      `[${engine}] ${count(summary.accepted)} reports imported in ${secs(importSeconds)} s, then ANALYZE; ` +
        `${count(Number(overdoses?.all))} overdoses, ${count(Number(overdoses?.week))} in ${week.label} ` +
        `(${week.first} to ${week.last})`,
    );
    const analyst = await site.context.access.createUser(cliActor, {
      jurisdictionId: site.jurisdiction.id,
      email: 'analyst@bench.example.org',
      displayName: 'Bench analyst',
      role: 'analyst',
      organizationId: null,
      password: 'weekly report bench password',
    });
    const [year, month, day] = week.first.split('-').map(Number) as [number, number, number];
    const weekStart = instantOfWallTime(
      { year, month, day, hour: 0, minute: 0, second: 0 },
      site.jurisdiction.timeZone,
    );
    await seedWeekAlerts(site.context, site.jurisdiction, analyst.id, weekStart, {
      count: alertCount,
      responsesEach: 3,
    });
    console.log(`${alertCount} alerts in the week, 3 responses each`);
    const chromium = findChromium();
    if (!chromium) console.log('Chromium not found: PDFs by the plain fallback only');

    const timings = new Map<Audience, Timing[]>(audiences.map((a) => [a, []]));
    const sizes = new Map<string, number>();
    for (let run = 0; run < runs; run++) {
      for (const audience of audiences) {
        forgetPublicFigures();
        const t0 = performance.now();
        const report = await buildWeeklyReport(
          db,
          cliActor,
          { jurisdiction: site.jurisdiction.id, week, audience },
          { clock: systemClock },
        );
        const t1 = performance.now();
        const html = renderWeeklyReportHtml(report);
        const t2 = performance.now();
        const printed = chromium ? await printHtmlToPdf(html, chromium) : null;
        const t3 = performance.now();
        const plain = await renderWeeklyReportPdf(report);
        const t4 = performance.now();
        timings.get(audience)?.push({
          build: t1 - t0,
          html: t2 - t1,
          chromium: printed ? t3 - t2 : null,
          plain: t4 - t3,
        });
        sizes.set(`${audience} html`, html.length);
        if (printed) sizes.set(`${audience} chromium`, printed.length);
        sizes.set(`${audience} plain`, plain.length);
      }
    }

    console.log(
      `\n${runs} cold runs per audience, milliseconds (first run / median of all); ` +
        'a file = counts and suppression + HTML (+ PDF)\n',
    );
    console.log(
      '| audience | counts and suppression | HTML | Chromium PDF | plain PDF | HTML file | PDF file (Chromium) | PDF file (plain) |',
    );
    console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
    for (const audience of audiences) {
      const list = timings.get(audience) ?? [];
      const cell = (pick: (t: Timing) => number | null) => {
        const xs = list.map(pick).filter((x): x is number => x !== null);
        return xs.length ? `${ms(xs[0] as number)} / ${ms(median(xs))}` : '-';
      };
      const file = (pick: (t: Timing) => number | null) =>
        cell((t) => {
          const last = pick(t);
          return last === null ? null : t.build + t.html + last;
        });
      console.log(
        `| ${audience} | ${cell((t) => t.build)} | ${cell((t) => t.html)} | ${cell((t) => t.chromium)} | ` +
          `${cell((t) => t.plain)} | ${cell((t) => t.build + t.html)} | ${file((t) => t.chromium)} | ${file((t) => t.plain)} |`,
      );
    }
    console.log(
      `\nsizes: ${[...sizes].map(([what, bytes]) => `${what} ${count(bytes / 1024)} KiB`).join(', ')}; ` +
        `peak RSS of this process ${mib(peakRssBytes())} MiB`,
    );
    if (site.databaseUrl) {
      // What an analyst waits for at a terminal: a new process that connects, builds and prints.
      const cli = fileURLToPath(new URL('../src/main/cli.js', import.meta.url));
      const env = {
        ...process.env,
        DATABASE_URL: site.databaseUrl,
        SOS_DATA_DIR: site.dataDir,
        SOS_ENCRYPTION_KEYS: BENCH_ENCRYPTION_KEY,
      };
      const walls: string[] = [];
      for (const audience of audiences) {
        const out = path.join(site.dataDir, `report-${audience}.pdf`);
        const started = performance.now();
        execFileSync(
          process.execPath,
          [
            cli,
            'report',
            'weekly',
            '--jurisdiction',
            'ct',
            '--week',
            week.label,
            '--audience',
            audience,
            '--out',
            out,
          ],
          { env, stdio: 'ignore' },
        );
        walls.push(`${audience} ${ms(performance.now() - started)} ms`);
      }
      console.log(
        `sos report weekly ... --out FILE.pdf, wall time of the whole command: ${walls.join(', ')}`,
      );
    }
    await site.dispose();
  } finally {
    release();
    await cluster?.stop();
  }
}

await main();
