import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { el, patientCareReport } from '../../../../test/support/nemsis-elements.js';
import { sharedData } from '../../../../test/support/test-databases.js';
import { readXmlRecords } from '../../../platform/xml/xml-reader.js';
import { nemsisRuleBreaches } from './nemsis-rules.js';

const rulesOf = (...sections: ReturnType<typeof el>[]) =>
  nemsisRuleBreaches(patientCareReport(...sections)).map((b) => `${b.rule} ${b.element} ${b.severity}`);

describe('NEMSIS Schematron rules as checks', () => {
  it('wants a value on eSituation.10, eMedications.03 and eProcedures.03 with a pertinent negative', () => {
    const pnNil = { 'xsi:nil': 'true', PN: '8801031' };
    assert.deepEqual(rulesOf(el('eSituation', [el('eSituation.10', '', pnNil)])), [
      'nemSch_e005 eSituation.10 error',
    ]);
    assert.deepEqual(rulesOf(el('eSituation', [el('eSituation.10', 'R07.89', { PN: '8801031' })])), []);
    const med = el('eMedications', [
      el('eMedications.MedicationGroup', [el('eMedications.03', '', { 'xsi:nil': 'true', PN: '8801019' })]),
    ]);
    assert.deepEqual(rulesOf(med), ['nemSch_e006 eMedications.03 error']);
  });

  it('wants any other element with a pertinent negative empty, and nil elements with a Not Value or PN', () => {
    // ePatient.25 refused: empty with its PN, as the CPMIH compliance case sends it.
    assert.deepEqual(
      rulesOf(el('ePatient', [el('ePatient.25', '', { 'xsi:nil': 'true', PN: '8801019' })])),
      [],
    );
    assert.deepEqual(rulesOf(el('ePatient', [el('ePatient.25', '9919001', { PN: '8801019' })])), [
      'nemSch_e008 ePatient.25 error',
    ]);
    assert.deepEqual(rulesOf(el('eTimes', [el('eTimes.05', '', { 'xsi:nil': 'true' })])), [
      'nemSch_e001 eTimes.05 error',
    ]);
    assert.deepEqual(rulesOf(el('eTimes', [el('eTimes.05', '2024-01-01T00:00:00Z', { NV: '7701003' })])), [
      'nemSch_e002 eTimes.05 error',
    ]);
    // An approximate time keeps its value; a time unable to be completed is empty.
    const approximate = el('eSituation.18', '2024-10-08T23:00:00-04:00', { PN: '8801029' });
    assert.deepEqual(rulesOf(el('eSituation', [approximate])), []);
    assert.deepEqual(
      rulesOf(el('eSituation', [el('eSituation.01', '', { 'xsi:nil': 'true', PN: '8801029' })])),
      ['nemSch_e004 eSituation.01 error'],
    );
    // Pertinent negatives on exam findings accompany a value: no rule applies.
    assert.deepEqual(
      rulesOf(el('eExam', [el('eExam.AssessmentGroup', [el('eExam.19', '3519005', { PN: '8801005' })])])),
      [],
    );
  });

  it('applies the 2025 compliance rules: the MIH procedure (error) and the Garrett Recovery exam (warning)', () => {
    const mih = el('eResponse', [el('eResponse.ServiceGroup', [el('eResponse.05', '2205031')])]);
    const informed = el('eProcedures', [
      el('eProcedures.ProcedureGroup', [el('eProcedures.03', '304562007')]),
    ]);
    assert.deepEqual(rulesOf(mih), ['compliance_cpmih_procedure eProcedures.03 error']);
    assert.deepEqual(rulesOf(mih, informed), []);
    const garrett = el('ePayment', [el('ePayment.54', 'Garrett Recovery')]);
    const hallucinations = el('eExam', [
      el('eExam.AssessmentGroup', [el('eExam.19', '3519005', { PN: '8801005' })]),
    ]);
    assert.deepEqual(rulesOf(garrett), ['compliance_overdose eExam.19 warning']);
    assert.deepEqual(rulesOf(garrett, hallucinations), []);
  });
});

describe('the Schematron rules on the shared NEMSIS files', () => {
  const breachesOf = async (file: string) => {
    const bytes = (async function* () {
      yield readFileSync(sharedData('nemsis', file));
    })();
    for await (const item of readXmlRecords(bytes, { recordElement: 'PatientCareReport' }))
      if (item.kind === 'record')
        return nemsisRuleBreaches(item.element).map((b) => `${b.rule} ${b.element}`);
    throw new Error(`no PatientCareReport in ${file}`);
  };

  it('finds nothing in the ten files that pass', async () => {
    for (const file of readdirSync(sharedData('nemsis')).filter((f) => f.endsWith('.xml')))
      assert.deepEqual(await breachesOf(file), [], file);
  });

  it('finds both rules the failing Schematron case breaks, as its header expects', async () => {
    assert.deepEqual(await breachesOf('fail/2025-EMS-FailSchematron_v351.xml'), [
      'nemSch_e005 eSituation.10',
      'compliance_cpmih_procedure eProcedures.03',
    ]);
  });
});
