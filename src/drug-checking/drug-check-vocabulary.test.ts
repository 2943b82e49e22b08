import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalizeSubstance, substanceKey, substanceVocabulary } from './drug-check-vocabulary.js';
import { collectionWeek, weekStartOf } from './drug-check-week.js';

describe('the drug-checking vocabulary', () => {
  it('normalizes names, synonyms, spacing and case to one code', () => {
    const cases: [string, string][] = [
      ['Fentanyl', 'fentanyl'],
      ['  FENTANYL HCl ', 'fentanyl'],
      ['Para-Fluorofentanyl', 'fentanyl_analogue'],
      ['p-fluorofentanyl', 'fentanyl_analogue'],
      ['tranq', 'xylazine'],
      ['Isotonitazene', 'nitazene'],
      ['N-pyrrolidino etonitazene', 'nitazene'],
      ['dexmedetomidine', 'medetomidine'],
      ['crack', 'cocaine'],
      ['Crystal meth', 'methamphetamine'],
      ['bromazolam', 'bromazolam'],
      ['Etizolam', 'benzodiazepine'],
      ['fentanyl_analogue', 'fentanyl_analogue'],
    ];
    for (const [name, code] of cases) assert.deepEqual(normalizeSubstance(name), { code }, name);
  });

  it('understands listed misspellings and one slip in a long name, but not in a short one', () => {
    assert.deepEqual(normalizeSubstance('xylazene'), { code: 'xylazine' });
    assert.deepEqual(normalizeSubstance('medetomadine'), { code: 'medetomidine' });
    // Not listed: one letter swapped, dropped or doubled in names of seven letters or more.
    assert.deepEqual(normalizeSubstance('medteomidine'), { code: 'medetomidine' });
    assert.deepEqual(normalizeSubstance('metonitazne'), { code: 'nitazene' });
    assert.deepEqual(normalizeSubstance('bromazollam'), { code: 'bromazolam' });
    assert.deepEqual(normalizeSubstance('ketamime'), { code: 'ketamine' });
    // Two slips, or a slip in a word under seven letters, is something else: kept as written.
    assert.deepEqual(normalizeSubstance('mdetomdine'), { unknown: 'mdetomdine' });
    assert.deepEqual(normalizeSubstance('cocane'), { unknown: 'cocane' });
    assert.deepEqual(normalizeSubstance('heroim'), { unknown: 'heroim' });
  });

  it('keeps an unknown name as written (trimmed), for the vocabulary to learn', () => {
    assert.deepEqual(normalizeSubstance('  2-Methyl-AP-237 '), { unknown: '2-Methyl-AP-237' });
  });

  it('gives each name one code: no name is listed under two substances', () => {
    const seen = new Map<string, string>();
    for (const entry of substanceVocabulary) {
      for (const name of entry.names) {
        const key = substanceKey(name);
        assert.equal(
          seen.get(key) ?? entry.code,
          entry.code,
          `${name} under ${seen.get(key)} and ${entry.code}`,
        );
        seen.set(key, entry.code);
      }
    }
  });
});

describe('area x week coarsening of a collection date', () => {
  it("keeps only the Sunday of the day's MMWR week", () => {
    // 2026-11-01 is a Sunday.
    for (const [day, sunday] of [
      ['2026-11-01', '2026-11-01'],
      ['2026-11-04', '2026-11-01'],
      ['2026-11-07', '2026-11-01'],
      ['2026-11-08', '2026-11-08'],
      ['2027-01-01', '2026-12-27'],
    ]) {
      assert.equal(weekStartOf(day as string), sunday, day);
    }
  });

  it("reads an instant in the jurisdiction's time zone before coarsening it", () => {
    // Sunday 01:30 UTC is still Saturday evening in New York: the week before.
    assert.deepEqual(collectionWeek('2026-11-08T01:30:00Z', 'America/New_York'), {
      day: '2026-11-07',
      weekStart: '2026-11-01',
    });
    assert.deepEqual(collectionWeek('2026-11-08T01:30:00Z', 'UTC'), {
      day: '2026-11-08',
      weekStart: '2026-11-08',
    });
  });

  it('refuses what is not a day or an instant with its offset', () => {
    for (const bad of ['2026-02-30', '11/04/2026', '2026-11-04T10:00', 'yesterday', '']) {
      assert.equal(collectionWeek(bad, 'UTC'), null, bad);
    }
  });
});
