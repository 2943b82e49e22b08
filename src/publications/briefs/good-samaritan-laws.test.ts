import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { goodSamaritanLaws, goodSamaritanLawsFor, statesWithoutEntry } from './good-samaritan-laws.js';

describe('Good Samaritan law data', () => {
  it('holds one entry per state, each with statutes, protections, limits and a real review day', () => {
    const states = goodSamaritanLaws.map((law) => law.state);
    assert.equal(new Set(states).size, states.length, 'one entry per state');
    assert.ok(states.includes('CT'), "the demo's state");
    for (const law of goodSamaritanLaws) {
      assert.match(law.state, /^[A-Z]{2}$/);
      assert.ok(law.citations.length > 0 && law.protects.length > 0 && law.limits.length > 0, law.state);
      assert.match(law.lastReviewed, /^\d{4}-\d{2}-\d{2}$/);
      assert.equal(new Date(`${law.lastReviewed}T00:00:00Z`).toISOString().slice(0, 10), law.lastReviewed);
    }
  });

  it("finds a jurisdiction's states in any case and names those without an entry", () => {
    assert.deepEqual(
      goodSamaritanLawsFor(['ny', 'CT', 'ZZ']).map((law) => law.state),
      ['CT', 'NY'],
    );
    assert.deepEqual(statesWithoutEntry(['ct', 'WY', 'AK', 'wy']), ['AK', 'WY']);
    assert.deepEqual(goodSamaritanLawsFor([]), []);
  });
});
