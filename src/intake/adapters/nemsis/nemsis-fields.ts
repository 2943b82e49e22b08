import type { XmlElement } from '../../../platform/xml/xml-reader.js';
import type { Substance } from '../../vocabulary/substances.js';
import { substanceOfIcd10 } from './icd10-substances.js';
import { elementsAt, firstValueIn, isNil, valuesAt } from './nemsis-elements.js';

/** RxNorm codes of naloxone the NEMSIS opioid overdose definition names in eMedications.03. */
export const naloxoneRxNormCodes: readonly string[] = ['7242', '203192', '197117'];

/** eTimes elements in the order they best date an overdose: arrived at patient, on scene, en route, call. */
const incidentTimes = ['eTimes.07', 'eTimes.06', 'eTimes.05', 'eTimes.03'] as const;

/** ePatient.25 Sex, and the deprecated ePatient.13 Gender of older files. */
const sexCodes: Readonly<Record<string, string>> = {
  '9919001': 'female',
  '9919003': 'male',
  '9919005': 'unknown',
  '9906001': 'female',
  '9906003': 'male',
  '9906005': 'unknown',
  '9906007': 'other',
  '9906009': 'other',
  '9906011': 'other',
};

/** ePatient.14 Race (one question with ethnicity: 2514007 Hispanic or Latino is read as ethnicity). */
const raceCodes: Readonly<Record<string, string>> = {
  '2514001': 'american_indian_alaska_native',
  '2514003': 'asian',
  '2514005': 'black',
  '2514009': 'native_hawaiian_pacific_islander',
  '2514011': 'white',
  // Middle Eastern or North African: a category of the 2024 OMB standard our 1997 codes lack.
  '2514013': 'other',
};
const hispanicRace = '2514007';

/** ePatient.16 Age Units: years count as given; months, days, hours, minutes are infants (age 0). */
const yearsUnit = '2516009';
const infantUnits = new Set(['2516001', '2516003', '2516005', '2516007']);

/** eMedications.07 Response to Medication. */
const medicationResponses: Readonly<Record<string, string>> = {
  '9916001': 'responded',
  '9916003': 'no_response',
  '9916005': 'no_response',
};

/** Death recorded by EMS: acuity at release or at first contact "dead", or the arrest ended in death. */
const deadAtRelease = new Set(['4219007', '4219009']);
const deadOnArrival = '2813007';
const arrestEndedInDeath = new Set(['3018001', '3018003']);
const patientContactMade = '4227001';

/** Sections whose elements the raw record keeps as read, beyond the elements mapped to fields. */
const keptSections = ['eDispatch', 'eProtocols'] as const;

/** The elements of the kept sections (NEMSIS 3.5.1): dispatch reason, EMD, center; protocols used. */
const keptSectionElements = [
  'eDispatch.01',
  'eDispatch.02',
  'eDispatch.03',
  'eDispatch.04',
  'eDispatch.05',
  'eDispatch.06',
  'eProtocols.01',
  'eProtocols.02',
] as const;

/** The elements read into report fields: the raw record keeps these and those of the kept sections. */
export const mappedElements: readonly string[] = [
  'eRecord.01',
  ...incidentTimes,
  'eScene.11',
  'eScene.15',
  'eScene.17',
  'eScene.19',
  'eScene.21',
  'ePatient.13',
  'ePatient.14',
  'ePatient.15',
  'ePatient.16',
  'ePatient.25',
  'eSituation.09',
  'eSituation.10',
  'eSituation.11',
  'eSituation.12',
  'eSituation.13',
  'eMedications.03',
  'eMedications.07',
  'eDisposition.19',
  'eDisposition.27',
  'eDisposition.28',
  'eDisposition.29',
  'eDisposition.30',
  'eArrest.18',
  'eResponse.13',
  'eResponse.14',
];

/** Every element name the raw record may hold: what intake keeps of it (the adapter's known keys). */
export const rawElementNames: readonly string[] = [...mappedElements, ...keptSectionElements];

/** One element of the raw record: its text, or its text with the NEMSIS attributes that qualify it. */
export type RawElementValue = string | { value: string | null; NV?: string; PN?: string };

/** A PatientCareReport read: report fields (report-fields.ts names) and the raw record to keep. */
export interface NemsisRecordFields {
  fields: Record<string, unknown>;
  raw: Record<string, RawElementValue | RawElementValue[]>;
}

/** Reads one PatientCareReport into report fields; pure, and total (a missing element is no field). */
export function nemsisRecordFields(record: XmlElement): NemsisRecordFields {
  const fields: Record<string, unknown> = { source_type: 'ems' };
  const set = (name: string, value: unknown) => {
    if (value !== null && value !== undefined && value !== '') fields[name] = value;
  };
  set('source_record_id', firstValueIn(record, 'eRecord', 'eRecord.01'));
  set('occurred_at', incidentTime(record));
  const gps = firstValueIn(record, 'eScene', 'eScene.11');
  if (gps) {
    const [lat, lon] = gps.split(',').map((part) => part.trim());
    set('latitude', lat);
    set('longitude', lon);
  }
  set('address', firstValueIn(record, 'eScene', 'eScene.15'));
  // eScene.17 (city) is a GNIS feature code, not a name the gazetteer knows: it stays in the raw record.
  set('zip', firstValueIn(record, 'eScene', 'eScene.19'));
  set('county_fips', firstValueIn(record, 'eScene', 'eScene.21'));
  const sex =
    firstValueIn(record, 'ePatient', 'ePatient.25') ?? firstValueIn(record, 'ePatient', 'ePatient.13');
  if (sex) set('sex', sexCodes[sex] ?? sex);
  const { race, ethnicity } = raceAndEthnicity(valuesAt(record, ['ePatient', 'ePatient.14']));
  set('race', race);
  set('ethnicity', ethnicity);
  set('age', ageInYears(record));
  set('substances', substancesOf(record).join(';'));
  const naloxone = naloxoneOf(record);
  fields.naloxone_given = naloxone.doses > 0;
  if (naloxone.doses > 0) set('naloxone_doses', naloxone.doses);
  set('naloxone_response', naloxone.response);
  const fatal = fatalOf(record);
  if (fatal !== null) fields.fatal = fatal;
  set('disposition', fatal ? 'deceased' : dispositionOf(record));
  set('responding_unit', firstValueIn(record, 'eResponse', 'eResponse.14'));
  return { fields, raw: rawRecord(record) };
}

function incidentTime(record: XmlElement): string | null {
  for (const name of incidentTimes) {
    const value = firstValueIn(record, 'eTimes', name);
    if (value) return value;
  }
  return null;
}

function raceAndEthnicity(codes: readonly string[]): { race: string | null; ethnicity: string | null } {
  const races = [...new Set(codes.filter((c) => c !== hispanicRace).map((c) => raceCodes[c] ?? c))];
  const race = races.length === 0 ? null : races.length === 1 ? (races[0] as string) : 'multiple';
  // One question asks both: Hispanic or Latino is chosen or not, once anything was recorded.
  const ethnicity = codes.includes(hispanicRace) ? 'hispanic' : codes.length > 0 ? 'not_hispanic' : null;
  return { race, ethnicity };
}

function ageInYears(record: XmlElement): string | null {
  for (const group of elementsAt(record, ['ePatient', 'ePatient.AgeGroup'])) {
    const age = valuesAt(group, ['ePatient.15'])[0];
    const unit = valuesAt(group, ['ePatient.16'])[0];
    if (age === undefined) continue;
    if (unit === yearsUnit || unit === undefined) return age;
    if (infantUnits.has(unit)) return '0';
  }
  return null;
}

/** Substances named by the symptom and impression codes; a pertinent negative names nothing. */
function substancesOf(record: XmlElement): Substance[] {
  const found = new Set<Substance>();
  for (const name of ['eSituation.09', 'eSituation.10', 'eSituation.11', 'eSituation.12']) {
    for (const code of valuesAt(record, ['eSituation', name])) {
      const substance = substanceOfIcd10(code);
      if (substance) found.add(substance);
    }
  }
  return [...found];
}

/**
 * Naloxone given by anyone on the record (EMS, or before EMS care, eMedications.02): each medication
 * group whose eMedications.03 is a naloxone code, not a pertinent negative (not given), is a dose.
 * The response is the best one recorded.
 */
function naloxoneOf(record: XmlElement): { doses: number; response: string | null } {
  let doses = 0;
  let response: string | null = null;
  for (const group of elementsAt(record, ['eMedications', 'eMedications.MedicationGroup'])) {
    if (!valuesAt(group, ['eMedications.03']).some((code) => naloxoneRxNormCodes.includes(code))) continue;
    doses++;
    const answer = medicationResponses[valuesAt(group, ['eMedications.07'])[0] ?? ''];
    if (answer && response !== 'responded') response = answer;
  }
  return { doses, response };
}

function fatalOf(record: XmlElement): boolean | null {
  const released = firstValueIn(record, 'eDisposition', 'eDisposition.19');
  const initial = firstValueIn(record, 'eSituation', 'eSituation.13');
  const arrest = firstValueIn(record, 'eArrest', 'eArrest.18');
  if (
    (released && deadAtRelease.has(released)) ||
    initial === deadOnArrival ||
    (arrest && arrestEndedInDeath.has(arrest))
  )
    return true;
  // A patient the crew saw and did not record as dead was alive when EMS left.
  return firstValueIn(record, 'eDisposition', 'eDisposition.27') === patientContactMade ? false : null;
}

/** eDisposition.27-.30 (v3.5): transport first, then what the patient accepted, then no patient. */
function dispositionOf(record: XmlElement): string | null {
  const unit = firstValueIn(record, 'eDisposition', 'eDisposition.27');
  const care = firstValueIn(record, 'eDisposition', 'eDisposition.28');
  const transport = firstValueIn(record, 'eDisposition', 'eDisposition.30');
  if (transport && ['4230001', '4230003', '4230005', '4230007'].includes(transport)) return 'transported';
  if (transport === '4230009' || care === '4228003' || care === '4228007') return 'refused_transport';
  if (care === '4228001' || care === '4228005') return 'treated_released';
  if (care === '4228009' || transport === '4230011') return 'other';
  if (unit && unit !== patientContactMade) return 'other';
  return null;
}

/** The raw record: the mapped elements and the dispatch and protocol sections, with NV and PN kept. */
function rawRecord(record: XmlElement): Record<string, RawElementValue | RawElementValue[]> {
  const raw: Record<string, RawElementValue | RawElementValue[]> = {};
  const keep = (e: XmlElement) => {
    const value = rawValue(e);
    const before = raw[e.name];
    raw[e.name] = before === undefined ? value : Array.isArray(before) ? [...before, value] : [before, value];
  };
  const wanted = new Set(mappedElements);
  const walk = (e: XmlElement, inKeptSection: boolean) => {
    for (const c of e.children) {
      const kept = inKeptSection || (keptSections as readonly string[]).includes(c.name);
      if (c.children.length === 0 && (kept || wanted.has(c.name))) keep(c);
      else walk(c, kept);
    }
  };
  walk(record, false);
  return raw;
}

function rawValue(e: XmlElement): RawElementValue {
  const { NV, PN } = e.attributes;
  if (NV === undefined && PN === undefined && !isNil(e)) return e.text.trim();
  return {
    value: isNil(e) ? null : e.text.trim(),
    ...(NV !== undefined ? { NV } : {}),
    ...(PN !== undefined ? { PN } : {}),
  };
}
