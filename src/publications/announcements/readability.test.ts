import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { measureReadability, sentencesOf, wordsOf } from './readability.js';
import { englishSyllables, spanishSyllables } from './syllables.js';

// The expected scores below were worked out by hand from the formulas' published definitions,
// counting words, sentences and syllables on paper.

describe('syllables', () => {
  it('counts English words by their spoken syllables', () => {
    const hand: [string, number][] = [
      ['cat', 1],
      ['naloxone', 3],
      ['lives', 1],
      ['places', 2],
      ['called', 1],
      ['needed', 2],
      ['overdoses', 4],
      ['people', 2],
      ['every', 3],
      ['young', 1],
      ['988', 3],
    ];
    for (const [word, syllables] of hand) assert.equal(englishSyllables(word), syllables, word);
  });

  it('counts Spanish words by diphthong and hiatus', () => {
    const hand: [string, number][] = [
      ['día', 2],
      ['puede', 2],
      ['ciudad', 2],
      ['leer', 2],
      ['muy', 1],
      ['oír', 2],
      ['guerra', 2],
      ['naloxona', 4],
      ['sobredosis', 4],
      ['y', 1],
    ];
    for (const [word, syllables] of hand) assert.equal(spanishSyllables(word), syllables, word);
  });
});

describe('readability formulas', () => {
  it('splits words and sentences as the formulas count them', () => {
    assert.deepEqual(wordsOf("Don't wait: call 911."), ["Don't", 'wait', 'call', '911']);
    assert.equal(sentencesOf('One. Two! Three?\nFour').length, 4);
  });

  it('gives the Flesch-Kincaid grade of hand-computed English texts', () => {
    // 6 words, 6 syllables, 1 sentence: 0.39·6 + 11.8·1 − 15.59 = −1.45.
    const cat = measureReadability('The cat sat on the mat.', 'flesch_kincaid_grade');
    assert.deepEqual([cat.words, cat.syllables, cat.sentences], [6, 6, 1]);
    assert.ok(Math.abs(cat.score - -1.45) < 1e-9);
    // 7 words, 12 syllables (3+1+1+2+1+3+1), 2 sentences: 0.39·3.5 + 11.8·12/7 − 15.59 = 6.0036.
    const help = measureReadability('Naloxone saves lives. Carry it every day.', 'flesch_kincaid_grade');
    assert.deepEqual([help.words, help.syllables, help.sentences], [7, 12, 2]);
    assert.ok(Math.abs(help.score - 6.003571) < 1e-5, String(help.score));
  });

  it('gives the Fernández-Huerta ease of hand-computed Spanish texts', () => {
    // 6 words, 12 syllables (1+4+2+2+1+2), 2 sentences: 206.84 − 0.60·200 − 1.02·3 = 83.78.
    const text = measureReadability('La naloxona salva vidas. Es gratis.', 'fernandez_huerta');
    assert.deepEqual([text.words, text.syllables, text.sentences], [6, 12, 2]);
    assert.ok(Math.abs(text.score - 83.78) < 1e-9, String(text.score));
    // Longer sentences read harder (the corrected formula: words per sentence, not sentences).
    const long = measureReadability('La naloxona salva vidas, es gratis.', 'fernandez_huerta');
    assert.ok(long.score < text.score);
  });
});
