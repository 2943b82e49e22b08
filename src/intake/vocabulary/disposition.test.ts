import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type Disposition, dispositions, normalizeDisposition } from './disposition.js';

describe('normalizeDisposition', () => {
  const cases: [string | null, Disposition | null, boolean][] = [
    ['Transported', 'transported', true],
    ['TRANSPORTED ', 'transported', true],
    ['Patient Treated, Transported by this EMS Unit', 'transported', true],
    ['Treated & Transported', 'transported', true],
    ['Patient Refused', 'refused_transport', true],
    ['Refused transport', 'refused_transport', true],
    ['AMA', 'refused_transport', true],
    ['Patient Treated, Released (AMA)', 'refused_transport', true],
    ['Left AMA', 'left_before_treatment', true],
    ['Left without being seen', 'left_before_treatment', true],
    ['LWBS', 'left_before_treatment', true],
    ['Treated and released', 'treated_released', true],
    ['Treated/Released', 'treated_released', true],
    ['Admitted', 'admitted', true],
    ['Admitted to ICU', 'admitted', true],
    ['Discharged home', 'discharged', true],
    ['Dead at scene', 'deceased', true],
    ['DOA', 'deceased', true],
    ['Expired', 'deceased', true],
    ['Patient Dead at Scene-No Resuscitation Attempted (Without Transport)', 'deceased', true],
    ['Cancelled', 'other', true],
    ['Police custody', 'other', true],
    ['Unknown', 'unknown', true],
    ['', null, true],
    [null, null, true],
    ['Beamed up', 'unknown', false],
  ];
  for (const [input, value, known] of cases) {
    it(`${JSON.stringify(input)} -> ${value} (known: ${known})`, () => {
      const result = normalizeDisposition(input);
      assert.equal(result.value, value);
      assert.equal(result.known, known);
      assert.equal(result.raw, input?.trim() || null);
    });
  }

  it('accepts every code under its own name', () => {
    for (const code of dispositions) assert.equal(normalizeDisposition(code).value, code);
  });
});
