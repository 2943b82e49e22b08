import type { Interval } from './interval-propagation.js';
import type { Equation } from './linear-relations.js';

const EPSILON = 1e-9;

/**
 * The exact attacker of the relaxed problem: for every hidden figure, its least and greatest value
 * over all real solutions of every equation together with each hidden figure at least 1, found by
 * linear programming (two-phase simplex, Bland's rule, so it never cycles), then rounded inward to
 * whole numbers. Where interval propagation reasons one equation at a time, this combines them all;
 * it can still miss what only integrality implies. Returns undefined when no solution exists.
 */
export function linearProgrammingBounds(
  equations: readonly Equation[],
  known: ReadonlyMap<string, number>,
  hidden: readonly string[],
): Map<string, Interval> | undefined {
  const column = new Map(hidden.map((key, j) => [key, j]));
  const n = hidden.length;
  // Each equation over y = x − 1 ≥ 0: Σ cⱼ·yⱼ = −Σ known − Σ cⱼ, right-hand side made non-negative.
  const rows: number[][] = [];
  for (const equation of equations) {
    const row = new Array<number>(n + 1).fill(0);
    let rhs = 0;
    let used = false;
    for (const term of equation.terms) {
      const j = column.get(term.key);
      if (j === undefined) rhs -= term.coefficient * (known.get(term.key) ?? 0);
      else {
        row[j] = (row[j] as number) + term.coefficient;
        rhs -= term.coefficient;
        used = true;
      }
    }
    if (!used) continue;
    row[n] = rhs;
    rows.push(rhs < 0 ? row.map((v) => -v) : row);
  }
  const feasible = phaseOne(rows, n);
  if (!feasible) return undefined;
  const bounds = new Map<string, Interval>();
  hidden.forEach((key, j) => {
    const min = optimize(feasible, n, j, 1);
    const max = optimize(feasible, n, j, -1);
    bounds.set(key, {
      lo: Math.ceil((min ?? 0) + 1 - 1e-7),
      hi: max === undefined ? Number.POSITIVE_INFINITY : Math.floor(-max + 1 + 1e-7),
    });
  });
  return bounds;
}

/** A simplex tableau: rows of coefficients with the right-hand side last, and each row's basic column. */
interface Tableau {
  rows: number[][];
  basis: number[];
}

/** Finds a feasible basis with artificial columns n..n+m−1; undefined when there is none. */
function phaseOne(constraints: number[][], n: number): Tableau | undefined {
  const m = constraints.length;
  const rows = constraints.map((row, i) => {
    const artificial = new Array<number>(m).fill(0);
    artificial[i] = 1;
    return [...row.slice(0, n), ...artificial, row[n] as number];
  });
  const tableau: Tableau = { rows, basis: rows.map((_, i) => n + i) };
  const cost = new Array<number>(n + m).fill(0).map((_, j) => (j >= n ? 1 : 0));
  run(tableau, cost, n + m);
  const infeasibility = tableau.rows.reduce(
    (sum, row, i) => sum + ((tableau.basis[i] as number) >= n ? (row.at(-1) as number) : 0),
    0,
  );
  if (infeasibility > 1e-7) return undefined;
  // Drive artificial columns out of the basis; a row left with only artificial entries is redundant.
  for (let i = tableau.rows.length - 1; i >= 0; i--) {
    if ((tableau.basis[i] as number) < n) continue;
    const row = tableau.rows[i] as number[];
    const j = row.findIndex((v, c) => c < n && Math.abs(v) > EPSILON);
    if (j === -1) {
      tableau.rows.splice(i, 1);
      tableau.basis.splice(i, 1);
    } else pivot(tableau, i, j);
  }
  return {
    rows: tableau.rows.map((row) => [...row.slice(0, n), row.at(-1) as number]),
    basis: tableau.basis,
  };
}

/** Minimizes sign·y_j from a feasible tableau; undefined when unbounded below. */
function optimize(start: Tableau, n: number, j: number, sign: 1 | -1): number | undefined {
  const tableau: Tableau = { rows: start.rows.map((row) => [...row]), basis: [...start.basis] };
  const cost = new Array<number>(n).fill(0);
  cost[j] = sign;
  if (!run(tableau, cost, n)) return undefined;
  const i = tableau.basis.indexOf(j);
  const value = i === -1 ? 0 : ((tableau.rows[i] as number[]).at(-1) as number);
  return sign * value;
}

/** Runs the simplex on the first `columns` columns; false when the objective is unbounded. */
function run(tableau: Tableau, cost: number[], columns: number): boolean {
  for (let iteration = 0; iteration < 100_000; iteration++) {
    let entering = -1;
    for (let c = 0; c < columns && entering === -1; c++) {
      if (tableau.basis.includes(c)) continue;
      let reduced = cost[c] as number;
      tableau.rows.forEach((row, i) => {
        reduced -= (cost[tableau.basis[i] as number] as number) * (row[c] as number);
      });
      if (reduced < -EPSILON) entering = c;
    }
    if (entering === -1) return true;
    let leaving = -1;
    let best = Number.POSITIVE_INFINITY;
    tableau.rows.forEach((row, i) => {
      const a = row[entering] as number;
      if (a <= EPSILON) return;
      const ratio = (row.at(-1) as number) / a;
      const better =
        ratio < best - EPSILON ||
        (Math.abs(ratio - best) <= EPSILON &&
          (tableau.basis[i] as number) < (tableau.basis[leaving] as number));
      if (leaving === -1 || better) {
        leaving = i;
        best = ratio;
      }
    });
    if (leaving === -1) return false;
    pivot(tableau, leaving, entering);
  }
  throw new Error('the simplex did not finish');
}

function pivot(tableau: Tableau, r: number, c: number): void {
  const row = tableau.rows[r] as number[];
  const p = row[c] as number;
  for (let k = 0; k < row.length; k++) row[k] = (row[k] as number) / p;
  tableau.rows.forEach((other, i) => {
    if (i === r) return;
    const factor = other[c] as number;
    if (Math.abs(factor) <= EPSILON) return;
    for (let k = 0; k < other.length; k++) other[k] = (other[k] as number) - factor * (row[k] as number);
  });
  tableau.basis[r] = c;
}
