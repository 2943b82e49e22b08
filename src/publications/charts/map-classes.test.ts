import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classOf, mapClasses } from './map-classes.js';

describe('mapClasses', () => {
  it('splits shown values into five quantile classes', () => {
    assert.deepEqual(mapClasses([10, 9, 8, 7, 6, 5, 4, 3, 2, 1]), [
      { low: 1, high: 2 },
      { low: 3, high: 4 },
      { low: 5, high: 6 },
      { low: 7, high: 8 },
      { low: 9, high: 10 },
    ]);
  });

  it('leaves zero out and never splits a value across two classes', () => {
    assert.deepEqual(mapClasses([0, 0, 4, 4, 4, 4, 9]), [
      { low: 4, high: 4 },
      { low: 9, high: 9 },
    ]);
  });

  it('makes fewer classes than five from fewer values', () => {
    assert.deepEqual(mapClasses([3, 12]), [
      { low: 3, high: 3 },
      { low: 12, high: 12 },
    ]);
    assert.deepEqual(mapClasses([]), []);
    assert.deepEqual(mapClasses([0]), []);
  });

  it('puts a value in the first class whose top reaches it', () => {
    const classes = mapClasses([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    assert.equal(classOf(1, classes), 0);
    assert.equal(classOf(2.5, classes), 1);
    assert.equal(classOf(10, classes), 4);
    assert.equal(classOf(0, classes), -1);
  });
});
