import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ageGroupOf } from './training-brief-counts.js';

describe('training brief age groups', () => {
  it('places 5-year bands in their group, top-coded bands past 65 in 65 and over, and the rest in unknown', () => {
    assert.equal(ageGroupOf('20-24'), 'under_25');
    assert.equal(ageGroupOf('25-29'), '25-34');
    assert.equal(ageGroupOf('30-34'), '25-34');
    assert.equal(ageGroupOf('50-54'), '45-54');
    assert.equal(ageGroupOf('60-64'), '55-64');
    assert.equal(ageGroupOf('65-69'), '65_and_over');
    assert.equal(ageGroupOf('100+'), '65_and_over');
    assert.equal(ageGroupOf('85+'), '65_and_over');
    assert.equal(ageGroupOf('50+'), 'unknown', 'straddles three groups');
    assert.equal(ageGroupOf(null), 'unknown');
    assert.equal(ageGroupOf('unknown'), 'unknown');
  });
});
