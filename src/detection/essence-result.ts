import type { DetectionResult } from './detection-result.js';

/**
 * What the ESSENCE methods return for each monitored period, beyond the bound and the alarm (the
 * alarm is Rnssp's "red", p < 0.01): the baseline's expectation, the test statistic, its one-sided
 * p-value and the alert level, all null where the period has no baseline yet (Rnssp's "grey").
 */
export interface EssenceResult extends DetectionResult {
  expected: (number | null)[];
  testStatistic: (number | null)[];
  pValue: (number | null)[];
  /** 'red' (p < 0.01), 'yellow' (p < 0.05), 'blue' otherwise, as Rnssp colours them. */
  level: ('red' | 'yellow' | 'blue' | null)[];
}

/** Rnssp's colour of a p-value. */
export function alertLevel(pValue: number): 'red' | 'yellow' | 'blue' | null {
  if (Number.isNaN(pValue)) return null;
  return pValue < 0.01 ? 'red' : pValue < 0.05 ? 'yellow' : 'blue';
}

/** R's round(x, 5) of a positive quantile: Rnssp rounds its t quantiles to five decimals. */
export function roundToFiveDecimals(x: number): number {
  return Math.round(x * 1e5) / 1e5;
}
