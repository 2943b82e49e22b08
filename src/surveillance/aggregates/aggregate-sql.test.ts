import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { splitRange } from './aggregate-service.js';
import { wholeMonths } from './aggregate-sql.js';

describe('wholeMonths', () => {
  it('finds the whole calendar months inside a range', () => {
    assert.deepEqual(wholeMonths('2023-12-31', '2024-12-31'), { first: '2024-01-01', last: '2024-12-01' });
    assert.deepEqual(wholeMonths('2024-01-01', '2024-02-29'), { first: '2024-01-01', last: '2024-02-01' });
    assert.deepEqual(wholeMonths('2024-01-15', '2024-03-30'), { first: '2024-02-01', last: '2024-02-01' });
    assert.deepEqual(wholeMonths('2023-02-01', '2023-02-28'), { first: '2023-02-01', last: '2023-02-01' });
  });

  it('finds none in a range shorter than a month or straddling two', () => {
    assert.equal(wholeMonths('2024-01-02', '2024-01-31'), null);
    assert.equal(wholeMonths('2024-01-15', '2024-02-14'), null);
    assert.equal(wholeMonths('2024-02-01', '2024-02-28'), null, '2024 is a leap year');
  });
});

describe('splitRange', () => {
  it('counts the days before the last month apart from that month', () => {
    assert.deepEqual(splitRange('2023-12-31', '2024-12-31'), [
      { from: '2023-12-31', to: '2024-11-30' },
      { from: '2024-12-01', to: '2024-12-31' },
    ]);
    assert.deepEqual(splitRange('2024-02-10', '2024-03-01'), [
      { from: '2024-02-10', to: '2024-02-29' },
      { from: '2024-03-01', to: '2024-03-01' },
    ]);
  });

  it('keeps a range within one month whole', () => {
    assert.deepEqual(splitRange('2024-03-01', '2024-03-31'), [{ from: '2024-03-01', to: '2024-03-31' }]);
    assert.deepEqual(splitRange('2024-03-05', '2024-03-05'), [{ from: '2024-03-05', to: '2024-03-05' }]);
  });
});
