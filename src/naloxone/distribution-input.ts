import { addDays } from '../platform/calendar-days.js';
import { type FieldProblem, problem } from '../platform/errors.js';
import { type DistributionSiteType, distributionSiteTypes } from './naloxone-vocabulary.js';

/** One distribution as a sender gives it (JSON item or CSV row), before it is checked. */
export interface DistributionInput {
  source_id: string;
  site_type: DistributionSiteType;
  area_id: string;
  /** The day the kits went out, or (`week`) any day of the week they went out in: one of the two. */
  date?: string | undefined;
  week?: string | undefined;
  kits: number;
  doses_per_kit?: number | null | undefined;
  access_point_id?: string | null | undefined;
}

/** The columns of a distribution CSV file (one of `date` and `week` per row). */
export const DISTRIBUTION_COLUMNS = ['source_id', 'site_type', 'area_id', 'kits'] as const;

/** Kits in one record at most: more is a typing slip, not a distribution. */
export const MAX_KITS = 100_000;

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const WHOLE = /^\d+$/;

/** True when `text` is a real calendar day written YYYY-MM-DD. */
export function isCalendarDay(text: string): boolean {
  if (!DAY.test(text)) return false;
  const day = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(day.getTime()) && day.toISOString().slice(0, 10) === text;
}

/**
 * Reads one CSV row into a distribution, or the problems of its cells by column (a number that is
 * not a whole number, a site type not in the list): the rules every source shares are `checkDistribution`'s.
 */
export function distributionFromRow(fields: Record<string, string>): {
  input: DistributionInput | null;
  problems: FieldProblem[];
} {
  const cell = (name: string) => {
    const value = fields[name]?.trim() ?? '';
    return value === '' ? undefined : value;
  };
  const problems: FieldProblem[] = [];
  const whole = (name: string): number | undefined => {
    const value = cell(name);
    if (value === undefined) return undefined;
    if (!WHOLE.test(value)) {
      problems.push(problem(name, 'INVALID_TYPE', 'reject', `"${value}" is not a whole number`));
      return undefined;
    }
    return Number(value);
  };
  const kits = whole('kits');
  const dosesPerKit = whole('doses_per_kit');
  if (problems.length > 0) return { input: null, problems };
  return {
    input: {
      source_id: cell('source_id') ?? '',
      site_type: (cell('site_type') ?? '') as DistributionSiteType,
      area_id: cell('area_id') ?? '',
      date: cell('date'),
      week: cell('week'),
      kits: kits ?? Number.NaN,
      doses_per_kit: dosesPerKit ?? null,
      access_point_id: cell('access_point_id') ?? null,
    },
    problems: [],
  };
}

/** What a distribution is checked against: the mapped layer's areas, today, the batch's source ids. */
export interface DistributionContext {
  areaIds: ReadonlySet<string>;
  layerName: string;
  /** Today in the jurisdiction's time zone (YYYY-MM-DD). */
  today: string;
  /** Source ids already seen earlier in the same batch. */
  seen: Set<string>;
}

/**
 * The problems of one distribution, field by field (none: it may be stored): a source id, a site type
 * from the list, an area of the mapped layer, one real day or week not in the future and not before
 * 2000, a whole number of kits from 1, and doses per kit from 1 to 10 when given.
 */
export function checkDistribution(input: DistributionInput, context: DistributionContext): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (!input.source_id) problems.push(problem('source_id', 'REQUIRED'));
  else if (input.source_id.length > 200)
    problems.push(problem('source_id', 'TOO_LONG', 'reject', 'at most 200'));
  else if (context.seen.has(input.source_id)) problems.push(problem('source_id', 'DUPLICATE_IN_BATCH'));
  if (!input.site_type) problems.push(problem('site_type', 'REQUIRED'));
  else if (!distributionSiteTypes.includes(input.site_type)) {
    problems.push(
      problem(
        'site_type',
        'UNKNOWN_VALUE',
        'reject',
        `"${input.site_type}"; one of ${distributionSiteTypes.join(', ')}`,
      ),
    );
  }
  if (!input.area_id) problems.push(problem('area_id', 'REQUIRED'));
  else if (!context.areaIds.has(input.area_id)) {
    problems.push(
      problem(
        'area_id',
        'UNKNOWN_VALUE',
        'reject',
        `no area "${input.area_id}" in the layer ${context.layerName}`,
      ),
    );
  }
  problems.push(...dayProblems(input, context.today));
  if (!Number.isInteger(input.kits))
    problems.push(problem('kits', 'REQUIRED', 'reject', 'a whole number of kits'));
  else if (input.kits < 1 || input.kits > MAX_KITS) {
    problems.push(problem('kits', 'OUT_OF_RANGE', 'reject', `from 1 to ${MAX_KITS}, not ${input.kits}`));
  }
  const doses = input.doses_per_kit;
  if (doses !== null && doses !== undefined && (!Number.isInteger(doses) || doses < 1 || doses > 10)) {
    problems.push(problem('doses_per_kit', 'OUT_OF_RANGE', 'reject', `from 1 to 10, not ${doses}`));
  }
  if (input.access_point_id && !UUID.test(input.access_point_id)) {
    problems.push(problem('access_point_id', 'INVALID_CODE', 'reject', 'an access point id (a UUID)'));
  }
  if (input.source_id) context.seen.add(input.source_id);
  return problems;
}

function dayProblems(input: DistributionInput, today: string): FieldProblem[] {
  if (input.date && input.week) {
    return [problem('week', 'INVALID_DATE', 'reject', 'give a date or a week, not both')];
  }
  const field = input.week ? 'week' : 'date';
  const day = input.week ?? input.date;
  if (!day)
    return [problem('date', 'REQUIRED', 'reject', 'a date, or a week as any of its days (YYYY-MM-DD)')];
  if (!isCalendarDay(day)) return [problem(field, 'INVALID_DATE', 'reject', `"${day}" (YYYY-MM-DD)`)];
  if (day > today) return [problem(field, 'DATE_IN_FUTURE', 'reject', day)];
  if (day < '2000-01-01') return [problem(field, 'OUT_OF_RANGE', 'reject', `${day} is before 2000`)];
  return [];
}

/** The Sunday that opens the MMWR week (Sunday to Saturday) holding a day. */
export function weekStartOf(day: string): string {
  return addDays(day, -new Date(`${day}T00:00:00Z`).getUTCDay());
}
