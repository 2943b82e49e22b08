import type { XmlElement } from '../../../platform/xml/xml-reader.js';
import { elementsAt } from './nemsis-elements.js';

/** A business rule a PatientCareReport breaks: the element, the rule id, and whether it refuses the record. */
export interface RuleBreach {
  element: string;
  rule: string;
  severity: 'error' | 'warning';
  message: string;
  line: number;
}

/**
 * The NEMSIS Schematron business rules (EMSDataSet.sch) that the XSD cannot express, as checks on
 * one PatientCareReport (pure): the national rules on xsi:nil, Not Values and Pertinent Negatives
 * (nemSch_e001-e008), and the 2025 compliance rules of the shipped EMSDataSet.sch. A Schematron
 * pattern applies to each element only its first rule whose context matches, so the nil/NV/PN rules
 * are tried in order and the first that applies decides.
 */
export function nemsisRuleBreaches(record: XmlElement): RuleBreach[] {
  const breaches: RuleBreach[] = [];
  const walk = (e: XmlElement, inAssessment: boolean) => {
    const breach = nilNotValuePertinentNegative(e, inAssessment);
    if (breach) breaches.push(breach);
    for (const c of e.children) walk(c, inAssessment || e.name === 'eExam.AssessmentGroup');
  };
  for (const c of record.children) walk(c, false);
  breaches.push(...complianceBreaches(record));
  return breaches;
}

const emptyWithoutNotValue = (e: XmlElement) => nil(e) && e.attributes.NV === undefined;
const valueWithoutNotValue = (e: XmlElement) => !nil(e) && e.attributes.NV === undefined;
const nil = (e: XmlElement) => e.attributes['xsi:nil'] === 'true';

/** The first nil/NV/PN rule whose context is this element, and whether its assertion fails. */
function nilNotValuePertinentNegative(e: XmlElement, inAssessment: boolean): RuleBreach | null {
  const pn = e.attributes.PN;
  const fail = (rule: string, message: string): RuleBreach => ({
    element: e.name,
    rule,
    severity: 'error',
    message: `${e.name} ${message}`,
    line: e.line,
  });
  // Custom results are checked against the agency's own configuration; PN on assessments and
  // eHistory.10 accompanies a value and nil/NV are not allowed there (the XSD checks that).
  if (e.name === 'eCustomResults.01') return null;
  if (pn !== undefined && (inAssessment || e.name === 'eHistory.10')) return null;
  // Onset (eSituation.01) and, since v3.5.1, last known well (eSituation.18) take the same two PNs:
  // "Unable to Complete" stands for the missing time, "Approximate" qualifies a time given.
  const approximable = e.name === 'eSituation.01' || e.name === 'eSituation.18';
  if (approximable && pn === '8801023')
    return emptyWithoutNotValue(e)
      ? null
      : fail(
          'nemSch_e003',
          'has the Pertinent Negative "Unable to Complete": it should be empty, without a Not Value',
        );
  if (approximable && pn === '8801029')
    return valueWithoutNotValue(e)
      ? null
      : fail(
          'nemSch_e004',
          'has the Pertinent Negative "Approximate": it should have a value and no Not Value',
        );
  const valued: Readonly<Record<string, string>> = {
    'eSituation.10': 'nemSch_e005',
    'eMedications.03': 'nemSch_e006',
    'eProcedures.03': 'nemSch_e007',
  };
  const rule = valued[e.name];
  if (pn !== undefined && rule)
    return valueWithoutNotValue(e)
      ? null
      : fail(
          rule,
          'has a Pertinent Negative: it should have a value and no Not Value (Not Applicable, Not Recorded, Not Reporting)',
        );
  if (pn !== undefined)
    return emptyWithoutNotValue(e)
      ? null
      : fail('nemSch_e008', 'has a Pertinent Negative: it should be empty (xsi:nil) and have no Not Value');
  if (nil(e))
    return e.attributes.NV !== undefined
      ? null
      : fail('nemSch_e001', 'is empty: it should have a Not Value or a Pertinent Negative, or be omitted');
  if (e.attributes.NV !== undefined)
    return fail('nemSch_e002', 'has a Not Value: it should be empty (xsi:nil="true")');
  return null;
}

/** Mobile Integrated Health Care Encounter, and the "Informing doctor" procedure it asks for (SNOMED). */
const mobileIntegratedHealth = '2205031';
const informingDoctor = '304562007';

/** The compliance rules of the shipped EMSDataSet.sch (2025 pre-testing). */
function complianceBreaches(record: XmlElement): RuleBreach[] {
  const breaches: RuleBreach[] = [];
  const service = elementsAt(record, ['eResponse', 'eResponse.ServiceGroup', 'eResponse.05']);
  const procedures = elementsAt(record, ['eProcedures', 'eProcedures.ProcedureGroup', 'eProcedures.03']);
  const mih = service.find((e) => e.text === mobileIntegratedHealth);
  if (mih && !procedures.some((e) => e.text === informingDoctor))
    breaches.push({
      element: 'eProcedures.03',
      rule: 'compliance_cpmih_procedure',
      severity: 'error',
      message: `eProcedures.03 should record "Informing doctor" (${informingDoctor}) when eResponse.05 is "Mobile Integrated Health Care Encounter" (${mobileIntegratedHealth})`,
      line: mih.line,
    });
  const payer = elementsAt(record, ['ePayment', 'ePayment.54']).find((e) => e.text === 'Garrett Recovery');
  const mental = elementsAt(record, ['eExam', 'eExam.AssessmentGroup', 'eExam.19']);
  if (payer && !mental.some((e) => e.text === '3519005'))
    breaches.push({
      element: 'eExam.19',
      rule: 'compliance_overdose',
      severity: 'warning',
      message: 'eExam.19 should include "Hallucinations" (3519005) when ePayment.54 is "Garrett Recovery"',
      line: payer.line,
    });
  return breaches;
}
