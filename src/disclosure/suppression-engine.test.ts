import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type CountTable, unsuppressedTable } from './count-table.js';
import { type Interval, propagateBounds } from './interval-propagation.js';
import { linearProgrammingBounds } from './linear-programming-bounds.js';
import { publishedEquations } from './linear-relations.js';
import { publishedRate } from './published-rate.js';
import { figureKey, type Publication, type PublishedTable, tableFigures } from './published-table.js';
import { auditPublication } from './suppression-auditor.js';
import { protectPublication } from './suppression-engine.js';
import { weeklySeries } from './weekly-series.js';

/** A small seeded generator (mulberry32), so every run tests the same tables. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Counts as surveillance tables have them: many zeros and small counts, some large ones. */
function count(next: () => number): number {
  const u = next();
  if (u < 0.2) return 0;
  if (u < 0.6) return 1 + Math.floor(next() * 9);
  return 10 + Math.floor(next() * 40);
}

function randomTable(next: () => number, name: string, rows: number, columns: number): CountTable {
  return {
    name,
    rows: Array.from({ length: rows }, (_, r) => `area ${r + 1}`),
    columns: Array.from({ length: columns }, (_, c) => `group ${c + 1}`),
    counts: Array.from({ length: rows }, () => Array.from({ length: columns }, () => count(next))),
    totals: { rows: next() < 0.8, columns: next() < 0.8, grand: next() < 0.8 },
  };
}

/** What every protected publication must satisfy, besides passing the auditor. */
function assertProtected(tables: CountTable[], result: ReturnType<typeof protectPublication>, k: number) {
  assert.equal(auditPublication(result.publication, k).passed, true);
  assert.equal(auditPublication(result.publication, k, { exact: true }).passed, true);
  const truth = new Map<string, number>();
  for (const table of tables) {
    for (const [r, row] of table.counts.entries()) {
      for (const [c, value] of row.entries()) {
        const address = {
          table: table.name,
          row: table.rows[r] as string,
          column: table.columns[c] as string,
        };
        truth.set(figureKey(address), value);
      }
    }
  }
  for (const table of result.publication.tables) {
    for (const { address, value } of tableFigures(table)) {
      const actual = truth.get(figureKey(address));
      if (actual === undefined) continue; // a total
      if (actual >= 1 && actual < k)
        assert.equal(value, null, `${address.table} ${address.row} ${address.column}`);
      else if (actual === 0) assert.equal(value, 0, 'zeros are shown');
      else if (value !== null) assert.equal(value, actual);
    }
  }
}

describe('suppression engine', () => {
  it('passes the auditor on 400 random tables of several sizes, with and without totals', () => {
    const next = random(20260521);
    let complementary = 0;
    for (let i = 0; i < 400; i++) {
      const k = next() < 0.75 ? 10 : 5;
      const table = randomTable(next, `t${i}`, 1 + Math.floor(next() * 6), 1 + Math.floor(next() * 6));
      const result = protectPublication({ tables: [table], relations: [] }, k);
      assertProtected([table], result, k);
      complementary += result.complementary.length;
    }
    assert.ok(complementary > 0, 'complementary suppression was exercised');
  });

  it('passes the auditor on random weekly series with cumulative figures', () => {
    const next = random(7);
    for (let i = 0; i < 60; i++) {
      const rows = 1 + Math.floor(next() * 4);
      const columns = 1 + Math.floor(next() * 3);
      const weeks = Array.from({ length: 2 + Math.floor(next() * 4) }, (_, t) =>
        randomTable(next, `s${i} w${t + 1}`, rows, columns),
      ).map((week) => ({ ...week, totals: { rows: true, columns: true, grand: true } }));
      const result = protectPublication(weeklySeries(weeks, { cumulative: true }), 10);
      assertProtected(weeks, result, 10);
    }
  });

  it('hides a partner so that a lone small cell of a row cannot be derived from the total', () => {
    const table: CountTable = {
      name: 'week',
      rows: ['A', 'B'],
      columns: ['x', 'y', 'z'],
      counts: [
        [3, 25, 40],
        [12, 18, 30],
      ],
      totals: { rows: true, columns: true, grand: true },
    };
    const result = protectPublication({ tables: [table], relations: [] });
    assert.deepEqual(result.primary, [figureKey({ table: 'week', row: 'A', column: 'x' })]);
    assert.ok(result.complementary.length >= 3, JSON.stringify(result.complementary));
    assert.equal(result.audit.passed, true);
  });

  it('keeps both attackers sound: no whole-number solution lies outside their bounds (brute force on tiny tables)', () => {
    const next = random(99);
    let enumerated = 0;
    for (let i = 0; i < 150; i++) {
      const table = randomTable(next, `b${i}`, 1 + Math.floor(next() * 2), 1 + Math.floor(next() * 3));
      table.totals = { rows: true, columns: true, grand: true };
      const hide = (n: number) => (n >= 1 && n < 10 ? null : n);
      const published: Publication = {
        tables: protectPublication({ tables: [table], relations: [] }, 10).publication.tables,
        relations: [],
      };
      // And the naive version, primary suppression only, with every total shown.
      const naive: Publication = {
        tables: [{ ...unsuppressedTable(table), cells: table.counts.map((row) => row.map(hide)) }],
        relations: [],
      };
      for (const publication of [published, naive]) if (assertSound(publication)) enumerated++;
    }
    assert.ok(enumerated > 50, `only ${enumerated} tables were small enough to enumerate`);
  });

  it('marks rates unreliable under 20 events and never shows a rate of a hidden count', () => {
    assert.deepEqual(publishedRate(null, 50_000), { rate: null, unreliable: true });
    assert.deepEqual(publishedRate(19, 100_000), { rate: 19, unreliable: true });
    assert.deepEqual(publishedRate(20, 200_000), { rate: 10, unreliable: false });
    assert.deepEqual(publishedRate(0, 0), { rate: null, unreliable: true });
  });
});

/**
 * Enumerates every assignment of 1..limit to the hidden figures and checks each solution lies inside
 * the linear programming bounds, themselves inside the propagated ones.
 */
function assertSound(publication: Publication): boolean {
  const equations = publishedEquations(publication);
  const known = new Map<string, number>();
  const hidden: string[] = [];
  let limit = 1;
  for (const { address, value } of tableFigures(publication.tables[0] as PublishedTable)) {
    if (value === null) hidden.push(figureKey(address));
    else {
      known.set(figureKey(address), value);
      limit = Math.max(limit, value);
    }
  }
  if (hidden.length === 0 || hidden.length > 3) return false; // keep the enumeration small
  limit = Math.min(limit, 60);
  const prior = new Map(hidden.map((key) => [key, { lo: 1, hi: Number.POSITIVE_INFINITY }]));
  const { bounds } = propagateBounds(equations, known, prior);
  const exact = linearProgrammingBounds(equations, known, hidden);
  assert.ok(exact, 'the published figures have a solution');
  for (const key of hidden) {
    const [narrow, wide] = [exact.get(key), bounds.get(key)] as Interval[];
    assert.ok(
      narrow && wide && narrow.lo >= wide.lo && narrow.hi <= wide.hi,
      `${key}: LP within propagation`,
    );
  }
  const values = new Map(known);
  const visit = (i: number): void => {
    if (i === hidden.length) {
      const holds = equations.every(
        (equation) =>
          equation.terms.reduce((s, t) => s + t.coefficient * (values.get(t.key) as number), 0) === 0,
      );
      if (!holds) return;
      for (const key of hidden) {
        const value = values.get(key) as number;
        const bound = bounds.get(key) as { lo: number; hi: number };
        assert.ok(
          value >= bound.lo && value <= bound.hi,
          `${key}=${value} outside [${bound.lo}, ${bound.hi}]`,
        );
      }
      return;
    }
    for (let v = 1; v <= limit; v++) {
      values.set(hidden[i] as string, v);
      visit(i + 1);
    }
  };
  visit(0);
  return true;
}
