import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { parseCsvRecords } from '../../test/support/reference-csv.js';
import type { DetectionResult } from './detection-result.js';
import { earsC } from './ears-c.js';
import { farringtonFlexible, IMPROVED_FARRINGTON, ORIGINAL_FARRINGTON } from './farrington-flexible.js';

// salmonella.agona with eight weeks blanked, through R surveillance 1.20.3:
// test/fixtures/detection-missing/missing-counts-reference.R wrote the reference.
const rows = parseCsvRecords(
  readFileSync(path.resolve('test', 'fixtures', 'detection-missing', 'salmonella-agona-missing.csv'), 'utf8'),
);
const counts = rows.map((row) => (row.count ? Number(row.count) : Number.NaN));

function assertMatches(result: DetectionResult, first: number, column: string): void {
  result.upperbound.forEach((bound, i) => {
    const row = rows[first - 1 + i] as Record<string, string>;
    const expected = row[`${column}_upperbound`] ? Number(row[`${column}_upperbound`]) : null;
    if (expected === null) assert.equal(bound, null, `week ${row.week}: R has NA`);
    else {
      assert.ok(
        bound !== null && Math.abs(bound - expected) <= 1e-6 * Math.abs(expected) + 1e-12,
        `week ${row.week}: expected ${expected}, got ${bound}`,
      );
    }
    const alarm = row[`${column}_alarm`];
    assert.equal(result.alarm[i], alarm ? alarm === 'true' : null, `week ${row.week} alarm`);
  });
}

describe('missing counts, as R surveillance treats NA', () => {
  it('EARS C1 gives no bound while a missing week is in the baseline, and no alarm on a missing week', () => {
    assertMatches(earsC(counts, { method: 'C1', baseline: 7, range: [8, 312] }), 8, 'earsC1');
  });
  it('EARS C3 likewise', () => {
    assertMatches(earsC(counts, { method: 'C3', baseline: 7, range: [12, 312] }), 12, 'earsC3');
  });
  it('Farrington leaves missing weeks out of the model, and gives no bound while limit54 sees one', () => {
    assertMatches(
      farringtonFlexible(counts, { ...ORIGINAL_FARRINGTON, range: [264, 312] }),
      264,
      'farringtonOriginal',
    );
    assertMatches(
      farringtonFlexible(counts, { ...IMPROVED_FARRINGTON, range: [264, 312] }),
      264,
      'farringtonNoufaily',
    );
  });
});
