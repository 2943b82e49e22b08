import type { AggregateRow } from './aggregate-query.js';

/**
 * What the shares of a breakdown divide by: the overdoses the filters keep, each counted once, and
 * what to call them ("deaths" when every one was fatal, as in a medical examiner's file).
 */
export interface ShareDenominator {
  count: number;
  label: 'deaths' | 'overdoses';
}

/** The denominator from the counts of the same filters by outcome over the whole range. */
export function shareDenominator(byOutcome: readonly AggregateRow[]): ShareDenominator {
  let count = 0;
  let fatal = 0;
  for (const row of byOutcome) {
    count += row.count;
    if (row.key === 'fatal') fatal += row.count;
  }
  return { count, label: count > 0 && fatal === count ? 'deaths' : 'overdoses' };
}
