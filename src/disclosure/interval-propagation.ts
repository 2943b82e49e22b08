import type { Equation } from './linear-relations.js';

/** Whole-number bounds of one hidden figure; `hi` may be Infinity. */
export interface Interval {
  lo: number;
  hi: number;
}

/** The result of propagating bounds through every equation. */
export interface Propagation {
  bounds: Map<string, Interval>;
  /** False when the pass limit stopped it; the bounds are then still sound, only perhaps looser. */
  converged: boolean;
  /** The first equation found to contradict the figures (no whole numbers satisfy it), if any. */
  contradiction?: string | undefined;
}

const MAX_PASSES = 10_000;

/**
 * Interval propagation (bounds consistency) over equations Σ cᵢ·xᵢ = 0 with cᵢ = ±1: known figures
 * are constants, each unknown starts at its prior interval, and every equation repeatedly tightens
 * each of its unknowns to what the others allow (rounded inward to whole numbers), until nothing
 * changes. Every interval always contains every whole-number solution, so what it proves is true
 * (sound); it may prove less than an exact solver would (incomplete), because it reasons one
 * equation at a time.
 */
export function propagateBounds(
  equations: readonly Equation[],
  known: ReadonlyMap<string, number>,
  prior: ReadonlyMap<string, Interval>,
): Propagation {
  const bounds = new Map<string, Interval>();
  for (const [key, interval] of prior) bounds.set(key, { ...interval });
  const useful = equations.filter((equation) => equation.terms.some((term) => bounds.has(term.key)));
  for (const equation of equations) {
    if (!equation.terms.every((term) => known.has(term.key))) continue;
    const sum = equation.terms.reduce((s, term) => s + term.coefficient * (known.get(term.key) as number), 0);
    if (sum !== 0) return { bounds, converged: true, contradiction: equation.label };
  }
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    let changed = false;
    for (const equation of useful) {
      const outcome = tighten(equation, known, bounds);
      if (outcome === 'contradiction') return { bounds, converged: true, contradiction: equation.label };
      changed ||= outcome === 'changed';
    }
    if (!changed) return { bounds, converged: true };
  }
  return { bounds, converged: false };
}

/** Tightens each unknown of one equation from the others; says whether anything moved. */
function tighten(
  equation: Equation,
  known: ReadonlyMap<string, number>,
  bounds: Map<string, Interval>,
): 'changed' | 'same' | 'contradiction' {
  // The range of Σ cᵢ·xᵢ over all terms, with infinite parts counted apart so ∞ − ∞ never arises.
  let minFinite = 0;
  let maxFinite = 0;
  let minInfinite = 0;
  let maxInfinite = 0;
  const ranges = equation.terms.map((term) => {
    const value = known.get(term.key);
    const interval = value === undefined ? bounds.get(term.key) : { lo: value, hi: value };
    const { lo, hi } = interval ?? { lo: 0, hi: Number.POSITIVE_INFINITY };
    const min = term.coefficient > 0 ? lo : -hi;
    const max = term.coefficient > 0 ? hi : -lo;
    if (Number.isFinite(min)) minFinite += min;
    else minInfinite++;
    if (Number.isFinite(max)) maxFinite += max;
    else maxInfinite++;
    return { min, max };
  });
  let changed = false;
  for (const [i, term] of equation.terms.entries()) {
    const own = bounds.get(term.key);
    if (!own || known.has(term.key)) continue;
    const range = ranges[i] as { min: number; max: number };
    // The others' sum lies in [restMin, restMax]; this term's cᵢ·xᵢ = −(others).
    const restMin =
      minInfinite - (Number.isFinite(range.min) ? 0 : 1) > 0
        ? Number.NEGATIVE_INFINITY
        : minFinite - (Number.isFinite(range.min) ? range.min : 0);
    const restMax =
      maxInfinite - (Number.isFinite(range.max) ? 0 : 1) > 0
        ? Number.POSITIVE_INFINITY
        : maxFinite - (Number.isFinite(range.max) ? range.max : 0);
    const lo = term.coefficient > 0 ? -restMax : restMin;
    const hi = term.coefficient > 0 ? -restMin : restMax;
    const newLo = Math.max(own.lo, Math.ceil(lo));
    const newHi = Math.min(own.hi, Math.floor(hi));
    if (newLo > newHi) return 'contradiction';
    if (newLo !== own.lo || newHi !== own.hi) {
      own.lo = newLo;
      own.hi = newHi;
      changed = true;
    }
  }
  return changed ? 'changed' : 'same';
}
