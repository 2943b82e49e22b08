import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isOpioid, isStimulant, normalizeSubstances, type Substance, substances } from './substances.js';

describe('normalizeSubstances', () => {
  const cases: [string, Substance[], string[]][] = [
    ['Fentanyl', ['fentanyl'], []],
    ['  fentanyl ; HEROIN ', ['fentanyl', 'heroin'], []],
    ['heroin, fentanyl', ['heroin', 'fentanyl'], []],
    ['heroin; fentanyl; Heroin', ['heroin', 'fentanyl'], []],
    ['meth', ['methamphetamine'], []],
    ['crystal', ['methamphetamine'], []],
    ['Meth/Amphetamine', ['methamphetamine'], []],
    ['Amphet', ['amphetamine'], []],
    ['crack', ['cocaine'], []],
    ['etoh', ['alcohol'], []],
    ['Ethanol', ['alcohol'], []],
    ['benzos', ['benzodiazepine'], []],
    ['Xanax', ['benzodiazepine'], []],
    ['tranq', ['xylazine'], []],
    ['acetyl fentanyl', ['fentanyl_analog'], []],
    ['Carfentanil', ['fentanyl_analog'], []],
    ['Fentanyl Analogue', ['fentanyl_analog'], []],
    ['Opiate NOS', ['opiate_nos'], []],
    ['Heroin/Morph/Codeine', ['opiate_nos'], []],
    ['Morphine (Not Heroin)', ['morphine'], []],
    ['Heroin death certificate (DC)', ['heroin'], []],
    ['percocet', ['oxycodone'], []],
    ['Suboxone', ['buprenorphine'], []],
    ['Tramad', ['tramadol'], []],
    ['Any Opioid', ['any_opioid'], []],
    ['Other Opioid', ['other_opioid'], []],
    ['U-47700', ['other_opioid'], []],
    ['MDMA', ['other_stimulant'], []],
    ['marijuana', ['cannabis'], []],
    ['Gabapentin', ['gabapentin'], []],
    ['PCP', ['other'], []],
    ['Other', ['other'], []],
    ['Unknown', ['unknown'], []],
    ['unknown substance', ['unknown'], []],
    ['suspected fentanyl', ['fentanyl'], []],
    ['morphine RX', ['morphine'], []],
    ['Bupren', ['buprenorphine'], []],
    ['HYDROMORPH', ['hydromorphone'], []],
    ['Morph', ['morphine'], []],
    ['MORPH NOS', ['morphine'], []],
    ['Difluro', ['other'], []],
    ['cocaine/fentanyl', ['cocaine', 'fentanyl'], []],
    ['fentanyl + xylazine', ['fentanyl', 'xylazine'], []],
    ['heroin and cocaine', ['heroin', 'cocaine'], []],
    ['None', [], []],
    ['fentanyl;;', ['fentanyl'], []],
    ['fentanyl; glitter', ['fentanyl'], ['glitter']],
    ['glitter, Glitter; glitter', [], ['glitter', 'Glitter']],
    ['hydro', [], ['hydro']],
    ['metha', [], ['metha']],
    ['fentanyl/glitter', [], ['fentanyl/glitter']],
  ];
  for (const [input, values, unknown] of cases) {
    it(`${JSON.stringify(input)} -> [${values.join(', ')}]${unknown.length ? ` unknown [${unknown}]` : ''}`, () => {
      assert.deepEqual(normalizeSubstances(input), { values, raw: input.trim(), unknown });
    });
  }

  it('gives no values and a null raw for empty or missing input', () => {
    for (const input of ['', '  ', null, undefined]) {
      assert.deepEqual(normalizeSubstances(input), { values: [], raw: null, unknown: [] });
    }
  });

  it('accepts every code under its own name', () => {
    for (const code of substances) assert.deepEqual(normalizeSubstances(code).values, [code]);
  });

  it('returns a fresh list each time, so a caller cannot change a later result', () => {
    const first = normalizeSubstances('fentanyl');
    first.values.push('heroin');
    assert.deepEqual(normalizeSubstances('fentanyl').values, ['fentanyl']);
  });
});

describe('isOpioid and isStimulant', () => {
  const cases: [string, boolean, boolean][] = [
    ['heroin', true, false],
    ['fentanyl_analog', true, false],
    ['opiate_nos', true, false],
    ['other_opioid', true, false],
    ['any_opioid', true, false],
    ['cocaine', false, true],
    ['methamphetamine', false, true],
    ['other_stimulant', false, true],
    ['xylazine', false, false],
    ['benzodiazepine', false, false],
    ['alcohol', false, false],
    ['unknown', false, false],
    ['Heroin', false, false],
  ];
  for (const [code, opioid, stimulant] of cases) {
    it(`${code}: opioid ${opioid}, stimulant ${stimulant}`, () => {
      assert.equal(isOpioid(code), opioid);
      assert.equal(isStimulant(code), stimulant);
    });
  }

  it('never calls one code both', () => {
    for (const code of substances) assert.ok(!(isOpioid(code) && isStimulant(code)), code);
  });
});
