import { MISSING } from './comparison-matrix.js';
import { jaroWinkler, oneEditApart } from './string-similarity.js';

/**
 * The agreement levels person presets compare fields with. Each returns the level index of its specs
 * (0 = differ, the last = exact) or MISSING when either side is empty, so an absent value says nothing.
 */

/** Names: Jaro-Winkler bands, as record linkage usually cuts them (0.92 a spelling slip, 0.8 a variant). */
export const NAME_LEVELS = ['differ', 'similar', 'close', 'exact'] as const;

/** The level of two names on NAME_LEVELS. */
export function compareName(a: string, b: string): number {
  if (a === '' || b === '') return MISSING;
  if (a === b) return 3;
  const similarity = jaroWinkler(a, b);
  if (similarity >= 0.92) return 2;
  return similarity >= 0.8 ? 1 : 0;
}

/** Dates of birth (YYYYMMDD digits): a keying slip, day and month swapped, or only the year shared. */
export const DATE_LEVELS = ['differ', 'same year', 'slip', 'exact'] as const;

/** The level of two dates of birth on DATE_LEVELS. */
export function compareDate(a: string, b: string): number {
  if (a === '' || b === '') return MISSING;
  if (a === b) return 3;
  if (oneEditApart(a, b)) return 2;
  if (a.length === 8 && b.length === 8) {
    const swapped =
      a.slice(0, 4) === b.slice(0, 4) && a.slice(4, 6) === b.slice(6, 8) && a.slice(6, 8) === b.slice(4, 6);
    if (swapped) return 2;
    if (a.slice(0, 4) === b.slice(0, 4)) return 1;
  }
  return 0;
}

/** Codes (postcode, social security number, street number): exact, one keying slip, or different. */
export const CODE_LEVELS = ['differ', 'slip', 'exact'] as const;

/** The level of two codes on CODE_LEVELS. */
export function compareCode(a: string, b: string): number {
  if (a === '' || b === '') return MISSING;
  if (a === b) return 2;
  return oneEditApart(a, b) ? 1 : 0;
}

/** Free text such as a suburb, a street or a city: exact, close (Jaro-Winkler 0.9 or more), or different. */
export const TEXT_LEVELS = ['differ', 'close', 'exact'] as const;

/** The level of two texts on TEXT_LEVELS. */
export function compareText(a: string, b: string): number {
  if (a === '' || b === '') return MISSING;
  if (a === b) return 2;
  return jaroWinkler(a, b) >= 0.9 ? 1 : 0;
}

/** Values that either agree or not (a state, a sex). */
export const EXACT_LEVELS = ['differ', 'exact'] as const;

/** The level of two values on EXACT_LEVELS. */
export function compareExact(a: string, b: string): number {
  if (a === '' || b === '') return MISSING;
  return a === b ? 1 : 0;
}
