import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { jaro, jaroWinkler, oneEditApart, soundex } from './string-similarity.js';

describe('Jaro-Winkler', () => {
  // The pairs of Winkler (1990) and their published similarities, to three decimals.
  const published: [string, string, number, number][] = [
    ['martha', 'marhta', 0.944, 0.961],
    ['dwayne', 'duane', 0.822, 0.84],
    ['dixon', 'dicksonx', 0.767, 0.813],
  ];
  for (const [a, b, expectedJaro, expectedWinkler] of published) {
    it(`${a} / ${b}`, () => {
      assert.equal(Number(jaro(a, b).toFixed(3)), expectedJaro);
      assert.equal(Number(jaroWinkler(a, b).toFixed(3)), expectedWinkler);
      assert.equal(jaroWinkler(b, a), jaroWinkler(a, b));
    });
  }

  it('is 1 for equal strings and 0 for nothing in common or an empty side', () => {
    assert.equal(jaroWinkler('smith', 'smith'), 1);
    assert.equal(jaroWinkler('abc', 'xyz'), 0);
    assert.equal(jaroWinkler('', 'smith'), 0);
    assert.equal(jaroWinkler('', ''), 0);
  });

  it('compares strings longer than its scratch space', () => {
    const long = 'a'.repeat(100);
    assert.equal(jaroWinkler(long, `${long}b`) > 0.99, true);
  });
});

describe('oneEditApart', () => {
  it('accepts one substitution, insertion, deletion or neighbour swap', () => {
    assert.ok(oneEditApart('19560409', '19560408'));
    assert.ok(oneEditApart('19560409', '19650409'));
    assert.ok(oneEditApart('2119', '219'));
    assert.ok(oneEditApart('219', '2119'));
  });

  it('refuses equal strings and two slips', () => {
    assert.equal(oneEditApart('2119', '2119'), false);
    assert.equal(oneEditApart('19560409', '19561408X'), false);
    assert.equal(oneEditApart('1234', '2143'), false);
    assert.equal(oneEditApart('abc', 'cba'), false);
  });
});

describe('soundex', () => {
  // The codes of the US National Archives' description of Soundex.
  const codes: [string, string][] = [
    ['Robert', 'R163'],
    ['Rupert', 'R163'],
    ['Rubin', 'R150'],
    ['Ashcraft', 'A261'],
    ['Ashcroft', 'A261'],
    ['Tymczak', 'T522'],
    ['Pfister', 'P236'],
    ['Honeyman', 'H555'],
    ['Lee', 'L000'],
  ];
  for (const [name, code] of codes) it(`${name} is ${code}`, () => assert.equal(soundex(name), code));

  it('ignores what is not a letter, and gives nothing for no letter', () => {
    assert.equal(soundex("o'brien"), 'O165');
    assert.equal(soundex(' 123 '), '');
  });
});
