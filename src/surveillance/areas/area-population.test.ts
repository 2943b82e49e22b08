import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type ErrorCode, SosError } from '../../platform/errors.js';
import { normalizeAreaKey, parsePopulationCsv } from './area-population.js';
import { parseLayerGeoJson } from './layer-geojson.js';
import { readSharedData } from './test-data.js';

const options = { idColumn: 'town', populationColumn: 'pop2010', fileName: 'pop.csv' };

/** Asserts a SosError with the code, whose message contains every fragment. */
function assertFails(text: string, code: ErrorCode, ...fragments: string[]): void {
  assert.throws(
    () => parsePopulationCsv(text, options),
    (error: unknown) => {
      assert.ok(error instanceof SosError);
      assert.equal(error.code, code);
      for (const fragment of ['pop.csv', ...fragments]) {
        assert.ok(error.message.includes(fragment), `"${error.message}" lacks "${fragment}"`);
      }
      return true;
    },
  );
}

describe('normalizeAreaKey', () => {
  it('trims, case-folds and collapses inner whitespace', () => {
    assert.equal(normalizeAreaKey('  New   Haven\t'), 'new haven');
    assert.equal(normalizeAreaKey('ANDOVER'), normalizeAreaKey('Andover'));
    assert.notEqual(normalizeAreaKey('East Hartford'), normalizeAreaKey('Hartford'));
  });
});

describe('parsePopulationCsv with the real Connecticut file', () => {
  const populations = parsePopulationCsv(readSharedData('geo', 'ct_towns_population_2010.csv'), {
    ...options,
    fileName: 'ct_towns_population_2010.csv',
  });

  it('reads 169 towns with their 2010 populations', () => {
    assert.equal(populations.size, 169);
    assert.equal(populations.get('hartford'), 124775);
    assert.equal(populations.get(normalizeAreaKey('Andover')), 3303);
  });

  it('gives every town of the GeoJSON layer a population', () => {
    const towns = parseLayerGeoJson(readSharedData('geo', 'ct_towns.geojson'), 'name', 'ct_towns.geojson');
    const without = towns.filter((town) => !populations.has(normalizeAreaKey(town.name)));
    assert.deepEqual(
      without.map((town) => town.name),
      [],
    );
    const total = towns.reduce((sum, town) => sum + (populations.get(normalizeAreaKey(town.name)) ?? 0), 0);
    assert.equal(total, 3574097); // Connecticut, census 2010
  });
});

describe('parsePopulationCsv on small files', () => {
  it('accepts a BOM, quoted thousands separators, extra columns and padded names', () => {
    const text = '\uFEFFtown,pop2010,note\n" New  Haven ","129,779",x\nAndover,3303,\n';
    assert.deepEqual(
      [...parsePopulationCsv(text, options)],
      [
        ['new haven', 129779],
        ['andover', 3303],
      ],
    );
  });

  it('names the file and the missing column', () => {
    assertFails('name,pop2010\nAndover,3303\n', 'CSV_MISSING_COLUMNS', '"town"');
    assertFails('town,population\nAndover,3303\n', 'CSV_MISSING_COLUMNS', '"pop2010"');
  });

  it('names the file, line and column of a population that is not a number', () => {
    assertFails(
      'town,pop2010\nAndover,3303\nAnsonia,n/a\n',
      'CSV_INVALID_VALUE',
      'line 3',
      '"pop2010"',
      '"n/a"',
    );
    assertFails('town,pop2010\nAndover,\n', 'CSV_INVALID_VALUE', 'line 2', '"pop2010"');
    assertFails('town,pop2010\nAndover,-5\n', 'CSV_INVALID_VALUE', 'line 2', '"-5"');
  });

  it('rejects an empty area name and the same area twice', () => {
    assertFails('town,pop2010\n ,3303\n', 'CSV_INVALID_VALUE', 'line 2', '"town"');
    assertFails('town,pop2010\nAndover,3303\nANDOVER,3303\n', 'CSV_INVALID_VALUE', 'line 3', 'line 2');
  });

  it('rejects an empty file and a malformed one', () => {
    assertFails('  \n', 'FILE_EMPTY');
    assertFails('town,pop2010\nAndover,3303,extra\n', 'CSV_MALFORMED');
  });
});
