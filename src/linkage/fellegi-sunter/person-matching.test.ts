import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { blockPairs, keyOf } from './blocking.js';
import { compareCode, compareDate, compareName, compareText } from './comparison-levels.js';
import { MISSING } from './comparison-matrix.js';
import { febrlPreset } from './febrl-preset.js';
import { genericPreset } from './generic-preset.js';
import { matchPersons } from './match-persons.js';
import { pairwiseQuality } from './pairwise-quality.js';
import type { BlockingPass, PersonRecord } from './person-preset.js';
import { personRowReader } from './person-row-reader.js';

/** Pairwise quality the slow way: every pair of records listed and checked. */
function qualityByPairs(clusters: readonly number[], truth: readonly (string | null)[]) {
  let predicted = 0;
  let trueOnes = 0;
  let hits = 0;
  for (let a = 0; a < clusters.length; a++) {
    for (let b = a + 1; b < clusters.length; b++) {
      const together = clusters[a] === clusters[b];
      const same = truth[a] !== null && truth[a] === truth[b];
      if (together) predicted++;
      if (same) trueOnes++;
      if (together && same) hits++;
    }
  }
  return { precision: hits / predicted, recall: hits / trueOnes };
}

describe('pairwiseQuality', () => {
  it('counts pairs from cluster and entity sizes as listing every pair does', () => {
    const clusters = [0, 0, 0, 1, 1, 2, 3, 3, 3, 3];
    const truth = ['a', 'a', 'b', 'b', 'b', 'c', 'c', 'c', 'd', null];
    const quality = pairwiseQuality(Int32Array.from(clusters), truth);
    const reference = qualityByPairs(clusters, truth);
    assert.equal(quality.precision, reference.precision);
    assert.equal(quality.recall, reference.recall);
    // By hand: predicted 3 + 1 + 6 = 10 pairs; true a:1, b:3, c:3 = 7; right ones a-a, b-b (cluster 1), c-c (cluster 3) = 3.
    assert.deepEqual([quality.predictedPairs, quality.truePairs, quality.truePositives], [10, 7, 3]);
    assert.equal(quality.f1, (2 * 0.3 * (3 / 7)) / (0.3 + 3 / 7));
  });
});

describe('blockPairs', () => {
  const records = [
    ['smith', 'x'],
    ['smyth', 'x'],
    ['smith', 'y'],
    ['', 'y'],
    ['jones', 'x'],
  ];
  const bySurname: BlockingPass = { name: 'surname', key: (v) => v[0] as string };
  const bySecond: BlockingPass = { name: 'second', key: (v) => v[1] as string };

  it('gives each pair sharing a key in any pass once, ordered, and no pair for an empty key', () => {
    const pairs = blockPairs(records, [bySurname, bySecond], 10);
    const listed = Array.from(pairs.first, (a, i) => [a, pairs.second[i]]);
    // surname: (0,2); second x: (0,1) (0,4) (1,4); second y: (2,3).
    assert.deepEqual(listed, [
      [0, 1],
      [0, 2],
      [0, 4],
      [1, 4],
      [2, 3],
    ]);
    assert.equal(pairs.count, 5);
  });

  it('skips a block larger than the limit and counts it', () => {
    const pairs = blockPairs(records, [bySurname, bySecond], 2);
    const listed = Array.from(pairs.first, (a, i) => [a, pairs.second[i]]);
    assert.deepEqual(listed, [
      [0, 2],
      [2, 3],
    ]);
    assert.equal(pairs.skippedBlocks, 1);
  });

  it('makes no key when a part is empty', () => {
    assert.equal(keyOf('s530', ''), '');
    assert.equal(keyOf('s530', '1956'), 's530|1956');
  });
});

describe('comparison levels', () => {
  it('grades names, dates, codes and text, MISSING for an empty side', () => {
    assert.deepEqual(
      [
        compareName('martha', 'martha'),
        compareName('martha', 'marhta'),
        compareName('dwayne', 'duane'),
        compareName('ann', 'zoe'),
      ],
      [3, 2, 1, 0],
    );
    assert.deepEqual(
      [
        compareDate('19560409', '19560409'),
        compareDate('19560409', '19560490'),
        compareDate('19560409', '19560904'),
        compareDate('19560409', '19561231'),
        compareDate('19560409', '19701231'),
      ],
      [3, 2, 2, 1, 0],
    );
    assert.deepEqual(
      [compareCode('2119', '2119'), compareCode('2119', '2191'), compareCode('2119', '3000')],
      [2, 1, 0],
    );
    assert.deepEqual(
      [compareText('st james', 'st james'), compareText('st james', 'st jmaes'), compareText('a', 'b')],
      [2, 1, 0],
    );
    assert.equal(compareName('', 'smith'), MISSING);
    assert.equal(compareDate('19560409', ''), MISSING);
  });

  it('counts names written the other way round (FEBRL and Splink swap them) as exact', () => {
    const [given, surname] = febrlPreset.comparisons;
    const a = ['mitchell', 'green', '', '', '', '', '', '', '', ''];
    const b = ['green', 'mitchell', '', '', '', '', '', '', '', ''];
    assert.equal(given?.compare(a, b), 3);
    assert.equal(surname?.compare(a, b), 3);
    const c = ['green', 'mitchel', '', '', '', '', '', '', '', ''];
    assert.equal(given?.compare(a, c), 0);
  });
});

describe('personRowReader', () => {
  it("reads FEBRL's padded values and its truth from rec-N-dup-K", () => {
    const header = ['rec_id', ...febrlPreset.fields.map((field) => field.name)];
    const reader = personRowReader(febrlPreset, header);
    const row = reader.read({
      rec_id: 'rec-552-dup-3',
      given_name: ' harley',
      surname: '  McCarthy',
      date_of_birth: ' 19080419',
      postcode: ' 3165',
    });
    assert.ok('record' in row);
    assert.equal(row.record.truth, '552');
    assert.deepEqual(row.record.values.slice(0, 2), ['harley', 'mccarthy']);
    assert.equal(row.record.values[8], '19080419');
    assert.equal(row.record.values[3], '');
    assert.equal(reader.hasTruth, true);
  });

  it('reads the generic columns under their other names, and dates as digits', () => {
    const reader = personRowReader(genericPreset, ['unique_id', 'first_name', 'surname', 'dob', 'cluster']);
    const row = reader.read({
      unique_id: '7',
      first_name: 'Evie',
      surname: 'Dean',
      dob: '2015-03-03',
      cluster: '3',
    });
    assert.ok('record' in row);
    assert.deepEqual(row.record, { id: '7', truth: '3', values: ['evie', 'dean', '20150303', '', '', ''] });
    assert.deepEqual(reader.columns, ['first_name', 'surname', 'dob', null, null, null]);
  });

  it('names the column of a row without an id, and refuses a header without one', () => {
    const reader = personRowReader(genericPreset, ['record_id', 'first_name']);
    assert.deepEqual(reader.read({ record_id: ' ', first_name: 'x' }), {
      problem: { field: 'record_id', message: 'the record id is empty' },
    });
    assert.equal(reader.hasTruth, false);
    assert.throws(() => personRowReader(genericPreset, ['name']), /record_id, unique_id, id/);
  });
});

describe('matchPersons', () => {
  it('links the planted duplicates of a small generated file and nothing else', () => {
    const people = [
      ['anna', 'kowalski', '19800101', 'hartford', 'anna.k@mail.org', '06101'],
      ['boris', 'novak', '19751212', 'hartford', 'bnovak@mail.org', '06102'],
      ['chloe', 'martin', '19900505', 'new haven', 'chloe@mail.org', '06510'],
      ['david', 'smith', '19651120', 'stamford', 'dsmith@mail.org', '06901'],
      ['emma', 'jones', '20000229', 'bristol', 'emma.j@mail.org', '06010'],
    ];
    const records: PersonRecord[] = [];
    // Thirty people of five names each in six towns, and a copy of each with one slip.
    for (let copy = 0; copy < 30; copy++) {
      const person = people[copy % 5] as string[];
      const values = [...person];
      values[2] = `19${50 + copy}0${1 + (copy % 9)}1${copy % 10}`;
      values[4] = `${copy}.${person[4]}`;
      values[5] = `0${6100 + copy * 7}`;
      records.push({ id: `p${copy}`, truth: String(copy), values });
      const slipped = [...values];
      slipped[copy % 2 === 0 ? 0 : 1] = `${(values[copy % 2] as string).slice(0, -1)}x`;
      records.push({ id: `p${copy}-dup`, truth: String(copy), values: slipped });
    }
    const match = matchPersons(records, genericPreset, { randomPairs: 5000 });
    const quality = pairwiseQuality(
      match.clusters,
      records.map((record) => record.truth),
    );
    assert.equal(quality.precision, 1);
    assert.equal(quality.recall, 1);
    assert.equal(match.model.converged, true);
  });
});
