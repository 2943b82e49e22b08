import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { csvCell, csvLine } from './csv-escape.js';

describe('csvCell', () => {
  it('leaves plain values alone', () => {
    assert.equal(csvCell('Hartford'), 'Hartford');
    assert.equal(csvCell(42), '42');
    assert.equal(csvCell(''), '');
    assert.equal(csvCell(null), '');
    assert.equal(csvCell(undefined), '');
  });

  it('quotes commas, newlines and carriage returns, and doubles quotes', () => {
    assert.equal(csvCell('HARTFORD, CT'), '"HARTFORD, CT"');
    assert.equal(csvCell('line 1\nline 2'), '"line 1\nline 2"');
    assert.equal(csvCell('a\rb'), '"a\rb"');
    assert.equal(csvCell('say "no"'), '"say ""no"""');
  });

  it('quotes leading and trailing spaces so they survive readers that trim', () => {
    assert.equal(csvCell(' x'), '" x"');
    assert.equal(csvCell('x '), '"x "');
  });
});

describe('csvLine', () => {
  it('joins cells with commas and ends with CRLF', () => {
    assert.equal(csvLine(['a', 'b,c', 1]), 'a,"b,c",1\r\n');
  });
});
