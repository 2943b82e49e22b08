import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nulCharacterProblems } from './nul-characters.js';

describe('nulCharacterProblems', () => {
  it('names every field holding a NUL by its path, in keys and values, and nothing else', () => {
    const found = nulCharacterProblems({
      source_record_id: 'a-1',
      narrative: 'ab\u0000c',
      person: { first_name: 'Ann', last_name: '\u0000' },
      substances: ['fentanyl', 'x\u0000'],
      'bad\u0000key': 'v',
      count: 3,
      empty: null,
    });
    assert.deepEqual(
      found.map((p) => [p.field, p.code, p.severity]),
      [
        ['narrative', 'NUL_CHARACTER', 'reject'],
        ['person.last_name', 'NUL_CHARACTER', 'reject'],
        ['substances[1]', 'NUL_CHARACTER', 'reject'],
        ['bad\\0key', 'NUL_CHARACTER', 'reject'],
      ],
    );
    assert.match(found[0]?.message ?? '', /at character 3/);
    assert.deepEqual(nulCharacterProblems({ narrative: 'clean', n: 0 }), []);
  });

  it('names a field sent under an empty key as "", not as nothing (found by the fuzz suite)', () => {
    assert.deepEqual(
      nulCharacterProblems({ '': 'a\u0000b', person: { '': '\u0000' } }).map((p) => p.field),
      ['""', 'person.""'],
    );
  });
});
