import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classifyNchsDeath, nchsOpioidReason, type OverdoseIntent, readIcd10Code } from './nchs-opioid.js';

/**
 * Cases worked out by hand from the NCHS definitions (NVSS mortality): a drug overdose death has the
 * underlying cause X40-X44, X60-X64, X85 or Y10-Y14; it is opioid-involved when a multiple cause is
 * T40.0, T40.1, T40.2, T40.3, T40.4 or T40.6. Columns: underlying, multiple causes, expected intent
 * (null: no drug overdose), expected opioid codes (empty: not opioid-involved).
 */
const cases: [string | null, string[], OverdoseIntent | null, string[]][] = [
  ['X42', ['T40.1'], 'unintentional', ['T40.1']],
  ['X40', ['T40.0'], 'unintentional', ['T40.0']],
  ['X44', ['T40.4', 'T43.6'], 'unintentional', ['T40.4']],
  ['X42.0', ['T40.2'], 'unintentional', ['T40.2']],
  ['X41', ['T40.3', 'T42.4'], 'unintentional', ['T40.3']],
  ['X60', ['T40.3'], 'suicide', ['T40.3']],
  ['X64', ['T40.6'], 'suicide', ['T40.6']],
  ['X62', ['T40.1', 'T40.4', 'T40.1'], 'suicide', ['T40.1', 'T40.4']],
  ['X85', ['T40.0'], 'homicide', ['T40.0']],
  ['Y10', ['T40.2'], 'undetermined', ['T40.2']],
  ['Y12', ['T40.4'], 'undetermined', ['T40.4']],
  ['Y14', ['T40.5'], 'undetermined', []],
  ['X42', ['T40.5', 'T43.6'], 'unintentional', []],
  ['X43', ['T40.7'], 'unintentional', []],
  ['X44', ['T40.8', 'T40.9'], 'unintentional', []],
  ['X40', ['T39.1'], 'unintentional', []],
  ['X42', [], 'unintentional', []],
  // Alcohol poisoning (X45, X65), other intents' neighbours (X39, X59, X84, X86, Y09, Y15): no drug overdose.
  ['X45', ['T40.1'], null, []],
  ['X65', ['T40.4'], null, []],
  ['X39', ['T40.4'], null, []],
  ['X59', ['T40.4'], null, []],
  ['X84', ['T40.1'], null, []],
  ['X86', ['T40.1'], null, []],
  ['Y09', ['T40.1'], null, []],
  ['Y15', ['T40.1'], null, []],
  ['I25.1', ['T40.1', 'F11.2'], null, []],
  ['F11.2', ['T40.1'], null, []],
  [null, ['T40.4'], null, []],
  // Spellings: no dot, lower case, spaces, ICD-10-CM's extra characters.
  ['x42', ['t404'], 'unintentional', ['T40.4']],
  [' Y11 ', [' T40.1 ', 'T 40.2'], 'undetermined', ['T40.1', 'T40.2']],
  ['X44', ['T40.411A', 'T40.601A'], 'unintentional', ['T40.4', 'T40.6']],
];

describe('classifyNchsDeath', () => {
  it('decides drug overdose deaths and opioid involvement as worked out from the NCHS definitions', () => {
    for (const [underlying, multiple, intent, opioidCodes] of cases) {
      const verdict = classifyNchsDeath({ underlying, multiple });
      const label = `${underlying} with ${multiple.join(', ')}`;
      assert.equal(verdict.intent, intent, label);
      assert.equal(verdict.drugOverdose, intent !== null, label);
      assert.deepEqual(verdict.opioidInvolved ? verdict.opioidCodes : [], opioidCodes, label);
      assert.equal(verdict.opioidInvolved, opioidCodes.length > 0, label);
    }
  });

  it('names the codes that fired in the reason, and none when the definition does not hold', () => {
    const opioid = classifyNchsDeath({ underlying: 'X42', multiple: ['T40.1', 'T43.6', 'T40.4'] });
    assert.equal(nchsOpioidReason(opioid), 'nchs_opioid: X42 with T40.1, T40.4');
    assert.equal(nchsOpioidReason(classifyNchsDeath({ underlying: 'X45', multiple: ['T40.1'] })), null);
  });

  it('keeps apart the codes that are no ICD-10 code', () => {
    const verdict = classifyNchsDeath({ underlying: 'overdose', multiple: ['T40.1', '40.4', ''] });
    assert.deepEqual(verdict.unreadable, ['overdose', '40.4']);
    assert.equal(verdict.underlying, null);
    assert.equal(verdict.opioidInvolved, false);
  });

  it('reads an ICD-10 code to its category and first subcategory character', () => {
    assert.equal(readIcd10Code('T40.4X1A'), 'T40.4');
    assert.equal(readIcd10Code('x420'), 'X42.0');
    assert.equal(readIcd10Code('Y14'), 'Y14');
    assert.equal(readIcd10Code('T4'), null);
  });
});
