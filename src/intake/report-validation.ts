import type { LocationPrecision } from '../geocoding/location-precision.js';
import { type FieldProblem, problem } from '../platform/errors.js';
import { instantOfWallTime, localDateOf } from '../platform/time-zones.js';
import { type ReportField, reportFields } from './report-fields.js';
import { normalizeAge, parseFlexibleBoolean } from './vocabulary/index.js';

/** A report after validation and normalization, ready to become (part of) an overdose. */
export interface ParsedReport {
  sourceRecordId: string;
  sourceType: string;
  occurredAt: Date;
  /** Calendar day in the jurisdiction's time zone. */
  occurredDate: string;
  timeKnown: boolean;
  latitude: number | null;
  longitude: number | null;
  address: string | null;
  /** ZIP, city and county of the incident as sent: a place to geocode when no point is known. */
  zip: string | null;
  city: string | null;
  countyFips: string | null;
  /**
   * How exactly its point is known: `rooftop` when coordinates were sent, `none` until intake places it
   * (geocoding writes the point it found into latitude and longitude, and this its precision).
   */
  locationPrecision: LocationPrecision;
  fatal: boolean | null;
  naloxoneGiven: boolean | null;
  naloxoneDoses: number | null;
  naloxoneResponse: string | null;
  age: number | null;
  ageBand: string | null;
  sex: string | null;
  race: string | null;
  ethnicity: string | null;
  substances: string[];
  disposition: string | null;
  narrative: string | null;
  /** The code of the unit that responded, as its organization names it. */
  respondingUnit: string | null;
  /** Standard case definitions the sender decided (standard-definitions.ts). */
  sourceDefinitions: string[];
  /** Why each standard definition holds, as the sender's adapter wrote it. */
  definitionReasons: string | null;
  /** The raw values beside their normalized codes, for every vocabulary field that had a value. */
  rawValues: Record<string, string>;
}

/** What validation needs to know beyond the record itself. */
export interface ValidationContext {
  timeZone: string;
  now: Date;
  /** Source type to use when the record names none (the submitting organization's type). */
  defaultSourceType: string;
}

/** Validation outcome: a parsed report when nothing rejects it, and every problem found (flags too). */
export interface ValidationResult {
  report: ParsedReport | null;
  problems: FieldProblem[];
}

const EARLIEST = Date.UTC(1990, 0, 1);
/** Clocks of submitting systems drift; a report a few minutes "in the future" is still accepted. */
const CLOCK_SKEW_MS = 5 * 60 * 1000;
const MAX_TEXT = 10_000;

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?$/;
const ZONED_DATE_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)$/i;

/** Reads a value as trimmed text; numbers and booleans are accepted as their text. */
function text(value: unknown): string | null | undefined {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') {
    const trimmed = value.trim();
    return trimmed === '' ? null : trimmed;
  }
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined; // objects and arrays are not text
}

function validCalendarDate(y: number, m: number, d: number): boolean {
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/**
 * Parses occurred_at: ISO 8601 with an offset, a local date-time (read in the jurisdiction's zone), or
 * a date alone (the time of day is then unknown and noon local time stands in for it).
 */
export function parseOccurredAt(
  raw: string,
  timeZone: string,
): { occurredAt: Date; occurredDate: string; timeKnown: boolean } | null {
  const dateOnly = DATE_ONLY.exec(raw);
  if (dateOnly) {
    const [y, m, d] = [Number(dateOnly[1]), Number(dateOnly[2]), Number(dateOnly[3])];
    if (!validCalendarDate(y, m, d)) return null;
    // Noon keeps the instant inside the same local day even across a DST change.
    const occurredAt = instantOfWallTime(
      { year: y, month: m, day: d, hour: 12, minute: 0, second: 0 },
      timeZone,
    );
    return { occurredAt, occurredDate: raw, timeKnown: false };
  }
  const local = LOCAL_DATE_TIME.exec(raw);
  if (local) {
    const [y, m, d, h, mi, s] = [1, 2, 3, 4, 5, 6].map((i) => Number(local[i] ?? 0)) as number[];
    if (
      !validCalendarDate(y as number, m as number, d as number) ||
      (h as number) > 23 ||
      (mi as number) > 59
    )
      return null;
    const occurredAt = instantOfWallTime(
      {
        year: y as number,
        month: m as number,
        day: d as number,
        hour: h as number,
        minute: mi as number,
        second: s as number,
      },
      timeZone,
    );
    return { occurredAt, occurredDate: localDateOf(occurredAt, timeZone), timeKnown: true };
  }
  if (ZONED_DATE_TIME.test(raw)) {
    const [y, m, d] = raw.slice(0, 10).split('-').map(Number) as [number, number, number];
    const occurredAt = new Date(raw.replace(' ', 'T'));
    if (Number.isNaN(occurredAt.getTime()) || !validCalendarDate(y, m, d)) return null;
    return { occurredAt, occurredDate: localDateOf(occurredAt, timeZone), timeKnown: true };
  }
  return null;
}

function parseNumber(field: string, value: unknown, problems: FieldProblem[]): number | null {
  if (typeof value === 'number') {
    if (Number.isFinite(value)) return value;
    problems.push(problem(field, 'INVALID_TYPE', 'reject', 'not a finite number'));
    return null;
  }
  const t = text(value);
  if (t === null) return null;
  const n = t === undefined ? Number.NaN : Number(t);
  if (!Number.isFinite(n)) {
    problems.push(
      problem(field, 'INVALID_TYPE', 'reject', `expected a number, got "${String(t ?? typeof value)}"`),
    );
    return null;
  }
  return n;
}

function parseBoolean(field: string, value: unknown, problems: FieldProblem[]): boolean | null {
  if (typeof value === 'boolean') return value;
  const t = text(value);
  if (t === null) return null;
  const parsed = t === undefined ? ({ ok: false } as const) : parseFlexibleBoolean(t);
  if (!parsed.ok) {
    problems.push(
      problem(field, 'INVALID_TYPE', 'reject', `expected true/false/yes/no/1/0, got "${String(t)}"`),
    );
    return null;
  }
  return parsed.value;
}

function readText(field: string, value: unknown, problems: FieldProblem[]): string | null {
  const t = text(value);
  if (t === undefined) {
    problems.push(problem(field, 'INVALID_TYPE', 'reject', 'expected text'));
    return null;
  }
  if (t !== null && t.length > MAX_TEXT) {
    problems.push(problem(field, 'TOO_LONG', 'reject', `${t.length} characters, at most ${MAX_TEXT}`));
    return null;
  }
  return t;
}

/** Normalizes one vocabulary field, keeping the raw value and flagging values outside the vocabulary. */
function vocabulary(
  field: string,
  value: unknown,
  normalize: (raw: string) => { value: string | null; known: boolean },
  problems: FieldProblem[],
  rawValues: Record<string, string>,
): string | null {
  const raw = readText(field, value, problems);
  if (raw === null) return null;
  rawValues[field] = raw;
  const normalized = normalize(raw);
  if (!normalized.known) problems.push(problem(field, 'UNKNOWN_VALUE', 'flag', `"${raw}"`));
  return normalized.value;
}

/** Reads a list of codes given as a list or as text separated by `;`, flagging the unknown ones. */
function codeList(
  field: string,
  normalizeList: NonNullable<ReportField['normalizeList']>,
  value: unknown,
  problems: FieldProblem[],
  rawValues: Record<string, string>,
): string[] | null {
  const joined = Array.isArray(value) ? value.filter((s) => typeof s === 'string').join(';') : value;
  const raw = readText(field, joined, problems);
  if (raw === null) return null;
  rawValues[field] = raw;
  const normalized = normalizeList(raw);
  for (const unknown of normalized.unknown)
    problems.push(problem(field, 'UNKNOWN_VALUE', 'flag', `"${unknown}"`));
  return normalized.values;
}

/** Reads the value of one field by its type, as far as the field alone tells. */
function readField(
  field: Step,
  value: unknown,
  problems: FieldProblem[],
  rawValues: Record<string, string>,
): unknown {
  switch (field.type) {
    case 'number':
      return parseNumber(field.name, value, problems);
    case 'boolean':
      return parseBoolean(field.name, value, problems);
    case 'code':
      return vocabulary(
        field.name,
        value,
        field.normalize as NonNullable<Step['normalize']>,
        problems,
        rawValues,
      );
    case 'codes':
      return codeList(
        field.name,
        field.normalizeList as NonNullable<Step['normalizeList']>,
        value,
        problems,
        rawValues,
      );
    // An occurrence is parsed once known to be there; an age is read with its band (see recordRules).
    case 'date-time':
    case 'age':
    case 'text':
      return readText(field.name, value, problems);
  }
}

/** The checks of one field's value on its own; returns the value kept (null when it is rejected). */
function checkField(
  field: Step,
  value: unknown,
  problems: FieldProblem[],
  context: ValidationContext,
): unknown {
  if (field.maxLength !== null && typeof value === 'string' && value.length > field.maxLength) {
    problems.push(problem(field.name, 'TOO_LONG', 'reject', `at most ${field.maxLength} characters`));
  }
  if (field.wholeNumberRange && typeof value === 'number') {
    const [min, max] = field.wholeNumberRange;
    if (!Number.isInteger(value) || value < min || value > max) {
      problems.push(problem(field.name, 'OUT_OF_RANGE', 'reject', `${value}: a whole number ${min}..${max}`));
      return null;
    }
  }
  if (field.type === 'date-time' && typeof value === 'string')
    return occurrence(field.name, value, problems, context);
  return value;
}

/** Parses a date-time field and rejects instants in the future (beyond clock skew) or before 1990. */
function occurrence(
  field: string,
  raw: string,
  problems: FieldProblem[],
  context: ValidationContext,
): ReturnType<typeof parseOccurredAt> {
  const when = parseOccurredAt(raw, context.timeZone);
  if (!when) {
    problems.push(problem(field, 'INVALID_DATE', 'reject', `"${raw}"`));
    return null;
  }
  if (when.occurredAt.getTime() > context.now.getTime() + CLOCK_SKEW_MS) {
    problems.push(problem(field, 'DATE_IN_FUTURE', 'reject', `"${raw}"`));
    return null;
  }
  if (when.occurredAt.getTime() < EARLIEST) {
    problems.push(problem(field, 'DATE_TOO_OLD', 'reject', `"${raw}"`));
    return null;
  }
  return when;
}

/** The values read so far, by the field's position in the list (faster than by name, per report). */
type FieldValues = unknown[];

/** The position of a field in the list. */
function at(name: string): number {
  const index = reportFields.findIndex((f) => f.name === name);
  if (index < 0) throw new Error(`no report field ${name}`);
  return index;
}
const LATITUDE = at('latitude');
const LONGITUDE = at('longitude');
const ADDRESS = at('address');
const ZIP = at('zip');
const CITY = at('city');
const COUNTY_FIPS = at('county_fips');
const AGE = at('age');
const AGE_BAND = at('age_band');
const OCCURRED_AT = at('occurred_at');
const SOURCE_RECORD_ID = at('source_record_id');

/**
 * The place of an overdose: coordinates in range and paired, or at least an address, a ZIP, a city or
 * a county for geocoding to place (a record that names none of them cannot be placed at all).
 */
function locationRule(values: FieldValues, problems: FieldProblem[]): void {
  const latitude = values[LATITUDE] as number | null;
  const longitude = values[LONGITUDE] as number | null;
  if (latitude !== null && (latitude < -90 || latitude > 90)) {
    problems.push(problem('latitude', 'LATITUDE_OUT_OF_RANGE', 'reject', String(latitude)));
  }
  if (longitude !== null && (longitude < -180 || longitude > 180)) {
    problems.push(problem('longitude', 'LONGITUDE_OUT_OF_RANGE', 'reject', String(longitude)));
  }
  if (latitude === 0 && longitude === 0) problems.push(problem('latitude', 'NULL_ISLAND'));
  if ((latitude === null) !== (longitude === null)) {
    const missing = latitude === null ? 'latitude' : 'longitude';
    if (!problems.some((p) => p.field === missing))
      problems.push(problem(missing, 'COORDINATE_PAIR_INCOMPLETE'));
  }
  const hasLocationProblem = problems.some((p) => p.field === 'latitude' || p.field === 'longitude');
  const named = [ADDRESS, ZIP, CITY, COUNTY_FIPS].some((index) => values[index] !== null);
  if (latitude === null && longitude === null && !named && !hasLocationProblem) {
    problems.push(problem('latitude', 'LOCATION_REQUIRED'));
  }
}

/** An age and an age band read together: each fills in or checks the other. */
function ageRule(values: FieldValues, problems: FieldProblem[], rawValues: Record<string, string>): void {
  const ageText = values[AGE] as string | null;
  const ageBandText = values[AGE_BAND] as string | null;
  const age = normalizeAge(ageText, ageBandText);
  problems.push(...age.problems);
  if (ageText !== null) rawValues.age = ageText;
  if (ageBandText !== null) rawValues.age_band = ageBandText;
  values[AGE] = age.age;
  values[AGE_BAND] = age.ageBand;
}

/**
 * Checks that take several fields, each run once the last field it reads has been read (so the
 * problems come in the order of the fields).
 */
const recordRules: Readonly<
  Record<string, (values: FieldValues, problems: FieldProblem[], rawValues: Record<string, string>) => void>
> = { county_fips: locationRule, age_band: ageRule };

/**
 * One field as validation uses it, with the rule that runs after it: made once, all of one shape, so
 * reading them per report stays fast (the list's entries each have their own set of keys).
 */
interface Step {
  name: string;
  type: ReportField['type'];
  required: boolean;
  property: ReportField['property'];
  normalize: ReportField['normalize'] | null;
  normalizeList: ReportField['normalizeList'] | null;
  maxLength: number | null;
  wholeNumberRange: readonly [number, number] | null;
  rule: ((values: FieldValues, problems: FieldProblem[], rawValues: Record<string, string>) => void) | null;
}
const steps: readonly Step[] = reportFields.map((f) => ({
  name: f.name,
  type: f.type,
  required: f.required,
  property: f.property,
  normalize: f.normalize ?? null,
  normalizeList: f.normalizeList ?? null,
  maxLength: f.maxLength ?? null,
  wholeNumberRange: f.wholeNumberRange ?? null,
  rule: recordRules[f.name] ?? null,
}));

/**
 * Makes a parsed report from the values read, in the order of the fields (the order of the stored
 * report's keys): one object literal written out from the field list when the module loads. Filling
 * an object by computed property names per report made V8 look each store up anew (megamorphic
 * stores), about 5% of a bulk import's Node time; a literal has one shape and no lookups. The names
 * spliced in are the list's own properties, never input.
 */
const buildReport = new Function(
  'values',
  'when',
  'rawValues',
  `return { ${steps
    .map((step, index) =>
      step.property === 'occurredAt'
        ? 'occurredAt: when.occurredAt, occurredDate: when.occurredDate, timeKnown: when.timeKnown'
        : `${step.property}: values[${index}]`,
    )
    .join(', ')}, locationPrecision: 'none', rawValues };`,
) as (
  values: FieldValues,
  when: NonNullable<ReturnType<typeof parseOccurredAt>>,
  rawValues: Record<string, string>,
) => ParsedReport;

/**
 * Validates and normalizes one report given as field name to value (CSV cells or JSON values), field
 * by field in the order of the field list. Unknown vocabulary values are kept raw and flagged;
 * everything that makes the record unusable rejects it, with one problem per field so the submitter
 * can fix them all at once.
 */
export function validateReport(input: Record<string, unknown>, context: ValidationContext): ValidationResult {
  const problems: FieldProblem[] = [];
  const rawValues: Record<string, string> = {};
  const values: FieldValues = new Array(steps.length);
  for (let index = 0; index < steps.length; index++) {
    const field = steps[index] as Step;
    let value = readField(field, input[field.name], problems, rawValues);
    if (value === null) {
      if (field.required && !problems.some((p) => p.field === field.name))
        problems.push(problem(field.name, 'REQUIRED'));
    } else value = checkField(field, value, problems, context);
    values[index] = value;
    if (field.rule) field.rule(values, problems, rawValues);
  }
  const when = values[OCCURRED_AT] as ReturnType<typeof parseOccurredAt>;
  const sourceRecordId = values[SOURCE_RECORD_ID] as string | null;
  if (problems.some((p) => p.severity === 'reject') || !when || sourceRecordId === null) {
    return { report: null, problems };
  }
  const report = buildReport(values, when, rawValues);
  // A record that names no source type has its organization's.
  report.sourceType ??= context.defaultSourceType;
  report.substances ??= [];
  report.sourceDefinitions ??= [];
  if (report.latitude !== null && report.longitude !== null) report.locationPrecision = 'rooftop';
  return { problems, report };
}
