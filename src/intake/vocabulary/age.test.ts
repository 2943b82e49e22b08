import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  type AgeBand,
  ageBandContains,
  ageBandOf,
  ageBands,
  coarsenAgeBand,
  fiveYearAgeBands,
  normalizeAge,
  topCodedAgeBands,
} from './age.js';

describe('ageBandOf', () => {
  const cases: [number, AgeBand][] = [
    [0, '0-4'],
    [4, '0-4'],
    [5, '5-9'],
    [29, '25-29'],
    [99, '95-99'],
    [100, '100+'],
    [120, '100+'],
  ];
  for (const [age, band] of cases) it(`${age} -> ${band}`, () => assert.equal(ageBandOf(age), band));

  it('puts every age 0..120 in a band that contains it', () => {
    for (let age = 0; age <= 120; age++) assert.ok(ageBandContains(ageBandOf(age), age), String(age));
  });
});

describe('normalizeAge: the band', () => {
  const cases: [string, AgeBand | null][] = [
    ['25 to 29', '25-29'],
    ['0 to 04', '0-4'],
    ['05 to 09', '5-9'],
    ['25-29', '25-29'],
    [' 25 - 29 ', '25-29'],
    ['25–29', '25-29'],
    ['25-29 years', '25-29'],
    ['95 to 99', '95-99'],
    ['100+', '100+'],
    ['100-104', '100+'],
    ['85+', '85+'],
    ['85 and over', '85+'],
    ['85 years and older', '85+'],
    ['Under 5', '0-4'],
    ['<1', '0-4'],
    ['Unknown', null],
    ['NULL', null],
    ['', null],
  ];
  for (const [input, band] of cases) {
    it(`${JSON.stringify(input)} -> ${band}`, () => {
      const result = normalizeAge(null, input);
      assert.equal(result.ageBand, band);
      assert.equal(result.age, null);
      assert.equal(result.rawAgeBand, input.trim() || null);
      assert.deepEqual(result.problems, []);
    });
  }

  for (const input of ['25-34', '26 to 30', '45+', 'adult', '85']) {
    it(`flags ${JSON.stringify(input)} and keeps it raw`, () => {
      const result = normalizeAge(null, input);
      assert.equal(result.ageBand, null);
      assert.equal(result.rawAgeBand, input);
      assert.equal(result.problems.length, 1);
      assert.equal(result.problems[0]?.field, 'age_band');
      assert.equal(result.problems[0]?.code, 'UNKNOWN_VALUE');
      assert.equal(result.problems[0]?.severity, 'flag');
    });
  }
});

describe('normalizeAge: the age', () => {
  const valid: [string | number, number, AgeBand][] = [
    ['54', 54, '50-54'],
    [' 0 ', 0, '0-4'],
    ['120', 120, '100+'],
    ['54.0', 54, '50-54'],
    [37, 37, '35-39'],
  ];
  for (const [input, age, band] of valid) {
    it(`${JSON.stringify(input)} -> ${age}, band ${band}`, () => {
      const result = normalizeAge(input, null);
      assert.equal(result.age, age);
      assert.equal(result.ageBand, band);
      assert.equal(result.rawAge, String(input).trim());
      assert.deepEqual(result.problems, []);
    });
  }

  const invalid: [string | number, 'OUT_OF_RANGE' | 'INVALID_TYPE'][] = [
    ['121', 'OUT_OF_RANGE'],
    ['-1', 'OUT_OF_RANGE'],
    [150, 'OUT_OF_RANGE'],
    ['forty', 'INVALID_TYPE'],
    ['54.5', 'INVALID_TYPE'],
    ['0x10', 'INVALID_TYPE'],
    ['1e2', 'INVALID_TYPE'],
    [Number.NaN, 'INVALID_TYPE'],
  ];
  for (const [input, code] of invalid) {
    it(`rejects ${JSON.stringify(input)} with ${code}`, () => {
      const result = normalizeAge(input, null);
      assert.equal(result.age, null);
      assert.equal(result.ageBand, null);
      assert.equal(result.problems.length, 1);
      assert.equal(result.problems[0]?.field, 'age');
      assert.equal(result.problems[0]?.code, code);
      assert.equal(result.problems[0]?.severity, 'reject');
    });
  }

  it('treats a missing or not-recorded age as no age, without a problem', () => {
    for (const input of [null, undefined, '', ' ', 'Unknown', 'N/A']) {
      const result = normalizeAge(input, null);
      assert.equal(result.age, null);
      assert.deepEqual(result.problems, []);
    }
  });

  it('keeps the given band when the age is rejected', () => {
    const result = normalizeAge('999', '30 to 34');
    assert.equal(result.age, null);
    assert.equal(result.ageBand, '30-34');
    assert.deepEqual(
      result.problems.map((p) => p.code),
      ['OUT_OF_RANGE'],
    );
  });

  it('derives the band from the age when both agree', () => {
    const result = normalizeAge('27', '25 to 29');
    assert.equal(result.ageBand, '25-29');
    assert.deepEqual(result.problems, []);
    assert.deepEqual(normalizeAge('90', '85+').problems, []);
  });

  it('flags a band that disagrees with the age, and follows the age', () => {
    const result = normalizeAge('40', '25 to 29');
    assert.equal(result.age, 40);
    assert.equal(result.ageBand, '40-44');
    assert.equal(result.rawAgeBand, '25 to 29');
    assert.equal(result.problems.length, 1);
    assert.equal(result.problems[0]?.field, 'age_band');
    assert.equal(result.problems[0]?.severity, 'flag');
    assert.match(result.problems[0]?.message ?? '', /age 40 is not in band 25-29/);
  });
});

describe('coarsenAgeBand', () => {
  const cases: [AgeBand, 10 | 20, string][] = [
    ['0-4', 10, '0-9'],
    ['5-9', 10, '0-9'],
    ['25-29', 10, '20-29'],
    ['95-99', 10, '90-99'],
    ['100+', 10, '100+'],
    ['85+', 10, '80+'],
    ['25-29', 20, '20-39'],
    ['15-19', 20, '0-19'],
    ['85+', 20, '80+'],
  ];
  for (const [band, width, coarse] of cases) {
    it(`${band} by ${width} -> ${coarse}`, () => assert.equal(coarsenAgeBand(band, width), coarse));
  }

  it('gives the ten decades 0-9 .. 90-99 and 100+ for the 5-year bands', () => {
    const decades = [...new Set(fiveYearAgeBands.map((band) => coarsenAgeBand(band, 10)))];
    assert.deepEqual(decades, [
      '0-9',
      '10-19',
      '20-29',
      '30-39',
      '40-49',
      '50-59',
      '60-69',
      '70-79',
      '80-89',
      '90-99',
      '100+',
    ]);
  });
});

describe('ageBands', () => {
  it('lists the 5-year bands, then the top-coded ones, each once', () => {
    assert.equal(ageBands.length, fiveYearAgeBands.length + topCodedAgeBands.length);
    assert.equal(new Set(ageBands).size, ageBands.length);
  });
});
