import { isLocationPrecision, moreExact } from '../geocoding/location-precision.js';
import type { AreaLocator } from '../surveillance/area-locator.js';
import type { OverdoseRecord } from '../surveillance/overdose-record.js';
import { caseDefinitionsMet } from './case-definitions.js';
import { propertyOfField } from './report-fields.js';
import type { ParsedReport } from './report-validation.js';

function firstNonNull<T>(values: (T | null)[]): T | null {
  for (const v of values) if (v !== null) return v;
  return null;
}

/**
 * The de-identified facts of one overdose from the reports linked to it, oldest report first.
 * Sources see different parts of one event, so facts combine: the earliest time with a time of day,
 * the first location, fatal if any source says so, the union of substances, the first known value of
 * each demographic; the source types in the order the sources reported.
 */
export function overdoseFromReports(
  id: string,
  reports: readonly ParsedReport[],
  locator: AreaLocator | null,
): OverdoseRecord {
  if (reports.length === 1) return overdoseFromReport(id, reports[0] as ParsedReport, locator);
  const timed = reports.filter((r) => r.timeKnown);
  const when = (timed.length ? timed : reports).reduce((a, b) => (b.occurredAt < a.occurredAt ? b : a));
  // The best point of its reports: coordinates sent before a geocoder's, a ZIP's before a county's.
  const located = reports
    .filter((r) => r.latitude !== null && r.longitude !== null)
    .reduce<ParsedReport | undefined>(
      (best, r) => (best === undefined || moreExact(r.locationPrecision, best.locationPrecision) ? r : best),
      undefined,
    );
  const placed =
    located && locator
      ? locator.assign(located.latitude as number, located.longitude as number)
      : { areas: [], h3r7: null, h3r9: null };
  const fatalValues = reports.map((r) => r.fatal);
  const naloxoneValues = reports.map((r) => r.naloxoneGiven);
  const substances = [...new Set(reports.flatMap((r) => r.substances))];
  const naloxoneGiven = naloxoneValues.includes(true) ? true : naloxoneValues.includes(false) ? false : null;
  const naloxoneResponse = firstNonNull(reports.map((r) => r.naloxoneResponse));
  const doses = reports.map((r) => r.naloxoneDoses).filter((d): d is number => d !== null);
  return {
    id,
    occurredAt: when.occurredAt,
    occurredDate: when.occurredDate,
    timeKnown: when.timeKnown,
    latitude: located?.latitude ?? null,
    longitude: located?.longitude ?? null,
    address: firstNonNull(reports.map((r) => r.address)),
    h3R7: placed.h3r7,
    h3R9: placed.h3r9,
    fatal: fatalValues.includes(true) ? true : fatalValues.includes(false) ? false : null,
    naloxoneGiven,
    naloxoneDoses: doses.length ? Math.max(...doses) : null,
    naloxoneResponse,
    age: firstNonNull(reports.map((r) => r.age)),
    ageBand: firstNonNull(reports.map((r) => r.ageBand)),
    sex: firstNonNull(reports.map((r) => r.sex)),
    race: firstNonNull(reports.map((r) => r.race)),
    ethnicity: firstNonNull(reports.map((r) => r.ethnicity)),
    substances,
    disposition: firstNonNull(reports.map((r) => r.disposition)),
    sourceTypes: [...new Set(reports.map((r) => r.sourceType))],
    caseDefinitions: caseDefinitionsMet({
      substances,
      naloxoneGiven,
      naloxoneResponse,
      sourceDefinitions: reports.flatMap((r) => r.sourceDefinitions ?? []),
    }),
    reportCount: reports.length,
    repeatStatus: 'unidentified',
    locationPrecision: located?.locationPrecision ?? 'none',
    areas: placed.areas,
  };
}

/** The overdose of a single report: its facts as they are (what a bulk import does for every row). */
function overdoseFromReport(id: string, r: ParsedReport, locator: AreaLocator | null): OverdoseRecord {
  const located = r.latitude !== null && r.longitude !== null;
  const placed =
    located && locator
      ? locator.assign(r.latitude as number, r.longitude as number)
      : { areas: [], h3r7: null, h3r9: null };
  const substances = [...new Set(r.substances)];
  return {
    id,
    occurredAt: r.occurredAt,
    occurredDate: r.occurredDate,
    timeKnown: r.timeKnown,
    latitude: located ? r.latitude : null,
    longitude: located ? r.longitude : null,
    address: r.address,
    h3R7: placed.h3r7,
    h3R9: placed.h3r9,
    fatal: r.fatal,
    naloxoneGiven: r.naloxoneGiven,
    naloxoneDoses: r.naloxoneDoses,
    naloxoneResponse: r.naloxoneResponse,
    age: r.age,
    ageBand: r.ageBand,
    sex: r.sex,
    race: r.race,
    ethnicity: r.ethnicity,
    substances,
    disposition: r.disposition,
    sourceTypes: [r.sourceType],
    caseDefinitions: caseDefinitionsMet({
      substances,
      naloxoneGiven: r.naloxoneGiven,
      naloxoneResponse: r.naloxoneResponse,
      sourceDefinitions: r.sourceDefinitions,
    }),
    reportCount: 1,
    repeatStatus: 'unidentified',
    locationPrecision: located ? r.locationPrecision : 'none',
    areas: placed.areas,
  };
}

/**
 * A ParsedReport as stored beside the raw record, without repeating it: fields without a value, the
 * narrative (it is in the raw record) and raw values equal to their code are left out. This halves
 * what intake writes per report. Ready for JSON.stringify: the time is already ISO 8601 text.
 */
export function compactParsedReport(report: ParsedReport): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const normalized = report as unknown as Record<string, unknown>;
  for (const key in normalized) {
    const value = normalized[key];
    if (value === null || key === 'narrative' || key === 'rawValues') continue;
    if (Array.isArray(value) && value.length === 0) continue;
    out[key] = value;
  }
  let differing: Record<string, string> | null = null;
  const rawValues = report.rawValues;
  for (const field in rawValues) {
    const raw = rawValues[field] as string;
    const code = normalized[propertyOfField[field] ?? field];
    const text = typeof code === 'string' ? code : Array.isArray(code) ? code.join(';') : String(code);
    if (text === raw) continue;
    differing ??= {};
    differing[field] = raw;
  }
  if (differing) out.rawValues = differing;
  // As text rather than a Date: a Date's toJSON takes JSON.stringify off its fast path, which made
  // this one stringify the largest single JS cost of an import.
  out.occurredAt = report.occurredAt.toISOString();
  return out;
}

const EMPTY_REPORT: Omit<
  ParsedReport,
  'sourceRecordId' | 'sourceType' | 'occurredAt' | 'occurredDate' | 'timeKnown'
> = {
  latitude: null,
  longitude: null,
  address: null,
  zip: null,
  city: null,
  countyFips: null,
  locationPrecision: 'none',
  fatal: null,
  naloxoneGiven: null,
  naloxoneDoses: null,
  naloxoneResponse: null,
  age: null,
  ageBand: null,
  sex: null,
  race: null,
  ethnicity: null,
  substances: [],
  disposition: null,
  narrative: null,
  respondingUnit: null,
  sourceDefinitions: [],
  definitionReasons: null,
  rawValues: {},
};

/** Revives a stored ParsedReport: missing fields become null again and the date a Date. */
export function reviveParsedReport(json: unknown): ParsedReport {
  const r = json as ParsedReport & { occurredAt: string };
  // Reports stored before geocoding have no precision: their point, if any, was sent.
  const locationPrecision = isLocationPrecision(r.locationPrecision)
    ? r.locationPrecision
    : r.latitude != null && r.longitude != null
      ? 'rooftop'
      : 'none';
  return { ...EMPTY_REPORT, ...r, locationPrecision, occurredAt: new Date(r.occurredAt) };
}
