import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { OWN_ORIGIN, signInRoles } from '../../test/support/sign-in.js';
import { describeEachEngine, openTestContext, seedJurisdiction } from '../../test/support/test-databases.js';
import type { Jurisdiction, Organization } from '../access/jurisdictions/jurisdiction.js';
import { insertOrganization } from '../access/jurisdictions/jurisdiction-repository.js';
import { cliActor } from '../access/roles.js';
import { importCsvFile } from '../intake/csv-import-service.js';
import { ingestReports } from '../intake/intake-service.js';
import { buildApp } from '../main/app.js';
import type { AppContext } from '../main/app-context.js';

const HEADER =
  'incident_id,incident_date,incident_time,latitude,longitude,overdose_type,naloxone_administered,naloxone_doses,suspected_drug,agency_id,agency_name';

/** The facts of an ODMAP CSV row that must survive a round trip (ids and agency are the receiver's own). */
const FACTS = [
  'incident_date',
  'incident_time',
  'latitude',
  'longitude',
  'overdose_type',
  'naloxone_administered',
  'naloxone_doses',
  'suspected_drug',
];

function rowsOf(csv: string): Record<string, string>[] {
  const [header, ...lines] = csv.trim().split('\r\n');
  const columns = (header as string).split(',');
  return lines.map((line) => {
    const cells =
      line.match(/("([^"]|"")*"|[^,]*)(,|$)/g)?.map((c) =>
        c
          .replace(/,$/, '')
          .replace(/^"([\s\S]*)"$/, '$1')
          .replaceAll('""', '"'),
      ) ?? [];
    return Object.fromEntries(columns.map((c, i) => [c, cells[i] ?? '']));
  });
}

const factsOf = (rows: Record<string, string>[]) => rows.map((r) => FACTS.map((f) => r[f]).join('|')).sort();

describeEachEngine('ODMAP-style import', (engine) => {
  let context: AppContext & { dispose(): Promise<void> };
  let app: FastifyInstance;
  let dir: string;
  let source: { jurisdiction: Jurisdiction; organization: Organization };
  let target: { jurisdiction: Jurisdiction; organization: Organization };
  let sourceAnalyst: string;
  let targetAnalyst: string;

  const exportCsv = async (cookie: string, organizationId: string) => {
    const answer = await app.inject({
      method: 'GET',
      url: `/api/v1/interop/odmap/overdoses.csv?organization_id=${organizationId}&from=2026-01-01&to=2026-01-31`,
      headers: { cookie, origin: OWN_ORIGIN },
    });
    assert.equal(answer.statusCode, 200, answer.body);
    return answer.body;
  };
  const importFile = (name: string, text: string) => {
    const filePath = path.join(dir, name);
    writeFileSync(filePath, text);
    return importCsvFile(context.intake, cliActor, {
      filePath,
      presetName: 'odmap',
      jurisdiction: target.jurisdiction,
      organization: target.organization,
    });
  };

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'sos-odmap-'));
    context = await openTestContext(engine, { clock: { now: () => new Date('2026-02-10T12:00:00Z') } });
    source = await seedJurisdiction(context.db, { timeZone: 'America/New_York' });
    target = await seedJurisdiction(context.db, { timeZone: 'America/New_York' });
    const sheriff = {
      jurisdictionId: target.jurisdiction.id,
      id: randomUUID(),
      name: 'County Sheriff',
      type: 'sheriff',
    };
    await insertOrganization(context.db, sheriff);
    target = { ...target, organization: sheriff };
    // Twenty overdoses of varied facts, from a seeded rule (no randomness): the source's truth.
    const drugs = [
      'fentanyl',
      'heroin;cocaine',
      'oxycodone',
      'methamphetamine;fentanyl',
      '',
      'xylazine;fentanyl',
      'any_opioid',
      'cannabis',
    ];
    const items = Array.from({ length: 20 }, (_, i) => {
      const fields: Record<string, unknown> = {
        source_record_id: `src-${i}`,
        occurred_at:
          i % 5 === 0
            ? `2026-01-${String(i + 2).padStart(2, '0')}`
            : `2026-01-${String(i + 2).padStart(2, '0')}T${String(i % 24).padStart(2, '0')}:15:00-05:00`,
        latitude: 41.6 + i * 0.01,
        longitude: -72.7 - i * 0.01,
        substances: drugs[i % drugs.length],
      };
      if (i % 4 === 0) fields.fatal = true;
      if (i % 3 === 0) fields.naloxone_given = true;
      if (i % 3 === 1) fields.naloxone_given = false;
      if (i % 6 === 0) fields.naloxone_doses = 1 + (i % 4);
      return { raw: fields, fields };
    });
    await ingestReports(context.intake, cliActor, { ...source, channel: 'api', items });
    app = await buildApp(context);
    sourceAnalyst = (await signInRoles(app, context, source.jurisdiction.id, ['analyst'])).get(
      'analyst',
    ) as string;
    targetAnalyst = (await signInRoles(app, context, target.jurisdiction.id, ['analyst'])).get(
      'analyst',
    ) as string;
  });
  after(async () => {
    await app.close();
    await context.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('imports an export of another jurisdiction as one of its agencies: the counts and facts match, and again is idempotent', async () => {
    const exported = await exportCsv(sourceAnalyst, source.organization.id);
    const exportedRows = rowsOf(exported);
    assert.equal(exportedRows.length, 20);
    const first = await importFile('from-source.csv', exported);
    assert.deepEqual([first.accepted, first.rejected, first.duplicates], [20, 0, 0]);
    const reimported = rowsOf(await exportCsv(targetAnalyst, target.organization.id));
    assert.equal(reimported.length, exportedRows.length);
    assert.deepEqual(factsOf(reimported), factsOf(exportedRows));
    assert.ok(reimported.every((r) => r.agency_name === 'County Sheriff'));
    // The fatal count of the target computed from its own overdoses, against the source's.
    const [fatal] = await context.db.query<{ n: number }>(
      'select count(*)::int as n from overdoses where jurisdiction_id = $1 and fatal',
      [target.jurisdiction.id],
    );
    assert.equal(fatal?.n, exportedRows.filter((r) => r.overdose_type === 'Fatal').length);
    // The source's overdose ids are the sheriff's record ids: sending the file again adds nothing.
    const again = await importFile('from-source-again.csv', exported);
    assert.deepEqual([again.accepted, again.duplicates], [0, 20]);
  });

  it('quarantines the rows it cannot read with their file, row and column, and keeps the good ones', async () => {
    const file = [
      HEADER,
      'a-1,2026-01-20,08:30,41.7,-72.6,Fatal,Yes,2,Fentanyl; Carfentanil,x,Other Agency',
      'a-2,2026-01-21,,41.71,-72.61,Maybe,No,,Heroin,x,Other Agency',
      'a-3,2026-01-22,25h,41.72,-72.62,Non-Fatal,Unknown,,Cocaine,x,Other Agency',
      'a-4,2026-01-23,10:00,41.73,-72.63,Non-Fatal,Sometimes,,Bath salts,x,Other Agency',
      'a-5,not a date,,41.74,-72.64,Non-Fatal,No,,,x,Other Agency',
      'a-6,2026-01-24,11:00,41.75,-72.65,Non-Fatal,No,,Bath salts,x,Other Agency',
    ].join('\n');
    const summary = await importFile('agency.csv', `${file}\n`);
    assert.deepEqual([summary.read, summary.accepted, summary.rejected], [6, 2, 4]);
    const quarantine = readFileSync(summary.rejectedFile as string, 'utf8');
    const reasons = rowsOf(quarantine.replace(/\n/g, '\r\n').replace(/\r\r\n/g, '\r\n')).map((r) => [
      r.row,
      r.reasons,
    ]);
    assert.deepEqual(
      reasons.map(([row]) => row),
      ['2', '3', '4', '5'],
    );
    assert.match(reasons[0]?.[1] ?? '', /overdose_type: .*"Maybe" is not Fatal or Non-Fatal/);
    assert.match(reasons[1]?.[1] ?? '', /incident_time: .*"25h"/);
    assert.match(reasons[2]?.[1] ?? '', /naloxone_administered: .*"Sometimes"/);
    assert.match(reasons[3]?.[1] ?? '', /incident_date: /);
    // The unknown drug of a good row is kept raw and flagged, not a reason to lose the overdose.
    const [kept] = await context.db.query<{ substances: string[] }>(
      `select o.substances from overdoses o join reports r on r.jurisdiction_id = o.jurisdiction_id and r.overdose_id = o.id
       where r.jurisdiction_id = $1 and r.source_record_id = 'a-1'`,
      [target.jurisdiction.id],
    );
    assert.deepEqual([...(kept?.substances ?? [])].sort(), ['fentanyl', 'fentanyl_analog']);
  });
  it("takes an uploaded file from a submitter for its own agency, listing the rejected rows' reasons", async () => {
    const roles = await signInRoles(
      app,
      context,
      target.jurisdiction.id,
      ['submitter', 'public_safety_analyst'],
      target.organization.id,
    );
    const upload = (cookie: string, body: object) =>
      app.inject({
        method: 'POST',
        url: '/api/v1/interop/odmap/import',
        headers: { cookie, origin: OWN_ORIGIN },
        payload: body,
      });
    const file = [
      HEADER,
      'u-1,2026-01-25,07:45,41.7,-72.6,Non-Fatal,Yes,1,Heroin,x,Sheriff',
      'u-2,2026-01-26,07:45,41.7,-72.6,Perhaps,Yes,1,Heroin,x,Sheriff',
    ].join('\n');
    const answer = await upload(roles.get('submitter') as string, { file_name: 'january.csv', csv: file });
    assert.equal(answer.statusCode, 200, answer.body);
    const body = answer.json();
    assert.deepEqual([body.read, body.accepted, body.rejected], [2, 1, 1]);
    assert.equal(body.rejected_rows[0].row, 2);
    assert.match(body.rejected_rows[0].reasons, /overdose_type: .*"Perhaps"/);
    const [stored] = await context.db.query<{ organization_id: string }>(
      "select organization_id from reports where jurisdiction_id = $1 and source_record_id = 'u-1'",
      [target.jurisdiction.id],
    );
    assert.equal(stored?.organization_id, target.organization.id);
    // Another agency's file, a role that imports nothing, and a file without ODMAP's columns.
    const other = await upload(roles.get('submitter') as string, {
      organization_id: source.organization.id,
      file_name: 'x.csv',
      csv: file,
    });
    assert.equal(other.statusCode, 404, other.body);
    assert.equal(
      (await upload(roles.get('public_safety_analyst') as string, { file_name: 'x.csv', csv: file }))
        .statusCode,
      403,
    );
    const wrong = await upload(roles.get('submitter') as string, {
      file_name: 'wrong.csv',
      csv: 'a,b\n1,2\n',
    });
    assert.equal(wrong.statusCode, 400, wrong.body);
    assert.match(wrong.json().error.message, /wrong\.csv/);
    assert.doesNotMatch(wrong.body, /sos-odmap-upload/);
  });
});
