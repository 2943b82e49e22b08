import { type CountPublication, trueFigures, unsuppressedTable, withHidden } from './count-table.js';
import { publishedEquations } from './linear-relations.js';
import { isPrimarilySuppressed, PUBLIC_K } from './primary-suppression.js';
import { figureAddress, figureKey, type Publication, TOTAL } from './published-table.js';
import { type AuditReport, auditPublication } from './suppression-auditor.js';

/** A publication made safe, with what was hidden and why. */
export interface ProtectedPublication {
  publication: Publication;
  /** Keys (see `figureKey`) of figures hidden because they are 1..k−1. */
  primary: string[];
  /** Keys of figures hidden so that the primary ones cannot be derived. */
  complementary: string[];
  /** The auditor's verdict on the result: always passed. */
  audit: AuditReport;
  rounds: number;
}

/**
 * Suppresses a publication for an audience with threshold k (default 10, the public's).
 *
 * 1. Primary: every figure (cell or total) of 1..k−1 is hidden; zeros are shown.
 * 2. Complementary, repeated until the auditor passes (with its linear programming attacker unless
 *    `exact` is false): the auditor tries to narrow every hidden
 *    figure from all published relations (rows, columns, totals, cumulative and other sum relations
 *    across tables). For each figure it exposes, every relation that figure appears in gets one more
 *    hidden figure: its smallest non-zero shown figure (a cell before a total, as a total is never
 *    smaller than its cells). A row or column with one hidden cell thus always gets a second one,
 *    and a pair whose hidden sum is too small to cover 1..k−1 gets a third.
 * 3. If a round exposes figures but finds nothing left to hide in their relations (the exposure
 *    comes through a chain of relations), every non-zero figure is hidden: correctness before
 *    minimality. That publication always passes, since nothing then bounds any hidden figure from
 *    above.
 */
export function protectPublication(
  input: CountPublication,
  k = PUBLIC_K,
  options: { exact?: boolean } = {},
): ProtectedPublication {
  const exact = options.exact ?? true;
  const tables = input.tables.map(unsuppressedTable);
  const values = new Map<string, number>();
  for (const table of input.tables) {
    for (const { address, value } of trueFigures(table)) values.set(figureKey(address), value as number);
  }
  const primary = [...values].filter(([, value]) => isPrimarilySuppressed(value, k)).map(([key]) => key);
  const hidden = new Set(primary);
  const equations = publishedEquations({ tables, relations: input.relations, figureSums: input.figureSums });
  const byFigure = new Map<string, number[]>();
  equations.forEach((equation, i) => {
    for (const term of equation.terms) byFigure.set(term.key, [...(byFigure.get(term.key) ?? []), i]);
  });
  const publish = (): Publication => ({
    tables: tables.map((table) =>
      withHidden(table, hidden, (row, column) => figureKey({ table: table.name, row, column })),
    ),
    relations: input.relations,
    figureSums: input.figureSums,
  });
  for (let round = 1; ; round++) {
    const publication = publish();
    const audit = auditPublication(publication, k, { exact });
    if (audit.passed) {
      const primarySet = new Set(primary);
      return {
        publication,
        primary,
        complementary: [...hidden].filter((key) => !primarySet.has(key)),
        audit,
        rounds: round,
      };
    }
    const before = hidden.size;
    const partners = new Set<string>();
    for (const finding of audit.exposed) {
      for (const i of byFigure.get(figureKey(finding)) ?? []) {
        const partner = smallestShown(equations[i]?.terms.map((term) => term.key) ?? [], hidden, values);
        if (partner) partners.add(partner);
      }
    }
    for (const partner of partners) hidden.add(partner);
    if (hidden.size === before) {
      for (const [key, value] of values) if (value > 0) hidden.add(key);
    }
  }
}

/** The smallest non-zero figure still shown among `keys`, cells before totals; ties by key order. */
function smallestShown(
  keys: string[],
  hidden: ReadonlySet<string>,
  values: ReadonlyMap<string, number>,
): string | undefined {
  let best: { key: string; rank: [number, number] } | undefined;
  for (const key of keys) {
    const value = values.get(key) ?? 0;
    if (hidden.has(key) || value === 0) continue;
    const { row, column } = figureAddress(key);
    const rank: [number, number] = [row === TOTAL || column === TOTAL ? 1 : 0, value];
    if (!best || rank[0] < best.rank[0] || (rank[0] === best.rank[0] && rank[1] < best.rank[1])) {
      best = { key, rank };
    }
  }
  return best?.key;
}
