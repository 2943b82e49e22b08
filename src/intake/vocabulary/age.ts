import { type FieldProblem, problem } from '../../platform/errors.js';
import { memoizeByString, notRecordedPhrases, vocabularyKey } from './normalized.js';

/** The 5-year age bands every age is counted in. */
export const fiveYearAgeBands = [
  '0-4',
  '5-9',
  '10-14',
  '15-19',
  '20-24',
  '25-29',
  '30-34',
  '35-39',
  '40-44',
  '45-49',
  '50-54',
  '55-59',
  '60-64',
  '65-69',
  '70-74',
  '75-79',
  '80-84',
  '85-89',
  '90-94',
  '95-99',
  '100+',
] as const;

/**
 * Top-coded bands some sources use for older ages ("85+"). They cannot be split into 5-year bands, so
 * they are kept as they came rather than guessed.
 */
export const topCodedAgeBands = [
  '50+',
  '55+',
  '60+',
  '65+',
  '70+',
  '75+',
  '80+',
  '85+',
  '90+',
  '95+',
] as const;

/** Every age band a record may carry: the 5-year bands first, then the top-coded ones. */
export const ageBands = [...fiveYearAgeBands, ...topCodedAgeBands] as const;

/** One age band. */
export type AgeBand = (typeof ageBands)[number];

/** The oldest age accepted; anything above is a typo or a date in the wrong column. */
export const maxAge = 120;

/** An age and its band read from a record, with the raw values and what was wrong with them. */
export interface NormalizedAge {
  age: number | null;
  ageBand: AgeBand | null;
  rawAge: string | null;
  rawAgeBand: string | null;
  problems: FieldProblem[];
}

const lowerBounds = new Map<AgeBand, number>(
  ageBands.map((band) => [band, Number.parseInt(band, 10)] as [AgeBand, number]),
);
const topCodedByLowerBound = new Map<number, AgeBand>(
  topCodedAgeBands.map((band) => [Number.parseInt(band, 10), band]),
);
const notRecorded = new Set<string>([...notRecordedPhrases, 'n a', 'na']);

/** The 5-year band an age in whole years falls in. */
export function ageBandOf(age: number): AgeBand {
  return age >= 100 ? '100+' : (fiveYearAgeBands[Math.floor(age / 5)] as AgeBand);
}

/** Whether an age in whole years lies inside a band. */
export function ageBandContains(band: AgeBand, age: number): boolean {
  const lower = lowerBounds.get(band) ?? 0;
  return band.endsWith('+') ? age >= lower : age >= lower && age <= lower + 4;
}

/**
 * Coarsens a band for public tables, where small cells must be merged: '25-29' becomes '20-29' with
 * width 10. Top-coded bands stay top-coded ('85+' becomes '80+'), which still contains every age in them.
 */
export function coarsenAgeBand(band: AgeBand, widthYears: 10 | 20): string {
  const lower = lowerBounds.get(band) ?? 0;
  if (lower >= 100) return band;
  const coarseLower = Math.floor(lower / widthYears) * widthYears;
  return band.endsWith('+') ? `${coarseLower}+` : `${coarseLower}-${coarseLower + widthYears - 1}`;
}

const dashes = /[\u2010-\u2015]/g;
const closedBand = /^(\d{1,3})\s*(?:-|to|through|thru)\s*(\d{1,3})(?:\s*(?:years?|yrs?|y))?$/;
const openBand =
  /^(\d{1,3})\s*(?:\+|(?:years?\s+)?(?:and|or)\s+(?:over|older|above|up|more))(?:\s*(?:years?|yrs?))?$/;
const underFive = /^(?:<\s*|under\s+|less than\s+)[1-5](?:\s*(?:years?|yrs?))?$/;
const ageNumber = /^[+-]?\d+(?:\.\d+)?$/;

/** Reads a band spelling such as "25 to 29", "05-09", "85+" or "under 5"; undefined when unreadable. */
const parseAgeBand = memoizeByString((raw: string): AgeBand | undefined => {
  const text = raw.toLowerCase().replace(dashes, '-');
  const closed = closedBand.exec(text);
  if (closed) {
    const lower = Number(closed[1]);
    // Only true 5-year bands (or any band above 100) fit; a 10-year "25-34" cannot be split.
    if (lower % 5 !== 0 || Number(closed[2]) !== lower + 4) return undefined;
    return ageBandOf(lower);
  }
  const open = openBand.exec(text);
  if (open) {
    const lower = Number(open[1]);
    return lower >= 100 ? '100+' : topCodedByLowerBound.get(lower);
  }
  return underFive.test(text) ? '0-4' : undefined;
});

const isNotRecorded = memoizeByString((raw: string): boolean => notRecorded.has(vocabularyKey(raw)));

function ageProblem(raw: string, age: number): FieldProblem | undefined {
  if (!Number.isFinite(age))
    return problem('age', 'INVALID_TYPE', 'reject', `"${raw}" is not a number of years`);
  if (!Number.isInteger(age))
    return problem('age', 'INVALID_TYPE', 'reject', `${raw} is not a whole number of years`);
  if (age < 0 || age > maxAge)
    return problem('age', 'OUT_OF_RANGE', 'reject', `${raw} is not between 0 and ${maxAge}`);
  return undefined;
}

/** Reads an age: whole years 0..maxAge, given as a number or as digits ("54", "54.0"). */
function readAge(input: string | number | null | undefined): {
  age: number | null;
  raw: string | null;
  problem?: FieldProblem;
} {
  if (input === null || input === undefined) return { age: null, raw: null };
  const raw = typeof input === 'number' ? String(input) : input.trim();
  if (raw === '') return { age: null, raw: null };
  let age: number;
  if (typeof input === 'number') age = input;
  else if (ageNumber.test(raw)) age = Number(raw);
  else if (isNotRecorded(raw)) return { age: null, raw };
  else age = Number.NaN;
  const found = ageProblem(raw, age);
  return found ? { age: null, raw, problem: found } : { age, raw };
}

/**
 * Reads a record's age and age band. A known age decides the band (a disagreeing band is flagged, not
 * trusted); without an age the given band is used. A bad age rejects the record; an unreadable band
 * is only flagged and kept raw.
 */
export function normalizeAge(
  rawAge: string | number | null | undefined,
  rawAgeBand: string | null | undefined,
): NormalizedAge {
  const problems: FieldProblem[] = [];
  const { age, raw, problem: ageProblem } = readAge(rawAge);
  if (ageProblem) problems.push(ageProblem);
  const bandRaw = rawAgeBand?.trim() || null;
  let givenBand: AgeBand | null = null;
  if (bandRaw !== null && !isNotRecorded(bandRaw)) {
    givenBand = parseAgeBand(bandRaw) ?? null;
    if (givenBand === null) problems.push(problem('age_band', 'UNKNOWN_VALUE', 'flag', `"${bandRaw}"`));
  }
  if (age === null) return { age, ageBand: givenBand, rawAge: raw, rawAgeBand: bandRaw, problems };
  if (givenBand !== null && !ageBandContains(givenBand, age)) {
    problems.push(
      problem(
        'age_band',
        'OUT_OF_RANGE',
        'flag',
        `age ${age} is not in band ${givenBand}; the band follows the age`,
      ),
    );
  }
  return { age, ageBand: ageBandOf(age), rawAge: raw, rawAgeBand: bandRaw, problems };
}
