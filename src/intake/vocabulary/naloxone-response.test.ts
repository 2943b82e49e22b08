import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type NaloxoneResponse, naloxoneResponses, normalizeNaloxoneResponse } from './naloxone-response.js';

describe('normalizeNaloxoneResponse', () => {
  const cases: [string | null, NaloxoneResponse | null, boolean][] = [
    ['Improved', 'responded', true],
    ['improved ', 'responded', true],
    ['Responded', 'responded', true],
    ['Yes', 'responded', true],
    ['Partial', 'partial_response', true],
    ['Partial response', 'partial_response', true],
    ['Some improvement', 'partial_response', true],
    ['No change', 'no_response', true],
    ['Unchanged', 'no_response', true],
    ['Worse', 'no_response', true],
    ['None', 'no_response', true],
    ['No', 'no_response', true],
    ['N/A', 'not_applicable', true],
    ['Not given', 'not_applicable', true],
    ['Unknown', 'unknown', true],
    ['', null, true],
    [null, null, true],
    ['Sang a song', 'unknown', false],
  ];
  for (const [input, value, known] of cases) {
    it(`${JSON.stringify(input)} -> ${value} (known: ${known})`, () => {
      const result = normalizeNaloxoneResponse(input);
      assert.equal(result.value, value);
      assert.equal(result.known, known);
      assert.equal(result.raw, input?.trim() || null);
    });
  }

  it('accepts every code under its own name', () => {
    for (const code of naloxoneResponses) assert.equal(normalizeNaloxoneResponse(code).value, code);
  });
});
