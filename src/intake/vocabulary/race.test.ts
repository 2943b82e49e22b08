import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalizeRace, type Race, races } from './race.js';

describe('normalizeRace', () => {
  const cases: [string | null, Race | null, boolean][] = [
    ['White', 'white', true],
    ['white ', 'white', true],
    ['W', 'white', true],
    ['Caucasian', 'white', true],
    ['Black', 'black', true],
    ['Black or African American', 'black', true],
    ['BLACK OR AFRICAN-AMERICAN', 'black', true],
    ['African American', 'black', true],
    ['Asian Indian', 'asian', true],
    ['Asian/Indian', 'asian', true],
    ['Asian, Other', 'asian', true],
    ['Other Asian', 'asian', true],
    ['Chinese', 'asian', true],
    ['Korean', 'asian', true],
    ['Hawaiian', 'native_hawaiian_pacific_islander', true],
    ['Native Hawaiian or Other Pacific Islander', 'native_hawaiian_pacific_islander', true],
    ['Samoan', 'native_hawaiian_pacific_islander', true],
    ['Native American, Other', 'american_indian_alaska_native', true],
    ['American Indian or Alaska Native', 'american_indian_alaska_native', true],
    ['American Indian/Alaskan Native', 'american_indian_alaska_native', true],
    ['Other', 'other', true],
    ['Some other race', 'other', true],
    ['Hispanic', 'other', true],
    ['Unknown', 'unknown', true],
    ['NULL', 'unknown', true],
    ['Multiracial', 'multiple', true],
    ['Two or more races', 'multiple', true],
    ['White; Black', 'multiple', true],
    ['White, Black or African American', 'multiple', true],
    ['Asian | White', 'multiple', true],
    ['White and Asian', 'multiple', true],
    ['White; White', 'white', true],
    ['White; Unknown', 'white', true],
    ['Chinese; Korean', 'asian', true],
    ['White, Non-Hispanic', 'white', true],
    ['Non-Hispanic White', 'white', true],
    ['WHITE HISPANIC', 'white', true],
    ['Black Hispanic', 'black', true],
    ['', null, true],
    [null, null, true],
    ['Martian', 'unknown', false],
    ['White; Martian', 'unknown', false],
    ['Indian', 'unknown', false],
  ];
  for (const [input, value, known] of cases) {
    it(`${JSON.stringify(input)} -> ${value} (known: ${known})`, () => {
      const result = normalizeRace(input);
      assert.equal(result.value, value);
      assert.equal(result.known, known);
      assert.equal(result.raw, input?.trim() || null);
    });
  }

  it('accepts every code under its own name', () => {
    for (const code of races) assert.equal(normalizeRace(code).value, code);
  });
});
