import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildSynonymTable, createNormalizer, memoizeByString, vocabularyKey } from './normalized.js';

describe('vocabularyKey', () => {
  const cases: [string, string][] = [
    ['Black or African-American', 'black or african american'],
    ['  Spanish/Hispanic/Latino  ', 'spanish hispanic latino'],
    ['Unknown (Unable to Determine)', 'unknown unable to determine'],
    ['Latiné', 'latine'],
    ['N/A', 'n a'],
    ['---', ''],
  ];
  for (const [input, expected] of cases) {
    it(`"${input}" -> "${expected}"`, () => assert.equal(vocabularyKey(input), expected));
  }
});

describe('memoizeByString', () => {
  it('computes each distinct input once, including undefined results', () => {
    const seen: string[] = [];
    const lookUp = memoizeByString((text: string) => {
      seen.push(text);
      return text === 'a' ? 1 : undefined;
    });
    assert.equal(lookUp('a'), 1);
    assert.equal(lookUp('a'), 1);
    assert.equal(lookUp('b'), undefined);
    assert.equal(lookUp('b'), undefined);
    assert.deepEqual(seen, ['a', 'b']);
  });
});

describe('buildSynonymTable', () => {
  it('accepts each code under its own name and its synonyms, by key', () => {
    const table = buildSynonymTable<'not_hispanic' | 'hispanic'>({ not_hispanic: ['NH'], hispanic: [] });
    assert.equal(table.get('not hispanic'), 'not_hispanic');
    assert.equal(table.get('nh'), 'not_hispanic');
    assert.equal(table.get('hispanic'), 'hispanic');
  });

  it('refuses a synonym claimed by two codes', () => {
    assert.throws(() => buildSynonymTable<'a' | 'b'>({ a: ['same'], b: ['Same'] }), /maps to both a and b/);
  });
});

describe('createNormalizer', () => {
  const withUnknown = createNormalizer<'yes' | 'unknown'>({
    synonyms: { yes: ['y'], unknown: [] },
    unknownCode: 'unknown',
  });
  const withoutUnknown = createNormalizer<'yes'>({ synonyms: { yes: ['y'] }, unknownCode: null });

  it('keeps the trimmed raw value beside the code', () => {
    assert.deepEqual(withUnknown('  Y '), { value: 'yes', raw: 'Y', known: true });
  });

  it('gives null for empty, blank and missing input, which is not an unknown value', () => {
    for (const input of ['', '   ', null, undefined]) {
      assert.deepEqual(withUnknown(input), { value: null, raw: null, known: true });
    }
  });

  it("flags an unmapped value and gives the vocabulary's unknown code, or null without one", () => {
    assert.deepEqual(withUnknown(' maybe '), { value: 'unknown', raw: 'maybe', known: false });
    assert.deepEqual(withoutUnknown('maybe'), { value: null, raw: 'maybe', known: false });
  });

  it('uses the fallback only for values no synonym spells out', () => {
    const calls: string[] = [];
    const normalize = createNormalizer<'one' | 'many'>({
      synonyms: { one: [], many: [] },
      unknownCode: null,
      resolveUnlisted: (raw, key) => {
        calls.push(raw);
        return key.includes(' ') ? 'many' : undefined;
      },
    });
    assert.equal(normalize('One').value, 'one');
    assert.deepEqual(normalize('one; two'), { value: 'many', raw: 'one; two', known: true });
    assert.deepEqual(calls, ['one; two']);
  });
});
