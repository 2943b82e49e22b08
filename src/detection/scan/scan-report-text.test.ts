import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatRecurrenceInterval } from './scan-report-text.js';

describe('formatRecurrenceInterval', () => {
  it('counts days under a year and years beyond', () => {
    assert.equal(formatRecurrenceInterval(1), '1 day');
    assert.equal(formatRecurrenceInterval(5.38), '5 days');
    assert.equal(formatRecurrenceInterval(1000), '2.7 years');
    assert.equal(formatRecurrenceInterval(365.25 * 27.4), '27 years');
  });
});
