import { compareName, NAME_LEVELS } from './comparison-levels.js';
import { MISSING } from './comparison-matrix.js';
import type { PersonComparison } from './person-preset.js';

/** A value of a record by field index. */
export const valueAt = (values: readonly string[], field: number) => values[field] as string;

/** A field compared by one of the level functions of comparison-levels.ts. */
export function fieldComparison(
  name: string,
  field: number,
  levels: readonly string[],
  compare: (a: string, b: string) => number,
): PersonComparison {
  return { spec: { name, levels }, compare: (a, b) => compare(valueAt(a, field), valueAt(b, field)) };
}

/**
 * A name compared with the same name of the other record or, when the two names were written the
 * other way round (given name as surname and back, a common slip), with the other name: a swap found
 * counts as exact agreement.
 */
export function nameComparison(name: string, own: number, other: number): PersonComparison {
  const exact = NAME_LEVELS.length - 1;
  return {
    spec: { name, levels: NAME_LEVELS },
    compare: (a, b) => {
      const direct = compareName(valueAt(a, own), valueAt(b, own));
      if (direct === MISSING || direct === exact) return direct;
      const swapped =
        compareName(valueAt(a, own), valueAt(b, other)) === exact &&
        compareName(valueAt(a, other), valueAt(b, own)) === exact;
      return swapped ? exact : direct;
    },
  };
}
