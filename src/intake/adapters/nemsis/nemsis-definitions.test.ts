import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { el, medication, patientCareReport } from '../../../../test/support/nemsis-elements.js';
import { sharedData } from '../../../../test/support/test-databases.js';
import { readXmlRecords, type XmlElement } from '../../../platform/xml/xml-reader.js';
import {
  naloxoneAdministration,
  nemsisDefinitions,
  opioidImpressionPattern,
  opioidOverdoseEvidence,
} from './nemsis-definitions.js';

const situation = (name: string, code: string, attributes: Record<string, string> = {}) =>
  patientCareReport(el('eSituation', [el(name, code, attributes)]));

describe('the official NEMSIS opioid overdose definition', () => {
  it('reads its regex as XQuery does: ^ binds F11 only, $ binds T40.6 only, the middle alternatives match anywhere', () => {
    const verdicts: [string, boolean, string][] = [
      ['F11.120', true, 'F11 at the start'],
      ['F11', true, 'F11 alone'],
      [' F11.20', false, 'F11 not at the start: ^ binds the first alternative'],
      ['XF11.20', false, 'F11 not at the start'],
      ['T40.1X1A', true, 'heroin poisoning'],
      ['T40.0', true, 'opium'],
      ['T40.3X4D', true, 'T40.3X4 stands inside; the D after it is never tested (no $ on this alternative)'],
      ['ZZT40.2X1A', true, 'T40.2 anywhere in the value'],
      ['T40.411A', true, 'fentanyl: T40.4 anywhere'],
      ['T40.4X1A', true, 'synthetic narcotics'],
      ['T40.5X1A', false, 'cocaine is not an opioid'],
      ['T40.601A', true, 'T40.6 alternative ending the value'],
      ['T40.69', true, 'T40.69 at the end'],
      ['T40.605A', false, 'T40.6 with 5: [1-4] refuses it and $ needs the end'],
      ['T40.601A ', false, 'a trailing space breaks the $ of the T40.6 alternative'],
      ['XT40.691A', true, 'the T40.6 alternative has no ^: any prefix'],
      ['T40.7X1A', false, 'cannabis'],
      ['F19', false, 'other psychoactive substance'],
      ['t40.1x1a', false, 'case counts (XQuery matches without the i flag)'],
      ['F11\n', true, 'F11 followed by a newline still starts the value'],
    ];
    for (const [code, expected, why] of verdicts) {
      assert.equal(opioidImpressionPattern.test(code), expected, `${JSON.stringify(code)}: ${why}`);
      assert.equal(opioidOverdoseEvidence(situation('eSituation.11', code)) !== null, expected, code);
    }
  });

  it('searches eSituation.09, .10, .11 and .12, and skips .10 only when it is a pertinent negative', () => {
    for (const name of ['eSituation.09', 'eSituation.10', 'eSituation.11', 'eSituation.12'])
      assert.equal(opioidOverdoseEvidence(situation(name, 'T40.1X1A')), `${name} T40.1X1A`);
    assert.equal(opioidOverdoseEvidence(situation('eSituation.10', 'T40.1X1A', { PN: '8801031' })), null);
    // The XQuery excludes a PN only on .10 (the other three carry no PN in the schema).
    assert.equal(
      opioidOverdoseEvidence(situation('eSituation.12', 'F11.20', { PN: '8801031' })),
      'eSituation.12 F11.20',
    );
    // Elsewhere in the record (eHistory, ePayment) a code does not count.
    assert.equal(
      opioidOverdoseEvidence(patientCareReport(el('eHistory', [el('eHistory.08', 'F11.20')]))),
      null,
    );
  });

  it('counts naloxone (RxNorm 7242, 203192, 197117) only with the response Improved in the same group', () => {
    const meds = (...groups: ReturnType<typeof medication>[]) =>
      patientCareReport(el('eMedications', groups));
    for (const code of ['7242', '203192', '197117'])
      assert.ok(opioidOverdoseEvidence(meds(medication(code, '9916001'))), code);
    assert.equal(opioidOverdoseEvidence(meds(medication('7242', '9916003'))), null, 'unchanged');
    assert.equal(opioidOverdoseEvidence(meds(medication('7806', '9916001'))), null, 'another drug improved');
    // Naloxone unchanged in one group, another drug improved in another: no group has both.
    assert.equal(
      opioidOverdoseEvidence(meds(medication('7242', '9916003'), medication('7806', '9916001'))),
      null,
    );
    // The official definition does not read attributes: a PN on eMedications.03 still counts, as written.
    assert.ok(opioidOverdoseEvidence(meds(medication('7242', '9916001', { PN: '8801019' }))));
  });

  it('records each definition met with the element and value that fired', () => {
    const record = patientCareReport(
      el('eSituation', [el('eSituation.11', 'F11.220')]),
      el('eMedications', [medication('7242', '9916003')]),
    );
    assert.deepEqual(nemsisDefinitions(record), {
      definitions: ['nemsis_opioid', 'nemsis_naloxone'],
      reasons: ['nemsis_opioid: eSituation.11 F11.220', 'nemsis_naloxone: eMedications.03 7242'],
    });
    assert.deepEqual(nemsisDefinitions(patientCareReport()), { definitions: [], reasons: [] });
  });
});

describe('any naloxone administration', () => {
  it('takes any naloxone code given, whatever the response, but not a pertinent negative nor a Not Value', () => {
    const meds = (...groups: ReturnType<typeof medication>[]) =>
      patientCareReport(el('eMedications', groups));
    assert.equal(naloxoneAdministration(meds(medication('203192', '9916005'))), 'eMedications.03 203192');
    assert.equal(naloxoneAdministration(meds(medication('7242', '9916001', { PN: '8801019' }))), null);
    assert.equal(
      naloxoneAdministration(meds(medication('', '', { 'xsi:nil': 'true', NV: '7701001' }))),
      null,
    );
    assert.equal(naloxoneAdministration(meds(medication('7806', '9916001'))), null);
  });
});

/** The one PatientCareReport of a shared NEMSIS file, read by the platform's XML reader. */
async function recordOf(text: string): Promise<XmlElement> {
  const chunks = (async function* () {
    yield text;
  })();
  for await (const item of readXmlRecords(chunks, { recordElement: 'PatientCareReport' })) {
    if (item.kind === 'record') return item.element;
    throw new Error(item.message);
  }
  throw new Error('no PatientCareReport');
}

describe('each shared NEMSIS file against the XQuery, verdicts derived by hand', () => {
  // [file, opioid, naloxone, why] from the file's eSituation.09-.12 and eMedications groups.
  const verdicts: [string, string | null, string | null, string][] = [
    [
      '2025-EMS-1-Overdose_v351.xml',
      null,
      null,
      'R46.4, R41.0, R46.2, R47.81, F19 (other psychoactive), F10.92: no F11 start, no T40; no medication (NV)',
    ],
    ['2025-EMS-2-Suicide_v351.xml', null, null, 'R58, I46.9, T14.91; medication 317361 is not naloxone'],
    [
      '2025-EMS-3-MVC_v351.xml',
      null,
      null,
      'S09.90, I95.9, M54.2, R51, S09.93 (and PN symptoms); 1191 (PN), 7806, 3628, 71493000',
    ],
    [
      '2025-EMS-4-eBike_v351.xml',
      null,
      null,
      'R40.20, J80, S49.9, T79.9; 4337 is fentanyl GIVEN for pain, not an overdose code nor naloxone',
    ],
    ['2025-EMS-5-CPMIH_v351.xml', null, null, 'Z00.00, Z51.89; no medication'],
    ['EMSDataset-ElementsRepeat-1.xml', null, null, 'R29.2, R10.81, A48.3; 10454, 107129'],
    ['EMSDataset-Nils-1.xml', null, null, 'every eSituation element nil (NV): string value empty'],
    ['EMSDataset-NoRepeat-1.xml', null, null, 'R19.30, A48.8; 10391'],
    ['EMSDataset-NoRepeat-2.xml', null, null, 'R09.3, R63.5, E08.65, D57.819; 115698'],
    ['EMSDataset-PNs-1.xml', null, null, 'R14.0 (and PN R14.0), A69.2; 10368 with PN'],
    ['fail/2025-EMS-FailSchematron_v351.xml', null, null, 'Z00.00, Z51.89, a nil .10 with PN; no medication'],
    ['fail/2025-EMS-FailXsd_v351.xml', null, null, 'Z00.00, Z51.89; no medication'],
  ];
  for (const [file, opioid, naloxone, why] of verdicts) {
    it(`${file}: opioid ${opioid ?? 'no'}, naloxone ${naloxone ?? 'no'} (${why})`, async () => {
      const record = await recordOf(readFileSync(sharedData('nemsis', file), 'utf8'));
      assert.equal(opioidOverdoseEvidence(record), opioid);
      assert.equal(naloxoneAdministration(record), naloxone);
    });
  }

  // The overdose case changed as an EMS agency would record an opioid overdose, to see the verdicts turn.
  const overdose = () => readFileSync(sharedData('nemsis', '2025-EMS-1-Overdose_v351.xml'), 'utf8');
  it('the overdose case with impression F11.120 (opioid intoxication) meets the opioid definition', async () => {
    const record = await recordOf(
      overdose().replace('<eSituation.11>F19</eSituation.11>', '<eSituation.11>F11.120</eSituation.11>'),
    );
    assert.deepEqual(nemsisDefinitions(record), {
      definitions: ['nemsis_opioid'],
      reasons: ['nemsis_opioid: eSituation.11 F11.120'],
    });
  });

  it('the overdose case with naloxone 7242 given and Improved meets both definitions', async () => {
    const text = overdose()
      .replace(
        '<eMedications.03 xsi:nil="true" NV="7701003"/>',
        '<eMedications.03 CodeType="9924003">7242</eMedications.03>',
      )
      .replace(
        '<eMedications.07 xsi:nil="true" NV="7701003"/>',
        '<eMedications.07>9916001</eMedications.07>',
      );
    const record = await recordOf(text);
    assert.deepEqual(nemsisDefinitions(record).definitions, ['nemsis_opioid', 'nemsis_naloxone']);
  });

  it('the overdose case with a pertinent-negative T40.1 symptom (heroin denied) does not meet it', async () => {
    const record = await recordOf(
      overdose().replace(
        '<eSituation.10>R41.0</eSituation.10>',
        '<eSituation.10 PN="8801031">T40.1X1A</eSituation.10>',
      ),
    );
    assert.equal(opioidOverdoseEvidence(record), null);
  });
});
