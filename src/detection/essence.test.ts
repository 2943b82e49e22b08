import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parseCsvRecords } from '../../test/support/reference-csv.js';
import { essenceEwma } from './essence-ewma.js';
import { essenceRegression } from './essence-regression.js';
import type { EssenceResult } from './essence-result.js';
import { essenceSwitch } from './essence-switch.js';

// Reference values computed in R from Rnssp's formulas by test/fixtures/detection-essence/essence-reference.R.
const folder = path.resolve('test', 'fixtures', 'detection-essence');
const series = ['ct-deaths-daily', 'synthetic-ed-daily'].map((name) => {
  const rows = parseCsvRecords(readFileSync(path.join(folder, `${name}.csv`), 'utf8'));
  const first = new Date(`${rows[0]?.period_start}T00:00:00Z`).getUTCDay();
  return { name, rows, counts: rows.map((r) => Number(r.count)), isoWeekdayOfFirst: first === 0 ? 7 : first };
});

const reference = (value: string | undefined) => (value ? Number(value) : null);

function assertClose(actual: number | null | undefined, expected: number | null, what: string): void {
  if (expected === null) {
    assert.equal(actual, null, `${what}: R has none, got ${actual}`);
    return;
  }
  assert.ok(
    typeof actual === 'number' && Math.abs(actual - expected) <= 1e-6 * Math.abs(expected) + 1e-9,
    `${what}: expected ${expected}, got ${actual}`,
  );
}

/** Compares one detector's output with R's columns `prefix_expected`, `_statistic` and `_p`. */
function assertMatches(result: EssenceResult, rows: Record<string, string>[], prefix: string): void {
  rows.forEach((row, i) => {
    const p = reference(row[`${prefix}_p`]);
    assertClose(result.expected[i], reference(row[`${prefix}_expected`]), `day ${i + 1} expected`);
    assertClose(result.testStatistic[i], reference(row[`${prefix}_statistic`]), `day ${i + 1} statistic`);
    assertClose(result.pValue[i], p, `day ${i + 1} p-value`);
    assert.equal(result.alarm[i], p === null ? null : p < 0.01, `day ${i + 1} alarm`);
    const bound = result.upperbound[i];
    if (
      p !== null &&
      typeof bound === 'number' &&
      Math.abs((row.count ? Number(row.count) : 0) - bound) > 1e-9
    ) {
      assert.equal(Number(row.count) > bound, result.alarm[i], `day ${i + 1}: the bound separates alarms`);
    }
  });
}

describe('ESSENCE detectors against R (Rnssp formulas)', () => {
  for (const { name, rows, counts, isoWeekdayOfFirst } of series) {
    it(`EWMA on ${name}`, () => assertMatches(essenceEwma(counts), rows, 'ewma'));

    it(`adaptive regression on ${name}`, () => {
      const result = essenceRegression(counts, isoWeekdayOfFirst);
      assertMatches(result, rows, 'regression');
      rows.forEach((row, i) => {
        assertClose(result.adjustedRSquared[i], reference(row.regression_r2), `day ${i + 1} adjusted R²`);
      });
    });

    it(`regression/EWMA switch on ${name}`, () => {
      const result = essenceSwitch(counts, isoWeekdayOfFirst);
      assert.deepEqual(
        result.detector,
        rows.map((row) => (row.switch_detector ? row.switch_detector : null)),
      );
      rows.forEach((row, i) => {
        const prefix = row.switch_detector === 'regression' ? 'regression' : 'ewma';
        assertClose(result.pValue[i], reference(row[`${prefix}_p`]), `day ${i + 1} p-value`);
      });
    });
  }
});
