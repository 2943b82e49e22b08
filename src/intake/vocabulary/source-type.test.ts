import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalizeSourceType, organizationTypes, type SourceType, sourceTypes } from './source-type.js';

describe('normalizeSourceType', () => {
  const cases: [string | null, SourceType | null, boolean][] = [
    ['EMS', 'ems', true],
    ['ems ', 'ems', true],
    ['Emergency Medical Services', 'ems', true],
    ['Fire', 'fire', true],
    ['Fire Department', 'fire', true],
    ['Police', 'police', true],
    ['Law enforcement', 'police', true],
    ["Sheriff's Office", 'sheriff', true],
    ['ED', 'hospital', true],
    ['Emergency Department', 'hospital', true],
    ['ER', 'hospital', true],
    ['Hospital', 'hospital', true],
    ['ME', 'medical_examiner', true],
    ['Medical Examiner', 'medical_examiner', true],
    ['Coroner', 'medical_examiner', true],
    ['Public Health', 'public_health', true],
    ['Health department', 'public_health', true],
    ['Harm Reduction', 'harm_reduction', true],
    ['Syringe services program', 'harm_reduction', true],
    ['Treatment provider', 'treatment', true],
    ['School', 'school', true],
    ['Other', 'other', true],
    ['', null, true],
    [null, null, true],
    ['Unknown', null, false],
    ['Spaceport', null, false],
  ];
  for (const [input, value, known] of cases) {
    it(`${JSON.stringify(input)} -> ${value} (known: ${known})`, () => {
      const result = normalizeSourceType(input);
      assert.equal(result.value, value);
      assert.equal(result.known, known);
      assert.equal(result.raw, input?.trim() || null);
    });
  }

  it('accepts every code under its own name', () => {
    for (const code of sourceTypes) assert.equal(normalizeSourceType(code).value, code);
  });

  it('offers the same list as organization types', () => {
    assert.deepEqual([...organizationTypes], [...sourceTypes]);
  });
});
