import type { XmlElement } from '../../../platform/xml/xml-reader.js';
import type { StandardDefinitionId } from '../../vocabulary/standard-definitions.js';
import { elementsAt, isNil, isPertinentNegative } from './nemsis-elements.js';
import { naloxoneRxNormCodes } from './nemsis-fields.js';

/**
 * The official NEMSIS opioid overdose case definition (OpioidOverdose.xquery, May 27, 2025), kept as
 * written. Its regex puts `^` before the first alternative only and `$` after the last one, so an F11
 * code must START the value, a T40.0-T40.4 code may stand ANYWHERE in it, and a T40.6 code must END
 * it. XQuery's matches() searches (it is not anchored), and its `.` excludes only \n and \r: written
 * here as [^\n\r] so JavaScript's `.` (which also excludes U+2028 and U+2029) changes nothing.
 */
export const opioidImpressionPattern =
  /^(F11[^\n\r]*)|(T40\.[0-3]X?[1-4]?A?)|(T40\.4[^\n\r]?[1-4]?A?)|(T40\.6[09]?[1-4]?A?)$/;

/** eSituation elements the definition searches: primary symptom, other symptoms, impressions. */
const impressionElements = ['eSituation.09', 'eSituation.10', 'eSituation.11', 'eSituation.12'] as const;

/** eMedications.07 Response to Medication "Improved". */
const improved = '9916001';

/** The standard definitions a PatientCareReport meets, each with why (the element and value that fired). */
export interface NemsisDefinitions {
  definitions: StandardDefinitionId[];
  /** One reason per definition met, `id: element value`, in the order of `definitions`. */
  reasons: string[];
}

/**
 * Decides the NEMSIS definitions of one PatientCareReport (pure): `nemsis_opioid` exactly as the
 * official XQuery, `nemsis_naloxone` when any naloxone was administered (a broader proxy).
 */
export function nemsisDefinitions(record: XmlElement): NemsisDefinitions {
  const definitions: StandardDefinitionId[] = [];
  const reasons: string[] = [];
  const opioid = opioidOverdoseEvidence(record);
  if (opioid) {
    definitions.push('nemsis_opioid');
    reasons.push(`nemsis_opioid: ${opioid}`);
  }
  const naloxone = naloxoneAdministration(record);
  if (naloxone) {
    definitions.push('nemsis_naloxone');
    reasons.push(`nemsis_naloxone: ${naloxone}`);
  }
  return { definitions, reasons };
}

/** The first evidence that meets the official opioid overdose definition, or null. */
export function opioidOverdoseEvidence(record: XmlElement): string | null {
  // eSituation/(eSituation.09, eSituation.10[not(@PN)], eSituation.11, eSituation.12)[matches(., ...)]
  for (const name of impressionElements) {
    for (const e of elementsAt(record, ['eSituation', name])) {
      if (name === 'eSituation.10' && e.attributes.PN !== undefined) continue;
      // The XQuery matches the element's string value as it stands (no trimming; a nil element is '').
      if (opioidImpressionPattern.test(e.text)) return `${name} ${e.text}`;
    }
  }
  // eMedications.MedicationGroup[eMedications.03 = (naloxone codes) and eMedications.07 = '9916001']:
  // general comparisons over the group's elements, exact string equality, attributes (PN, NV) not read.
  for (const group of elementsAt(record, ['eMedications', 'eMedications.MedicationGroup'])) {
    const medication = elementsAt(group, ['eMedications.03']).find((e) =>
      naloxoneRxNormCodes.includes(e.text),
    );
    const response = elementsAt(group, ['eMedications.07']).some((e) => e.text === improved);
    if (medication && response)
      return `eMedications.03 ${medication.text} with eMedications.07 ${improved} (improved)`;
  }
  return null;
}

/** The first naloxone administration recorded (not a pertinent negative, not nil), or null. */
export function naloxoneAdministration(record: XmlElement): string | null {
  for (const group of elementsAt(record, ['eMedications', 'eMedications.MedicationGroup'])) {
    for (const e of elementsAt(group, ['eMedications.03'])) {
      if (isNil(e) || isPertinentNegative(e)) continue;
      const code = e.text.trim();
      if (naloxoneRxNormCodes.includes(code)) return `eMedications.03 ${code}`;
    }
  }
  return null;
}
