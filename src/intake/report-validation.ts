import { type FieldProblem, problem } from '../platform/errors.js';
import { instantOfWallTime, localDateOf } from '../platform/time-zones.js';
import {
  normalizeAge,
  normalizeDisposition,
  normalizeEthnicity,
  normalizeNaloxoneResponse,
  normalizeRace,
  normalizeSex,
  normalizeSourceType,
  normalizeSubstances,
  parseFlexibleBoolean,
} from './vocabulary/index.js';

/** The fields of one report, named as in the `generic` CSV and the JSON API. */
export const reportFieldNames = [
  'source_record_id',
  'source_type',
  'occurred_at',
  'latitude',
  'longitude',
  'address',
  'fatal',
  'naloxone_given',
  'naloxone_doses',
  'naloxone_response',
  'age',
  'age_band',
  'sex',
  'race',
  'ethnicity',
  'substances',
  'disposition',
  'narrative',
] as const;

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

/**
 * Validates and normalizes one report given as field name to value (CSV cells or JSON values).
 * Unknown vocabulary values are kept raw and flagged; everything that makes the record unusable
 * rejects it, with one problem per field so the submitter can fix them all at once.
 */
export function validateReport(input: Record<string, unknown>, context: ValidationContext): ValidationResult {
  const problems: FieldProblem[] = [];
  const rawValues: Record<string, string> = {};

  const sourceRecordId = readText('source_record_id', input.source_record_id, problems);
  if (sourceRecordId === null && !problems.some((p) => p.field === 'source_record_id')) {
    problems.push(problem('source_record_id', 'REQUIRED'));
  } else if (sourceRecordId && sourceRecordId.length > 200) {
    problems.push(problem('source_record_id', 'TOO_LONG', 'reject', 'at most 200 characters'));
  }

  const sourceType =
    vocabulary('source_type', input.source_type, normalizeSourceType, problems, rawValues) ??
    context.defaultSourceType;

  let when: ReturnType<typeof parseOccurredAt> = null;
  const occurredRaw = readText('occurred_at', input.occurred_at, problems);
  if (occurredRaw === null) {
    if (!problems.some((p) => p.field === 'occurred_at')) problems.push(problem('occurred_at', 'REQUIRED'));
  } else {
    when = parseOccurredAt(occurredRaw, context.timeZone);
    if (!when) problems.push(problem('occurred_at', 'INVALID_DATE', 'reject', `"${occurredRaw}"`));
    else if (when.occurredAt.getTime() > context.now.getTime() + CLOCK_SKEW_MS) {
      problems.push(problem('occurred_at', 'DATE_IN_FUTURE', 'reject', `"${occurredRaw}"`));
      when = null;
    } else if (when.occurredAt.getTime() < EARLIEST) {
      problems.push(problem('occurred_at', 'DATE_TOO_OLD', 'reject', `"${occurredRaw}"`));
      when = null;
    }
  }

  const latitude = parseNumber('latitude', input.latitude, problems);
  const longitude = parseNumber('longitude', input.longitude, problems);
  const address = readText('address', input.address, problems);
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
  if (latitude === null && longitude === null && address === null && !hasLocationProblem) {
    problems.push(problem('latitude', 'LOCATION_REQUIRED'));
  }

  const fatal = parseBoolean('fatal', input.fatal, problems);
  const naloxoneGiven = parseBoolean('naloxone_given', input.naloxone_given, problems);
  let naloxoneDoses = parseNumber('naloxone_doses', input.naloxone_doses, problems);
  if (
    naloxoneDoses !== null &&
    (!Number.isInteger(naloxoneDoses) || naloxoneDoses < 0 || naloxoneDoses > 20)
  ) {
    problems.push(
      problem('naloxone_doses', 'OUT_OF_RANGE', 'reject', `${naloxoneDoses}: a whole number 0..20`),
    );
    naloxoneDoses = null;
  }
  const naloxoneResponse = vocabulary(
    'naloxone_response',
    input.naloxone_response,
    normalizeNaloxoneResponse,
    problems,
    rawValues,
  );

  const ageText = readText('age', input.age, problems);
  const ageBandText = readText('age_band', input.age_band, problems);
  const age = normalizeAge(ageText, ageBandText);
  problems.push(...age.problems);
  if (ageText !== null) rawValues.age = ageText;
  if (ageBandText !== null) rawValues.age_band = ageBandText;

  const sex = vocabulary('sex', input.sex, normalizeSex, problems, rawValues);
  const race = vocabulary('race', input.race, normalizeRace, problems, rawValues);
  const ethnicity = vocabulary('ethnicity', input.ethnicity, normalizeEthnicity, problems, rawValues);
  const disposition = vocabulary('disposition', input.disposition, normalizeDisposition, problems, rawValues);

  let substances: string[] = [];
  const substancesInput = Array.isArray(input.substances)
    ? input.substances.filter((s) => typeof s === 'string').join(';')
    : input.substances;
  const substancesRaw = readText('substances', substancesInput, problems);
  if (substancesRaw !== null) {
    rawValues.substances = substancesRaw;
    const normalized = normalizeSubstances(substancesRaw);
    substances = normalized.values;
    for (const unknown of normalized.unknown)
      problems.push(problem('substances', 'UNKNOWN_VALUE', 'flag', `"${unknown}"`));
  }
  const narrative = readText('narrative', input.narrative, problems);

  if (problems.some((p) => p.severity === 'reject') || !when || sourceRecordId === null) {
    return { report: null, problems };
  }
  return {
    problems,
    report: {
      sourceRecordId,
      sourceType,
      occurredAt: when.occurredAt,
      occurredDate: when.occurredDate,
      timeKnown: when.timeKnown,
      latitude,
      longitude,
      address,
      fatal,
      naloxoneGiven,
      naloxoneDoses,
      naloxoneResponse,
      age: age.age,
      ageBand: age.ageBand,
      sex,
      race,
      ethnicity,
      substances,
      disposition,
      narrative,
      rawValues,
    },
  };
}
