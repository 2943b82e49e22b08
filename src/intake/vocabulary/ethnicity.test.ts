import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type Ethnicity, ethnicities, normalizeEthnicity } from './ethnicity.js';

describe('normalizeEthnicity', () => {
  const cases: [string | null, Ethnicity | null, boolean][] = [
    ['Hispanic', 'hispanic', true],
    ['HISPANIC ', 'hispanic', true],
    ['Hispanic or Latino', 'hispanic', true],
    ['Spanish/Hispanic/Latino', 'hispanic', true],
    ['Other Spanish/Hispanic/Latino', 'hispanic', true],
    ['Puerto Rican', 'hispanic', true],
    ['Mexican, Mexican American, Chicano', 'hispanic', true],
    ['Cuban', 'hispanic', true],
    ['Latinx', 'hispanic', true],
    ['Hispanic White', 'hispanic', true],
    ['Not Spanish/Hispanic/Latino', 'not_hispanic', true],
    ['Non-Hispanic', 'not_hispanic', true],
    ['non hispanic', 'not_hispanic', true],
    ['Not Hispanic or Latino', 'not_hispanic', true],
    ['Non-Hispanic Black', 'not_hispanic', true],
    ['Unknown', 'unknown', true],
    ['Declined', 'unknown', true],
    ['', null, true],
    [null, null, true],
    ['Martian', 'unknown', false],
  ];
  for (const [input, value, known] of cases) {
    it(`${JSON.stringify(input)} -> ${value} (known: ${known})`, () => {
      const result = normalizeEthnicity(input);
      assert.equal(result.value, value);
      assert.equal(result.known, known);
      assert.equal(result.raw, input?.trim() || null);
    });
  }

  it('accepts every code under its own name', () => {
    for (const code of ethnicities) assert.equal(normalizeEthnicity(code).value, code);
  });
});
