import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, it } from 'node:test';
import { promisify } from 'node:util';
import type { FastifyInstance } from 'fastify';
import { pdfText } from '../../../test/support/pdf-text.js';
import { signInRoles } from '../../../test/support/sign-in.js';
import {
  describeEachEngine,
  openTestContext,
  seedJurisdiction,
} from '../../../test/support/test-databases.js';
import { cliActor, type Role } from '../../access/roles.js';
import { CatalogCache } from '../../directory/catalog-cache.js';
import { ingestReports } from '../../intake/intake-service.js';
import { buildApp } from '../../main/app.js';
import type { AppContext } from '../../main/app-context.js';
import { writeTrainingBrief } from './training-brief-file.js';
import { buildTrainingBrief } from './training-brief-service.js';

const run = promisify(execFile);
const CLI = path.resolve('dist/src/main/cli.js');

/** One seeded overdose: the truth the brief's figures are checked against. */
interface Seeded {
  id: string;
  day: string;
  age: number;
  sex: 'male' | 'female';
  race: 'white' | 'black' | 'asian';
  hispanic: boolean;
  fatal: boolean;
  naloxone: boolean;
  response: 'responded' | 'no_response' | null;
  substances: string[];
}

/**
 * May 2024: three men aged 71, fewer than k = 10, so the partner rule withholds May from every
 * person-attribute breakdown. June and July 2024: 70 overdoses with every attribute varied.
 */
function seededOverdoses(): Seeded[] {
  const may = [3, 10, 20].map(
    (d, i): Seeded => ({
      id: `may-${i}`,
      day: `2024-05-${String(d).padStart(2, '0')}`,
      age: 71,
      sex: 'male',
      race: 'white',
      hispanic: false,
      fatal: false,
      naloxone: true,
      response: 'responded',
      substances: ['heroin'],
    }),
  );
  const later = Array.from({ length: 70 }, (_, i): Seeded => {
    const naloxone = i % 2 === 0;
    return {
      id: `later-${i}`,
      day:
        i < 40
          ? `2024-06-${String((i % 28) + 1).padStart(2, '0')}`
          : `2024-07-${String((i % 28) + 1).padStart(2, '0')}`,
      age: 18 + ((i * 7) % 50),
      sex: i % 3 === 0 ? 'female' : 'male',
      race: i % 10 < 6 ? 'white' : i % 10 < 9 ? 'black' : 'asian',
      hispanic: i % 7 === 0,
      fatal: i % 5 === 0,
      naloxone,
      response: naloxone ? (i % 6 === 0 ? 'no_response' : 'responded') : null,
      substances: i % 4 === 0 ? ['fentanyl', 'cocaine'] : i % 4 === 1 ? ['heroin'] : ['fentanyl'],
    };
  });
  return [...may, ...later];
}

describeEachEngine('training brief', (engine) => {
  let context: AppContext & { dispose(): Promise<void> };
  let app: FastifyInstance;
  let cookies: Map<Role, string>;
  let jurisdictionId: string;
  const truth = seededOverdoses();
  const folder = mkdtempSync(path.join(tmpdir(), 'sos-training-brief-'));

  before(async () => {
    context = await openTestContext(engine);
    const seeded = await seedJurisdiction(context.db);
    jurisdictionId = seeded.jurisdiction.id;
    await ingestReports(context.intake, cliActor, {
      jurisdiction: seeded.jurisdiction,
      organization: seeded.organization,
      channel: 'api',
      items: truth.map((o) => {
        const fields = {
          source_record_id: o.id,
          occurred_at: `${o.day}T16:00:00Z`,
          latitude: 41.5,
          longitude: -72.5,
          age: o.age,
          sex: o.sex === 'male' ? 'M' : 'F',
          race: o.race,
          ethnicity: o.hispanic ? 'Hispanic' : 'Not Hispanic',
          fatal: o.fatal,
          naloxone_given: o.naloxone,
          ...(o.response ? { naloxone_response: o.response === 'responded' ? 'Improved' : 'No change' } : {}),
          substances: o.substances,
        };
        return { raw: fields, fields };
      }),
    });
    app = await buildApp(context);
    cookies = await signInRoles(app, context, jurisdictionId, [
      'analyst',
      'public_safety_analyst',
      'harm_reduction_partner',
      'submitter',
      'outreach_coordinator',
      'outreach_worker',
      'outreach_oversight',
      'administrator',
    ]);
  });
  after(async () => {
    await app.close();
    await context.dispose();
    rmSync(folder, { recursive: true, force: true });
  });

  const get = (url: string, role: Role | null) =>
    app.inject({ method: 'GET', url, headers: role ? { cookie: cookies.get(role) as string } : {} });

  interface ShareJson {
    count: number | null;
    of: number | null;
    percent: number | null;
  }

  /** A shown count must be the true one; a true count of 1..9 must be hidden. */
  const checkShown = (what: string, shown: number | null, trueCount: number) => {
    if (trueCount >= 1 && trueCount <= 9) assert.equal(shown, null, `${what}: ${trueCount} must be hidden`);
    if (shown !== null) assert.equal(shown, trueCount, what);
  };

  it('counts who overdoses here from the seeded truth, June and July only for person attributes (May withheld)', async () => {
    const answer = await get('/api/v1/briefs/training', 'public_safety_analyst');
    assert.equal(answer.statusCode, 200, answer.body);
    const brief = answer.json() as {
      from: string;
      to: string;
      k: number;
      total: number | null;
      fatal: ShareJson;
      naloxone_given: ShareJson;
      substances: { key: string; share: ShareJson }[];
      attributes: Record<
        string,
        { values: { key: string; share: ShareJson }[]; of: number | null; withheld_months: string[] }
      >;
      myths: { id: string; answer: string; missing: string | null }[];
    };
    assert.deepEqual([brief.from, brief.to], ['2023-08-01', '2024-07-31']);
    assert.equal(brief.k, 10);
    assert.equal(brief.total, truth.length);
    checkShown('fatal', brief.fatal.count, truth.filter((o) => o.fatal).length);
    assert.equal(brief.fatal.of, truth.length);
    checkShown('naloxone', brief.naloxone_given.count, truth.filter((o) => o.naloxone).length);
    for (const substance of ['fentanyl', 'heroin', 'cocaine']) {
      const row = brief.substances.find((s) => s.key === substance);
      assert.ok(row, substance);
      checkShown(substance, row.share.count, truth.filter((o) => o.substances.includes(substance)).length);
    }
    const shownMonths = truth.filter((o) => !o.day.startsWith('2024-05'));
    const attributeOf: Record<string, (o: Seeded) => string> = {
      age_group: (o) =>
        o.age < 25
          ? 'under_25'
          : o.age < 35
            ? '25-34'
            : o.age < 45
              ? '35-44'
              : o.age < 55
                ? '45-54'
                : o.age < 65
                  ? '55-64'
                  : '65_and_over',
      sex: (o) => o.sex,
      race: (o) => o.race,
      ethnicity: (o) => (o.hispanic ? 'hispanic' : 'not_hispanic'),
    };
    for (const [attribute, of] of Object.entries(attributeOf)) {
      const a = brief.attributes[attribute];
      assert.ok(a, attribute);
      assert.deepEqual(a.withheld_months, ['2024-05-01'], `${attribute}: May has 3 overdoses, fewer than k`);
      assert.equal(a.of, shownMonths.length, `${attribute}: the shares are of the months shown`);
      const expected = new Map<string, number>();
      for (const o of shownMonths) expected.set(of(o), (expected.get(of(o)) ?? 0) + 1);
      assert.deepEqual(
        a.values.map((v) => v.key).sort(),
        [...expected.keys()].sort(),
        `${attribute}: exactly the groups of June and July`,
      );
      for (const v of a.values) checkShown(`${attribute} ${v.key}`, v.share.count, expected.get(v.key) ?? 0);
    }
    const fentanyl = truth.filter((o) => o.substances.includes('fentanyl'));
    const fentanylMyth = brief.myths.find((m) => m.id === 'naloxone-only-heroin');
    const responded = fentanyl.filter((o) => o.response === 'responded').length;
    assert.ok(fentanylMyth?.answer.includes(`${responded} of ${fentanyl.length}`), fentanylMyth?.answer);
    assert.equal(brief.myths.find((m) => m.id === 'mostly-outdoors')?.missing, 'not_recorded');
  });

  it('hides small counts in a narrow period and says so in the myths whose figure is hidden', async () => {
    const answer = await get('/api/v1/briefs/training?from=2024-05-01&to=2024-05-31', 'analyst');
    assert.equal(answer.statusCode, 200, answer.body);
    const brief = answer.json() as {
      total: number | null;
      fatal: ShareJson;
      attributes: Record<string, { values: unknown[]; withheld_months: string[] }>;
      myths: { id: string; missing: string | null; answer: string }[];
    };
    assert.equal(brief.total, null, 'three overdoses: hidden');
    assert.equal(brief.fatal.percent, null);
    assert.deepEqual(brief.attributes.sex?.values, []);
    const fatalMyth = brief.myths.find((m) => m.id === 'mostly-fatal');
    assert.equal(fatalMyth?.missing, 'hidden');
    assert.match(fatalMyth?.answer ?? '', /hidden/);
  });

  it('refuses a range backwards or longer than 36 months, and an unknown layer, naming the field', async () => {
    for (const [query, status, field] of [
      ['from=2024-07-01&to=2024-05-01', 400, 'from'],
      ['from=2020-01-01&to=2024-06-30', 400, 'from'],
      ['layer=nowhere&area=x', 404, 'layer'],
      ['from=2024-13-01', 400, 'from'],
    ] as const) {
      const answer = await get(`/api/v1/briefs/training?${query}`, 'analyst');
      assert.equal(answer.statusCode, status, `${query}: ${answer.body}`);
      assert.ok(answer.body.includes(field), `${query} names ${field}: ${answer.body}`);
    }
  });

  it('is refused to submitters, outreach roles, administrators and the public', async () => {
    for (const role of [
      'submitter',
      'outreach_coordinator',
      'outreach_worker',
      'outreach_oversight',
      'administrator',
      null,
    ] as const) {
      for (const url of ['/api/v1/briefs/training', '/api/v1/briefs/training/figures.json']) {
        const answer = await get(url, role);
        assert.ok([401, 403].includes(answer.statusCode), `${role ?? 'public'} ${url}: ${answer.statusCode}`);
      }
    }
    for (const role of ['analyst', 'harm_reduction_partner'] as const) {
      assert.equal((await get('/api/v1/briefs/training', role)).statusCode, 200, role);
    }
  });

  it('offers figures that pass the real sos suppression check', async () => {
    const answer = await get('/api/v1/briefs/training/figures.json', 'public_safety_analyst');
    assert.equal(answer.statusCode, 200, answer.body);
    assert.match(answer.headers['content-disposition'] as string, /attachment; filename=".*-figures\.json"/);
    const file = path.join(folder, 'figures.json');
    writeFileSync(file, answer.body);
    const published = JSON.parse(answer.body) as { tables: { name: string; cells: (number | null)[][] }[] };
    const tables = published.tables.map((t) => t.name);
    assert.ok(tables.includes('by_age_group') && tables.includes('substances'), tables.join());
    assert.ok(
      published.tables.some((t) => t.cells.flat().includes(null)),
      'some figure is hidden, so the check has something to attack',
    );
    const { stdout } = await run(process.execPath, [CLI, 'suppression', 'check', file, '--k', '10']);
    assert.match(stdout, /passed: no hidden figure narrowed \(k = 10\)/);
  });

  it('prints the brief as HTML and as a plain PDF when there is no Chromium', async () => {
    const html = await get('/api/v1/briefs/training/brief.html', 'public_safety_analyst');
    assert.equal(html.statusCode, 200);
    assert.match(html.headers['content-type'] as string, /text\/html/);
    assert.match(html.body, /Myths against figures/);
    assert.match(html.body, new RegExp(`Suspected overdoses</th><td class="n">${truth.length}<`));
    const partner = {
      kind: 'user',
      userId: 'p',
      jurisdictionId,
      role: 'public_safety_analyst',
      organizationId: null,
    } as const;
    const brief = await buildTrainingBrief(
      { db: context.db, clock: context.clock, catalogs: new CatalogCache() },
      partner,
      {},
    );
    const pdf = await writeTrainingBrief(brief, 'pdf', null);
    assert.equal(pdf.engine, 'plain');
    const text = pdfText(pdf.bytes);
    assert.match(text, new RegExp(`Suspected overdoses: ${truth.length}`));
    assert.match(text, /Myth: Naloxone only works on heroin\./);
    assert.match(text, /988 Suicide & Crisis Lifeline/);
  });
});
