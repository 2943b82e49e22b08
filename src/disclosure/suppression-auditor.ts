import { type Interval, propagateBounds } from './interval-propagation.js';
import { linearProgrammingBounds } from './linear-programming-bounds.js';
import { type Equation, publishedEquations } from './linear-relations.js';
import { isPrimarilySuppressed } from './primary-suppression.js';
import {
  type FigureAddress,
  figureAddress,
  figureKey,
  figureName,
  type Publication,
  tableFigures,
} from './published-table.js';

/** What the auditor could prove about one hidden figure. */
export interface HiddenFigureFinding extends FigureAddress {
  /** The tightest bounds proved from every published relation; `hi` null when unbounded. */
  lo: number;
  hi: number | null;
  /** True when the bounds narrow a possibly small count below the whole range 1..k−1. */
  exposed: boolean;
  /** `table[row, column]`, for messages. */
  name: string;
}

/** The auditor's verdict on a publication. */
export interface AuditReport {
  k: number;
  passed: boolean;
  hidden: HiddenFigureFinding[];
  exposed: HiddenFigureFinding[];
  /** False when propagation hit its pass limit (its bounds are still proved, perhaps not the tightest). */
  converged: boolean;
}

/** Which figures to judge, and whether to add the linear programming attacker. */
export interface AuditOptions {
  only?: ReadonlySet<string> | undefined;
  exact?: boolean | undefined;
}

/** Published figures that contradict each other: the auditor's arithmetic cannot be trusted on them. */
export class InconsistentPublicationError extends Error {
  constructor(readonly equation: string) {
    super(
      `the published figures contradict each other in ${equation} (hidden figures are taken as at least 1)`,
    );
  }
}

/**
 * The auditor plays the attacker. Every hidden figure starts in [1, ∞): zero is always shown, so a
 * hidden figure is at least 1, and a complementary one may be any size. It then propagates interval
 * bounds through every published relation (rows, columns, totals, sum relations across tables such
 * as cumulative figures or overlapping ranges) to a fixpoint.
 *
 * A hidden figure is exposed when the proof narrows it inside the suppressed range 1..k−1: its upper
 * bound falls below k−1 (an exact value among them), or its lower bound rises above 1 while it could
 * still be small. A lower bound that the pattern alone implies (which figures are hidden, which are
 * zero, with no published number used: a hidden total over two hidden cells is at least 2) is not
 * counted as exposure: any publication that hides a total over hidden cells says as much.
 *
 * `only`, when given, restricts the verdict to those figures (say, the primarily suppressed ones);
 * by default every hidden figure is judged, since a reader cannot tell primary from complementary.
 * `exact` adds a linear programming attacker that combines every equation at once: each bound is
 * then the tighter of the two.
 */
export function auditPublication(
  publication: Publication,
  k: number,
  options: AuditOptions = {},
): AuditReport {
  const { only, exact = false } = options;
  const equations = publishedEquations(publication);
  const known = new Map<string, number>();
  const prior = new Map<string, Interval>();
  const patternKnown = new Map<string, number>();
  const patternPrior = new Map<string, Interval>();
  const unbounded = () => ({ lo: 1, hi: Number.POSITIVE_INFINITY });
  for (const table of publication.tables) {
    for (const { address, value } of tableFigures(table)) {
      const key = figureKey(address);
      if (value === null) {
        prior.set(key, unbounded());
        patternPrior.set(key, unbounded());
      } else {
        known.set(key, value);
        if (value === 0) patternKnown.set(key, 0);
        else patternPrior.set(key, unbounded());
      }
    }
  }
  const proof = propagateBounds(equations, known, prior);
  if (proof.contradiction) throw new InconsistentPublicationError(proof.contradiction);
  const pattern = propagateBounds(equations, patternKnown, patternPrior);
  if (exact) {
    tightenExactly(proof.bounds, equations, known);
    tightenExactly(pattern.bounds, equations, patternKnown);
  }
  const hidden: HiddenFigureFinding[] = [];
  for (const [key, interval] of proof.bounds) {
    if (only && !only.has(key)) continue;
    const patternLo = pattern.bounds.get(key)?.lo ?? 1;
    const exposed = interval.hi < k - 1 || (interval.lo > Math.max(1, patternLo) && interval.lo <= k - 1);
    const address = figureAddress(key);
    hidden.push({
      ...address,
      name: figureName(address),
      lo: interval.lo,
      hi: Number.isFinite(interval.hi) ? interval.hi : null,
      exposed,
    });
  }
  const exposed = hidden.filter((finding) => finding.exposed);
  return { k, passed: exposed.length === 0, hidden, exposed, converged: proof.converged };
}

/** Intersects propagated bounds with the linear programming ones (both are proved, so both hold). */
function tightenExactly(
  bounds: Map<string, Interval>,
  equations: readonly Equation[],
  known: ReadonlyMap<string, number>,
): void {
  const exact = linearProgrammingBounds(equations, known, [...bounds.keys()]);
  if (!exact) throw new InconsistentPublicationError('the equations taken together');
  for (const [key, interval] of bounds) {
    const other = exact.get(key);
    if (!other) continue;
    interval.lo = Math.max(interval.lo, other.lo);
    interval.hi = Math.min(interval.hi, other.hi);
  }
}

/** A figure shown although it is a small count (1..k−1): primary suppression missed it. */
export interface ShownSmallFigure extends FigureAddress {
  value: number;
  name: string;
}

/** Every shown figure of 1..k−1: a reader needs no arithmetic at all to read those. */
export function shownSmallFigures(publication: Publication, k: number): ShownSmallFigure[] {
  return publication.tables.flatMap((table) =>
    tableFigures(table)
      .filter(({ value }) => value !== null && isPrimarilySuppressed(value, k))
      .map(({ address, value }) => ({ ...address, value: value as number, name: figureName(address) })),
  );
}
