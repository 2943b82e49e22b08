import { monthStart } from '../platform/calendar-days.js';

/**
 * The breakdowns by a person attribute. Counts by area and day are T1 as they are, but the same
 * counts cut by age, sex, race or ethnicity can single a person out where few overdoses happened.
 */
export const personAttributeBreakdowns = ['age_band', 'sex', 'race', 'ethnicity'] as const;

/** Whether a breakdown cuts counts by a person attribute. */
export function isPersonAttribute(by: string): boolean {
  return (personAttributeBreakdowns as readonly string[]).includes(by);
}

/** A count of one calendar month (labelled by its first day) and one attribute value. */
export interface MonthCount {
  month: string;
  key: string | null;
  count: number;
}

/** What a partner may see of a person-attribute breakdown: the months shown and the months withheld. */
export interface PartnerBreakdown {
  shown: MonthCount[];
  /** Months (first days) whose breakdown is withheld, oldest first. */
  withheldMonths: string[];
}

/**
 * The T1 rule for person attributes: a month's breakdown in the partner's scope (an area, filters)
 * is shown only when the scope held at least k overdoses that month, and when what the rest of the
 * jurisdiction held that month (the same month without area or filters, minus the scope) is zero or
 * at least k, so that the jurisdiction's breakdown minus this one cannot isolate fewer than k either.
 * Months are the blocks because fixed blocks cannot be differenced into smaller ones: any range a
 * partner asks for is a sum of whole months, each shown whole or not at all.
 *
 * `rows` are the scope's counts by month and value (one value per overdose: the attributes are
 * single-valued, so a month's rows sum to its overdoses); `wholeMonths` the jurisdiction's totals.
 */
export function partnerBreakdown(
  rows: readonly MonthCount[],
  wholeMonths: ReadonlyMap<string, number>,
  k: number,
): PartnerBreakdown {
  const scopeMonths = new Map<string, number>();
  for (const row of rows) scopeMonths.set(row.month, (scopeMonths.get(row.month) ?? 0) + row.count);
  const withheld = new Set<string>();
  for (const [month, inScope] of scopeMonths) {
    const rest = (wholeMonths.get(month) ?? inScope) - inScope;
    if (inScope < k || (rest > 0 && rest < k)) withheld.add(month);
  }
  return {
    shown: rows.filter((row) => !withheld.has(row.month)),
    withheldMonths: [...withheld].sort(),
  };
}

/** The whole months that cover a range of days: its first month's first day to its last month's last day. */
export function wholeMonths(from: string, to: string): { from: string; to: string } {
  const end = new Date(`${monthStart(to, 1)}T00:00:00Z`);
  end.setUTCDate(0);
  return { from: monthStart(from), to: end.toISOString().slice(0, 10) };
}
