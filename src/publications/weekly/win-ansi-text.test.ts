import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { winAnsiText } from './win-ansi-text.js';

describe('winAnsiText', () => {
  it('keeps ASCII, Latin-1 and the Windows-1252 punctuation', () => {
    assert.equal(winAnsiText('Montréal – “Ñuñoa” — 5€ …'), 'Montréal – “Ñuñoa” — 5€ …');
  });

  it('swaps what the standard fonts lack for a look-alike or "?"', () => {
    assert.equal(winAnsiText('k − 1 ≥ 9'), 'k - 1 >= 9');
    assert.equal(winAnsiText('東京\tA'), '?? A');
  });
});
