import type { XmlElement } from '../../src/platform/xml/xml-reader.js';

/** Child elements or the text of an element built by hand in a test (NEMSIS adapter tests). */
type Content = string | XmlElement[];

/** Builds an element for tests: `el('eSituation.11', 'F11.20')`, `el('eSituation', [...])`, attributes optional. */
export function el(name: string, content: Content = '', attributes: Record<string, string> = {}): XmlElement {
  return typeof content === 'string'
    ? { name, attributes, children: [], text: content, line: 1 }
    : { name, attributes, children: content, text: '', line: 1 };
}

/** A PatientCareReport with the given sections, for tests. */
export function patientCareReport(...sections: XmlElement[]): XmlElement {
  return el('PatientCareReport', [el('eRecord', [el('eRecord.01', 'PCR-1')]), ...sections]);
}

/** A medication group: eMedications.03 (with attributes) and eMedications.07. */
export function medication(
  code: string,
  response: string,
  attributes: Record<string, string> = {},
): XmlElement {
  return el('eMedications.MedicationGroup', [
    el('eMedications.03', code, { CodeType: '9924003', ...attributes }),
    el('eMedications.07', response),
  ]);
}
