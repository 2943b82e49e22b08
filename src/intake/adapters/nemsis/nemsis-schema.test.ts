import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { readXmlRecords } from '../../../platform/xml/xml-reader.js';
import { createNemsisSchema, type NemsisSchema } from './nemsis-schema.js';

const shared = path.resolve(process.cwd(), '..', 'shared', 'data', 'nemsis');
const vendored = path.resolve(process.cwd(), 'standards', 'nemsis', 'xsd');

async function* once(text: string): AsyncGenerator<string> {
  yield text;
}

/** The PatientCareReports of a file with their source text and the line each starts on. */
async function reportsOf(file: string): Promise<{ xml: string; line: number }[]> {
  const reports: { xml: string; line: number }[] = [];
  for await (const item of readXmlRecords(once(readFileSync(file, 'utf8')), {
    recordElement: 'PatientCareReport',
  })) {
    assert.equal(item.kind, 'record', `${file}: ${JSON.stringify(item)}`);
    if (item.kind === 'record') reports.push({ xml: item.xml, line: item.line });
  }
  return reports;
}

describe('NEMSIS schema validation', () => {
  let schema: NemsisSchema;
  before(async () => {
    schema = await createNemsisSchema();
  });
  after(() => schema.close());

  it('vendors the 47 schema files byte for byte', () => {
    const names = readdirSync(path.join(shared, 'xsd')).sort();
    assert.equal(names.length, 47);
    assert.deepEqual(readdirSync(vendored).sort(), names);
    for (const name of names) {
      assert.ok(
        readFileSync(path.join(vendored, name)).equals(readFileSync(path.join(shared, 'xsd', name))),
        name,
      );
    }
  });

  it('finds no problem in any PatientCareReport of the shared files that pass', async () => {
    const files = readdirSync(shared).filter((name) => name.endsWith('.xml'));
    assert.ok(files.length >= 10);
    let reports = 0;
    for (const name of files) {
      for (const report of await reportsOf(path.join(shared, name))) {
        assert.deepEqual(
          schema.validate(report.xml, { line: report.line }),
          [],
          `${name} line ${report.line}`,
        );
        reports += 1;
      }
    }
    assert.ok(reports >= files.length);
  });

  it('names the element, its path, its file line and the PCR in the file that fails the schema', async () => {
    const file = path.join(shared, 'fail', '2025-EMS-FailXsd_v351.xml');
    const [report, ...others] = await reportsOf(file);
    assert.ok(report);
    assert.equal(others.length, 0);
    const problems = schema.validate(report.xml, { line: report.line });
    assert.equal(problems.length, 1);
    const [problem] = problems;
    assert.deepEqual(
      { ...problem, message: undefined },
      {
        pcr: '2025-EMS-5-CPMIH_v351', // the failing case is a copy of case 5, its eRecord.01 kept
        element: 'eSituation',
        path: 'PatientCareReport/eSituation',
        line: 121,
        message: undefined,
      },
    );
    assert.match(
      problem?.message ?? '',
      /Missing child element\(s\)\. Expected is one of \( eSituation\.19, eSituation\.20 \)/,
    );
    const text = readFileSync(file, 'utf8').split('\n');
    assert.match(text[120] ?? '', /<eSituation>/, 'line 121 of the file is where eSituation starts');
  });

  it('passes the file that breaks only the Schematron business rules (not the XSD)', async () => {
    const [report] = await reportsOf(path.join(shared, 'fail', '2025-EMS-FailSchematron_v351.xml'));
    assert.ok(report);
    assert.deepEqual(schema.validate(report.xml), []);
  });

  it('names a leaf element with a value the schema refuses, with its path from the report down', async () => {
    const [report] = await reportsOf(path.join(shared, '2025-EMS-1-Overdose_v351.xml'));
    assert.ok(report);
    const broken = report.xml.replace(
      /<ePatient\.25>[^<]*<\/ePatient\.25>/,
      '<ePatient.25>male</ePatient.25>',
    );
    assert.notEqual(broken, report.xml);
    const problems = schema.validate(broken, { line: report.line });
    assert.deepEqual(
      problems.map(({ pcr, element, path }) => ({ pcr, element, path })),
      [
        {
          pcr: '2025-EMS-1-Overdose_v351',
          element: 'ePatient.25',
          path: 'PatientCareReport/ePatient/ePatient.25',
        },
      ],
    );
    const line = readFileSync(path.join(shared, '2025-EMS-1-Overdose_v351.xml'), 'utf8')
      .split('\n')
      .findIndex((text) => text.includes('<ePatient.25>'));
    assert.equal(problems[0]?.line, line + 1);
  });

  it('reads a DOCTYPE inside the record text as a problem, never as a DTD', () => {
    const problems = schema.validate(
      '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><PatientCareReport>&e;</PatientCareReport>',
    );
    assert.ok(problems.length > 0);
    assert.ok(problems.every((problem) => !problem.message.includes('root:')));
  });
});
