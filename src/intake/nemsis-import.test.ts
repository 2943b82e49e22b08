import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, it } from 'node:test';
import { parseCsv } from '../../test/support/reference-csv.js';
import {
  describeEachEngine,
  openTestContext,
  seedJurisdiction,
  sharedData,
} from '../../test/support/test-databases.js';
import { cliActor } from '../access/roles.js';
import type { AppContext } from '../main/app-context.js';
import { SosError } from '../platform/errors.js';
import { importNemsisFile } from './nemsis-import-service.js';

const passing = readdirSync(sharedData('nemsis')).filter((f) => f.endsWith('.xml'));
const overdoseCase = () => readFileSync(sharedData('nemsis', '2025-EMS-1-Overdose_v351.xml'), 'utf8');

describeEachEngine('sos import --preset nemsis', (engine) => {
  let context: AppContext & { dispose(): Promise<void> };
  let dir: string;
  before(async () => {
    context = await openTestContext(engine);
    dir = mkdtempSync(path.join(tmpdir(), 'sos-nemsis-'));
  });
  after(() => context.dispose());

  const importer = async (filePath: string) => {
    const { jurisdiction, organization } = await seedJurisdiction(context.db);
    const rejectedPath = path.join(dir, `${path.basename(filePath)}-${jurisdiction.shortName}.rejected.csv`);
    const run = () =>
      importNemsisFile(context.intake, cliActor, { filePath, jurisdiction, organization, rejectedPath });
    return { jurisdiction, run };
  };
  const write = (name: string, text: string) => {
    const file = path.join(dir, name);
    writeFileSync(file, text);
    return file;
  };

  it('imports every shared NEMSIS file, and importing each again adds nothing', async () => {
    assert.equal(passing.length, 10);
    for (const file of passing) {
      const { jurisdiction, run } = await importer(sharedData('nemsis', file));
      const first = await run();
      assert.deepEqual(
        [first.read, first.accepted, first.rejected],
        [1, 1, 0],
        `${file}: ${JSON.stringify(first.records)}`,
      );
      const second = await run();
      assert.deepEqual([second.accepted, second.duplicates, second.rejected], [0, 1, 0], file);
      const [stored] = await context.db.query<{ reports: number; overdoses: number; channel: string }>(
        `select (select count(*)::int from reports where jurisdiction_id = $1) as reports,
                (select count(*)::int from overdoses where jurisdiction_id = $1) as overdoses,
                (select min(channel) from reports where jurisdiction_id = $1) as channel`,
        [jurisdiction.id],
      );
      assert.deepEqual(stored, { reports: 1, overdoses: 1, channel: 'nemsis' }, file);
    }
  });

  it('stores the overdose case as EMS read it: time, scene, patient, disposition, unit, raw dispatch', async () => {
    const { jurisdiction, run } = await importer(sharedData('nemsis', '2025-EMS-1-Overdose_v351.xml'));
    await run();
    const [report] = await context.db.query<{
      source_record_id: string;
      parsed: Record<string, unknown>;
      raw: Record<string, unknown>;
    }>('select source_record_id, parsed, raw from reports where jurisdiction_id = $1', [jurisdiction.id]);
    assert.equal(report?.source_record_id, '2025-EMS-1-Overdose_v351');
    const parsed = report?.parsed ?? {};
    assert.equal(new Date(parsed.occurredAt as string).toISOString(), '2024-10-08T00:26:07.000Z');
    assert.deepEqual([parsed.latitude, parsed.longitude], [41.396, -73.453]);
    assert.deepEqual([parsed.zip, parsed.countyFips], ['06810', '09001']);
    assert.deepEqual([parsed.sex, parsed.race, parsed.age], ['female', 'white', 45]);
    assert.deepEqual([parsed.disposition, parsed.fatal, parsed.naloxoneGiven], ['transported', false, false]);
    assert.deepEqual(parsed.substances, ['other', 'alcohol']);
    assert.equal(parsed.respondingUnit, 'DF A1');
    assert.equal(report?.raw['eDispatch.03'], '26C1');
    assert.deepEqual(report?.raw['ePatient.13'], { value: null, NV: '7701003' });
  });

  it('records the NEMSIS definitions a record meets and why, and the overdose counts as opioid', async () => {
    const text = overdoseCase()
      .replace('<eSituation.11>F19</eSituation.11>', '<eSituation.11>T40.411A</eSituation.11>')
      .replace(
        '<eMedications.03 xsi:nil="true" NV="7701003"/>',
        '<eMedications.03 CodeType="9924003">7242</eMedications.03>',
      )
      .replace(
        '<eMedications.07 xsi:nil="true" NV="7701003"/>',
        '<eMedications.07>9916001</eMedications.07>',
      );
    const { jurisdiction, run } = await importer(write('opioid.xml', text));
    const summary = await run();
    assert.deepEqual(summary.definitions, { nemsis_opioid: 1, nemsis_naloxone: 1 });
    const [row] = await context.db.query<{ parsed: Record<string, unknown>; case_definitions: string[] }>(
      `select r.parsed, o.case_definitions from reports r
         join overdoses o on o.jurisdiction_id = r.jurisdiction_id and o.id = r.overdose_id
        where r.jurisdiction_id = $1`,
      [jurisdiction.id],
    );
    assert.deepEqual(row?.parsed.sourceDefinitions, ['nemsis_opioid', 'nemsis_naloxone']);
    assert.equal(
      row?.parsed.definitionReasons,
      'nemsis_opioid: eSituation.11 T40.411A; nemsis_naloxone: eMedications.03 7242',
    );
    assert.ok(row?.case_definitions.includes('opioid'), String(row?.case_definitions));
    assert.ok(row?.case_definitions.includes('fentanyl'), String(row?.case_definitions));
    assert.deepEqual(row?.parsed.naloxoneDoses, 1);
  });

  it('quarantines the failing Schematron case with the elements and the PatientCareReport named', async () => {
    const { jurisdiction, run } = await importer(
      sharedData('nemsis', 'fail', '2025-EMS-FailSchematron_v351.xml'),
    );
    const summary = await run();
    assert.deepEqual([summary.read, summary.accepted, summary.rejected], [1, 0, 1]);
    const [record] = summary.records;
    assert.equal(record?.sourceRecordId, '2025-EMS-5-CPMIH_v351');
    assert.deepEqual(
      record?.problems.map((p) => [p.field, p.code]),
      [
        ['eSituation.10', 'NEMSIS_RULE'],
        ['eProcedures.03', 'NEMSIS_RULE'],
      ],
    );
    for (const p of record?.problems ?? [])
      assert.match(p.message, /PatientCareReport 2025-EMS-5-CPMIH_v351: /);
    const quarantine = parseCsv(readFileSync(summary.rejectedFile as string, 'utf8'));
    assert.deepEqual(quarantine[0], ['row', 'line', 'reasons', 'eRecord.01', 'PatientCareReport']);
    assert.equal(quarantine[1]?.[3], '2025-EMS-5-CPMIH_v351');
    assert.match(quarantine[1]?.[4] ?? '', /^<PatientCareReport[\s\S]*<\/PatientCareReport>$/);
    const [stored] = await context.db.query<{ n: number }>(
      'select count(*)::int as n from reports where jurisdiction_id = $1',
      [jurisdiction.id],
    );
    assert.equal(stored?.n, 0);
  });

  it('quarantines the failing XSD case, naming the element the schema wants completed', async () => {
    const { run } = await importer(sharedData('nemsis', 'fail', '2025-EMS-FailXsd_v351.xml'));
    const summary = await run();
    assert.deepEqual([summary.read, summary.accepted, summary.rejected], [1, 0, 1]);
    const [record] = summary.records;
    assert.deepEqual(
      record?.problems.map((p) => [p.field, p.code]),
      [['eSituation', 'NEMSIS_SCHEMA']],
    );
    // As the case's header expects: eSituation.19 and eSituation.20 are missing.
    assert.match(
      record?.problems[0]?.message ?? '',
      /^PatientCareReport 2025-EMS-5-CPMIH_v351: .*eSituation\.19/,
    );
  });

  it('keeps the good records of a document and quarantines the one intake rejects, naming its element', async () => {
    const record = (id: string, time: string) =>
      overdoseCase()
        .slice(
          overdoseCase().indexOf('<PatientCareReport'),
          overdoseCase().indexOf('</PatientCareReport>') + 20,
        )
        .replace('2025-EMS-1-Overdose_v351', id)
        .replaceAll('2024-10-07T20:', time);
    const header = overdoseCase().slice(0, overdoseCase().indexOf('<PatientCareReport'));
    const text = `${header}${record('pcr-a', '2024-10-07T20:')}${record('pcr-b', '1985-10-07T20:')}${record('pcr-c', '2024-10-08T20:')}</Header></EMSDataSet>`;
    const { run } = await importer(write('three.xml', text));
    const summary = await run();
    assert.deepEqual([summary.read, summary.accepted, summary.rejected], [3, 2, 1]);
    const [rejected] = summary.records;
    assert.equal(rejected?.sourceRecordId, 'pcr-b');
    assert.equal(rejected?.record, 2);
    assert.deepEqual(
      rejected?.problems.map((p) => [p.field, p.code]),
      [['eTimes.07', 'DATE_TOO_OLD']],
    );
    assert.match(rejected?.problems[0]?.message ?? '', /^PatientCareReport pcr-b: /);
    const quarantine = parseCsv(readFileSync(summary.rejectedFile as string, 'utf8'));
    assert.equal(quarantine.length, 2);
    assert.match(quarantine[1]?.[4] ?? '', /<eRecord\.01>pcr-b<\/eRecord\.01>/);
  });

  it('refuses a document with a DOCTYPE before reading anything of it', async () => {
    const text = overdoseCase().replace(
      '<EMSDataSet',
      '<!DOCTYPE EMSDataSet [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<EMSDataSet',
    );
    const { jurisdiction, run } = await importer(write('hostile.xml', text));
    await assert.rejects(
      run(),
      (error: unknown) => error instanceof SosError && error.code === 'XML_HOSTILE',
    );
    const [stored] = await context.db.query<{ n: number }>(
      'select count(*)::int as n from reports where jurisdiction_id = $1',
      [jurisdiction.id],
    );
    assert.equal(stored?.n, 0);
  });
});
