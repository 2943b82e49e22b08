import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalizeSex, type Sex, sexes } from './sex.js';

describe('normalizeSex', () => {
  const cases: [string | null | undefined, Sex | null, boolean][] = [
    ['M', 'male', true],
    ['m', 'male', true],
    ['Male', 'male', true],
    [' MALE ', 'male', true],
    ['F', 'female', true],
    ['female', 'female', true],
    ['Woman', 'female', true],
    ['X', 'other', true],
    ['Non-binary', 'other', true],
    ['U', 'unknown', true],
    ['Unknown', 'unknown', true],
    ['Unknown (Unable to Determine)', 'unknown', true],
    ['NULL', 'unknown', true],
    ['N/A', 'unknown', true],
    ['', null, true],
    ['  ', null, true],
    [null, null, true],
    [undefined, null, true],
    ['Mle', 'unknown', false],
    ['Q', 'unknown', false],
  ];
  for (const [input, value, known] of cases) {
    it(`${JSON.stringify(input)} -> ${value} (known: ${known})`, () => {
      const result = normalizeSex(input);
      assert.equal(result.value, value);
      assert.equal(result.known, known);
      assert.equal(result.raw, input?.trim() || null);
    });
  }

  it('accepts every code under its own name', () => {
    for (const code of sexes) assert.deepEqual(normalizeSex(code), { value: code, raw: code, known: true });
  });
});
